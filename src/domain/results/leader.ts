// 述职评议 by the upper leaders: each leader scores a reporter on the meeting's items (0–100 each)
// and writes a critique (点评); the reporter's leader score is the mean over leaders of each
// leader's mean over the items, so a leader who scored every item weighs as much as any other.

import { roundPoints } from '../rules/points.js';

export interface LeaderReviewInput {
  scores: Record<string, number>;
  critique: string;
}

export const leaderScoreMax = 100;

/** Why a leader's review cannot be stored: every item scored 0–100 with at most one decimal. */
export function leaderReviewProblems(
  items: readonly { key: string; label: string }[],
  review: LeaderReviewInput,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const item of items) {
    const value = review.scores[item.key];
    const field = `scores.${item.key}`;
    if (value === undefined) problems.push({ field, message: `请为“${item.label}”打分` });
    else if (!(value >= 0 && value <= leaderScoreMax))
      problems.push({ field, message: `“${item.label}”的分数应在0到${leaderScoreMax}之间` });
    else if (Math.round(value * 10) !== value * 10)
      problems.push({ field, message: `“${item.label}”的分数最多保留一位小数` });
  }
  for (const key of Object.keys(review.scores))
    if (!items.some((item) => item.key === key))
      problems.push({ field: `scores.${key}`, message: `测评项目“${key}”不在本次评议会中` });
  return problems;
}

/** One leader's score of one reporter: the mean over the items they scored. */
export function reviewScore(scores: Record<string, number>): number | null {
  const values = Object.values(scores);
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

export interface LeaderScore {
  value: number | null;
  reviewers: number;
  explanation: string;
}

/** The reporter's 述职评议 score from every leader's review; null when no leader scored. */
export function leaderScore(reviews: readonly { scores: Record<string, number> }[]): LeaderScore {
  const each = reviews.map((r) => reviewScore(r.scores)).filter((v): v is number => v !== null);
  if (!each.length) return { value: null, reviewers: 0, explanation: '无领导评分' };
  const value = roundPoints(each.reduce((sum, v) => sum + v, 0) / each.length);
  return {
    value,
    reviewers: each.length,
    explanation: `${each.length}位领导评分的平均分${value}分（每位领导取各项目平均）`,
  };
}
