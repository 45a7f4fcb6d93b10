// The demo county's previous year, done: its annual cycle opened, the review meeting held (codes,
// formal ballots, the vote closed), the leaders' reviews entered, the results published and the
// cycle closed. Written through the services, as an organizer would, so the data obeys their rules
// (ballots anonymous, one per code, reviews only while the cycle is writable).
import { randomUUID } from 'node:crypto';
import { demoBallotChoices, demoLeaderReview, demoPanel, demoTurnout } from '../../../db/demo/review-year.js';
import type { EvaluationSettings } from '../../../contract/evaluations.js';
import type { Actor } from '../../http/actor.js';
import type { CycleService } from '../cycles/service.js';
import type { LeaderReviewService } from '../evaluations/leader-reviews.js';
import { defaultEvaluationSettings, type EvaluationService } from '../evaluations/service.js';
import type { MeetingService } from '../meetings/service.js';

const meetingComponents: EvaluationSettings['config']['components'] = [
  { key: 'leader', label: '述职评议', weight: 50, max: 100 },
  { key: 'appraisal', label: '民主测评', weight: 50, max: 100 },
];

export interface LastYearServices {
  cycles: CycleService;
  meetings: MeetingService;
  leaderReviews: LeaderReviewService;
  evaluations: EvaluationService;
  /** The routine scores the load and the new cycle left pending: part of the results published. */
  computeScores: () => Promise<unknown>;
}

export async function closeLastYear(
  services: LastYearServices,
  actor: Actor,
  { seed, countyId, year }: { seed: number; countyId: number; year: number },
): Promise<{ cycleId: number; meetingId: number; meetingOn: string }> {
  const { cycles, meetings, leaderReviews, evaluations } = services;
  const cycle = await cycles.create(actor, {
    orgId: countyId,
    kind: 'annual',
    year,
    schemes: { template: true },
  });
  await cycles.setStatus(actor, cycle.id, { status: 'open' });
  const meetingOn = `${year + 1}-01-16`;
  const meeting = await meetings.create(actor, {
    cycleId: cycle.id,
    name: `${year}年度党组织书记抓基层党建工作述职评议会`,
    heldOn: meetingOn,
    venue: '县委党校报告厅',
  });
  const reporters = meeting.reporters.map((r) => r.orgId);
  const codes: string[] = [];
  for (const { category, count } of demoPanel) {
    const batch = await meetings.createCodes(actor, meeting.id, { category, count });
    codes.push(...batch.items.slice(0, Math.round(count * demoTurnout)).map((c) => c.code));
  }
  await meetings.setVoting(actor, meeting.id, { action: 'open' });
  for (const [n, code] of codes.entries())
    await meetings.cast(code, {
      submissionId: randomUUID(),
      choices: demoBallotChoices(seed, n, reporters, meeting.items),
    });
  await meetings.setVoting(actor, meeting.id, { action: 'close' });
  for (const orgId of reporters)
    await leaderReviews.save(
      actor,
      meeting.id,
      orgId,
      demoLeaderReview(seed, orgId, actor.id, meeting.items),
    );
  await cycles.setStatus(actor, cycle.id, { status: 'reviewing' });
  await services.computeScores();
  // The demo's ledger covers this year only: last year is judged on the meeting alone.
  await evaluations.saveSettings(actor, cycle.id, {
    ...defaultEvaluationSettings,
    config: { ...defaultEvaluationSettings.config, components: meetingComponents },
  });
  await evaluations.publish(actor, cycle.id);
  await cycles.setStatus(actor, cycle.id, { status: 'closed' });
  return { cycleId: cycle.id, meetingId: meeting.id, meetingOn };
}
