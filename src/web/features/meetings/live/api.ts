import { api } from '../../../shared/api-client.js';
import type { Meeting, Tally, Turnout } from '../../../../contract/meetings.js';

/** The big screen's and presenter's reads, apart from the organizer pages' keys: read-only views. */
export const liveKeys = {
  all: (id: number) => ['meetingLive', id] as const,
  meeting: (id: number) => ['meetingLive', id, 'meeting'] as const,
  turnout: (id: number) => ['meetingLive', id, 'turnout'] as const,
  tally: (id: number) => ['meetingLive', id, 'tally'] as const,
  basics: (orgId: number) => ['meetingLive', 'basics', orgId] as const,
};

export const getMeeting = (id: number, signal?: AbortSignal) =>
  api.get<Meeting>(`/meetings/${id}`, { signal });
export const getTurnout = (id: number, signal?: AbortSignal) =>
  api.get<Turnout>(`/meetings/${id}/turnout`, { signal });
export const getTally = (id: number, signal?: AbortSignal) =>
  api.get<Tally>(`/meetings/${id}/tally`, { signal });
