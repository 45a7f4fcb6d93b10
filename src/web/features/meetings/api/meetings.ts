import { api } from '../../../shared/api-client.js';
import type { ReportingSet } from '../../../../contract/cycles.js';
import type {
  BallotCodeList,
  CreateCodesInput,
  Meeting,
  Tally,
  Turnout,
  UpdateMeetingInput,
  VotingInput,
} from '../../../../contract/meetings.js';
import type {
  PaperCorrectionInput,
  PaperCountResult,
  PaperEntryInput,
  PaperSheet,
  PaperSheetList,
} from '../../../../contract/paper-ballots.js';

export function getMeeting(id: number, signal?: AbortSignal): Promise<Meeting> {
  return api.get<Meeting>(`/meetings/${id}`, { signal });
}

export function updateMeeting(id: number, input: UpdateMeetingInput): Promise<Meeting> {
  return api.put<Meeting>(`/meetings/${id}`, input);
}

export function createCodes(id: number, input: CreateCodesInput): Promise<BallotCodeList> {
  return api.post<BallotCodeList>(`/meetings/${id}/codes`, input);
}

export function listCodes(id: number, signal?: AbortSignal): Promise<BallotCodeList> {
  return api.get<BallotCodeList>(`/meetings/${id}/codes`, { signal });
}

export function setVoting(id: number, input: VotingInput): Promise<Meeting> {
  return api.post<Meeting>(`/meetings/${id}/voting`, input);
}

export function getTurnout(id: number, signal?: AbortSignal): Promise<Turnout> {
  return api.get<Turnout>(`/meetings/${id}/turnout`, { signal });
}

export function getTally(id: number, signal?: AbortSignal): Promise<Tally> {
  return api.get<Tally>(`/meetings/${id}/tally`, { signal });
}

export function clearRehearsal(id: number): Promise<void> {
  return api.delete(`/meetings/${id}/rehearsal`);
}

export function listPaperSheets(id: number, signal?: AbortSignal): Promise<PaperSheetList> {
  return api.get<PaperSheetList>(`/meetings/${id}/paper-ballots`, { signal });
}

export function enterPaperSheet(id: number, input: PaperEntryInput): Promise<PaperSheet> {
  return api.post<PaperSheet>(`/meetings/${id}/paper-ballots`, input);
}

export function correctPaperSheet(
  id: number,
  serial: number,
  input: PaperCorrectionInput,
): Promise<PaperSheet> {
  return api.put<PaperSheet>(`/meetings/${id}/paper-ballots/${serial}`, input);
}

export function countPaperSheets(id: number): Promise<PaperCountResult> {
  return api.post<PaperCountResult>(`/meetings/${id}/paper-ballots/count`);
}

export function discardPaperSheets(id: number): Promise<void> {
  return api.delete(`/meetings/${id}/paper-ballots`);
}

/** The cycle's reporting set: the orgs a meeting's order may take back. */
export function getCycleReporters(cycleId: number, signal?: AbortSignal): Promise<ReportingSet> {
  return api.get<ReportingSet>(`/cycles/${cycleId}/reporting-set`, { signal });
}
