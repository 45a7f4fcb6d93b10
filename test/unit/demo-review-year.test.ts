import { describe, expect, it } from 'vitest';
import { demoBallotChoices, demoLeaderReview, standingOf } from '../../src/db/demo/review-year.js';

const items = [{ key: 'overall' }, { key: 'duty' }];

describe('the demo’s previous-year meeting', () => {
  it('gives the same ballots and reviews for the same seed, and others for another', () => {
    expect(demoBallotChoices(7, 3, [11, 12], items)).toEqual(demoBallotChoices(7, 3, [11, 12], items));
    expect(demoLeaderReview(7, 11, 1, items)).toEqual(demoLeaderReview(7, 11, 1, items));
    const ballots = (seed: number) =>
      JSON.stringify(Array.from({ length: 20 }, (_, n) => demoBallotChoices(seed, n, [11, 12], items)));
    expect(ballots(7)).not.toBe(ballots(8));
  });

  it('grades a reporter of higher standing better on the whole', () => {
    const reporters = Array.from({ length: 40 }, (_, i) => i + 1);
    const sorted = [...reporters].sort((a, b) => standingOf(5, a) - standingOf(5, b));
    const [low, high] = [sorted[0]!, sorted.at(-1)!];
    const points = { excellent: 4, good: 3, fair: 2, poor: 1 };
    const mean = (orgId: number) => {
      let sum = 0;
      for (let n = 0; n < 60; n++)
        sum += points[demoBallotChoices(5, n, [orgId], items)[String(orgId)]!.overall!];
      return sum / 60;
    };
    expect(mean(high)).toBeGreaterThan(mean(low));
  });

  it('scores every item within 0–100 and writes a 点评 naming a strength, a problem and a next step', () => {
    const review = demoLeaderReview(9, 21, 1, items);
    expect(Object.keys(review.scores)).toEqual(['overall', 'duty']);
    for (const score of Object.values(review.scores)) expect(score).toBeGreaterThanOrEqual(50);
    expect(review.critique).toMatch(/；但.+。.+。$/);
  });
});
