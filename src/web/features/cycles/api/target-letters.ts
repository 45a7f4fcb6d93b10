import { api } from '../../../shared/api-client.js';
import type {
  CreatedTargetLetters,
  CreateTargetLettersInput,
  TargetLetter,
  TargetLetterItem,
  TargetLetterList,
} from '../../../../contract/target-letters.js';

export function listTargetLetters(cycleId: number, signal?: AbortSignal): Promise<TargetLetterList> {
  return api.get<TargetLetterList>('/target-letters', { query: { cycleId }, signal });
}

export function createTargetLetters(input: CreateTargetLettersInput): Promise<CreatedTargetLetters> {
  return api.post<CreatedTargetLetters>('/target-letters', input);
}

export function getTargetLetter(id: number, signal?: AbortSignal): Promise<TargetLetter> {
  return api.get<TargetLetter>(`/target-letters/${id}`, { signal });
}

export function saveTargetLetterItems(id: number, items: TargetLetterItem[]): Promise<TargetLetter> {
  return api.put<TargetLetter>(`/target-letters/${id}/items`, { items });
}

export function issueTargetLetter(id: number): Promise<TargetLetter> {
  return api.post<TargetLetter>(`/target-letters/${id}/issue`);
}

export function acknowledgeTargetLetter(id: number): Promise<TargetLetter> {
  return api.post<TargetLetter>(`/target-letters/${id}/acknowledge`);
}
