import { api } from '../../../shared/api-client.js';
import type { Roster, RosterParams } from '../../../../contract/members.js';

export function getRoster(params: RosterParams, signal?: AbortSignal): Promise<Roster> {
  return api.get<Roster>('/members/roster', { query: { ...params }, signal });
}
