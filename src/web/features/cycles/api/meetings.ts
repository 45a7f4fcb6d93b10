import { api } from '../../../shared/api-client.js';
import type {
  CreateMeetingInput,
  Meeting,
  MeetingList,
  SatisfactionCoverage,
} from '../../../../contract/meetings.js';

export function listMeetings(cycleId: number, signal?: AbortSignal): Promise<MeetingList> {
  return api.get<MeetingList>('/meetings', { query: { cycleId }, signal });
}

export function createMeeting(input: CreateMeetingInput): Promise<Meeting> {
  return api.post<Meeting>('/meetings', input);
}

export function deleteMeeting(id: number): Promise<void> {
  return api.delete(`/meetings/${id}`);
}

export function getSatisfactionCoverage(
  cycleId: number,
  signal?: AbortSignal,
): Promise<SatisfactionCoverage> {
  return api.get<SatisfactionCoverage>('/meetings/satisfaction-coverage', { query: { cycleId }, signal });
}
