import { api } from '../../../shared/api-client.js';
import type { Inbox, InboxCount, MarkReadInput, MarkReadResult } from '../../../../contract/inbox.js';

export function getInbox(signal?: AbortSignal): Promise<Inbox> {
  return api.get<Inbox>('/inbox', { signal });
}

export function getInboxCount(signal?: AbortSignal): Promise<InboxCount> {
  return api.get<InboxCount>('/inbox/count', { signal });
}

export function markRead(input: MarkReadInput): Promise<MarkReadResult> {
  return api.post<MarkReadResult>('/inbox/read', input);
}
