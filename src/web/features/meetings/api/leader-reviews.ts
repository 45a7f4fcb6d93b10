import { api } from '../../../shared/api-client.js';
import type { LeaderReview, LeaderReviewInput, LeaderReviewList } from '../../../../contract/evaluations.js';

export function listLeaderReviews(meetingId: number, signal?: AbortSignal): Promise<LeaderReviewList> {
  return api.get<LeaderReviewList>('/leader-reviews', { query: { meetingId }, signal });
}

/** Saves the signed-in leader's own review of one reporter (replacing an earlier one). */
export function saveLeaderReview(
  meetingId: number,
  orgId: number,
  input: LeaderReviewInput,
): Promise<LeaderReview> {
  return api.put<LeaderReview>(`/leader-reviews/${meetingId}/${orgId}`, input);
}
