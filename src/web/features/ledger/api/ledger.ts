import { api } from '../../../shared/api-client.js';
import type {
  CreateLedgerRecordInput,
  LedgerMembers,
  LedgerPage,
  LedgerRecordDetail,
  ListLedgerParams,
  UpdateLedgerRecordInput,
} from '../../../../contract/ledger.js';

export function listLedger(params: ListLedgerParams, signal?: AbortSignal): Promise<LedgerPage> {
  return api.get<LedgerPage>('/ledger', { query: { ...params }, signal });
}

export function getLedgerRecord(id: number, signal?: AbortSignal): Promise<LedgerRecordDetail> {
  return api.get<LedgerRecordDetail>(`/ledger/${id}`, { signal });
}

/** The party members of the org on the day: the attendee picker's choices. */
export function listLedgerMembers(orgId: number, day: string, signal?: AbortSignal): Promise<LedgerMembers> {
  return api.get<LedgerMembers>('/ledger/members', { query: { orgId, day }, signal });
}

export function createLedgerRecord(input: CreateLedgerRecordInput): Promise<LedgerRecordDetail> {
  return api.post<LedgerRecordDetail>('/ledger', input);
}

export function updateLedgerRecord(id: number, input: UpdateLedgerRecordInput): Promise<LedgerRecordDetail> {
  return api.patch<LedgerRecordDetail>(`/ledger/${id}`, input);
}

export function deleteLedgerRecord(id: number): Promise<void> {
  return api.delete(`/ledger/${id}`);
}
