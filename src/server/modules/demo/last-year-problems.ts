// The demo county's problem list from last year's review: filed from the closed cycle's candidates
// (leaders' critiques and ballot items over the threshold) and worked through the year, as an
// organizer and the towns' secretaries would, through the services — every step checked, recorded
// in the item's history and audited. Each step is replayed on its own day (the rectification
// service reads a replay clock), so histories, closing days and overdue items read as a real year.
import { sql } from 'drizzle-orm';
import { addDays } from '../../../domain/dates.js';
import { demoAppraisalPoorShare, demoProblemYears } from '../../../db/demo/rectification-year.js';
import type { Db } from '../../../db/client.js';
import { idArray, queryRows } from '../../../db/query-rows.js';
import { scopeOf } from '../../../domain/access.js';
import { candidateFiling } from '../../../domain/rectification/sources.js';
import { manualClock, type Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { FileService } from '../files/service.js';
import type { ProblemCandidateService } from '../rectification/candidates.js';
import { createRectificationService } from '../rectification/service.js';
import type { UserService } from '../users/service.js';

export interface LastYearProblemServices {
  db: Db;
  clock: Clock;
  files: Pick<FileService, 'attach' | 'attachedTo'>;
  candidates: ProblemCandidateService;
  users: UserService;
}

/** Filed a week after the meeting (or today, when the year is younger than that). */
const filedOnAfter = (meetingOn: string, today: string) => {
  const day = addDays(meetingOn, 9);
  return day < today ? day : today;
};

export async function fileLastYearProblems(
  services: LastYearProblemServices,
  actor: Actor,
  { seed, cycleId, meetingOn }: { seed: number; cycleId: number; meetingOn: string },
): Promise<{ problems: number }> {
  const { db, candidates, users } = services;
  const today = services.clock.today();
  const replay = manualClock(services.clock.now());
  const rectification = createRectificationService({ db, clock: replay, files: services.files });
  const at = (day: string) => replay.set(`${day}T10:00:00`);

  await candidates.setThreshold(actor, cycleId, { appraisalPoorShare: demoAppraisalPoorShare });
  const picked = (await candidates.list(actor, cycleId, {})).items.filter(
    (c) => c.source === 'critique' || c.source === 'appraisal',
  );
  if (picked.length === 0) return { problems: 0 };
  const filedOn = filedOnAfter(meetingOn, today);
  const years = demoProblemYears(seed, picked.length, {
    filedOn,
    today,
    yearEnd: `${today.slice(0, 4)}-12-31`,
  });

  at(filedOn);
  const { ids } = await rectification.createBatch(actor, {
    cycleId,
    items: picked.map((c, n) => candidateFiling(c, years[n]!.deadline)),
  });

  const orgIds = [...new Set(picked.map((c) => c.orgId))];
  const orgRows = await queryRows<{ id: number; path: string; secretaryName: string | null }>(
    db,
    sql`select id, path::text as path, secretary_name as "secretaryName" from orgs where id = any(${idArray(orgIds)})`,
  );
  const orgOf = new Map(orgRows.map((o) => [o.id, o]));

  // Each org's secretary answers for its measures, starts and submits: an account of their own (an
  // org never closes its own items, and the closer is never the submitter), disabled once the
  // year is replayed — they are the demo's past, not logins, and the history keeps their names.
  const secretaries = new Map<number, Actor>();
  async function secretaryOf(orgId: number): Promise<Actor> {
    const known = secretaries.get(orgId);
    if (known) return known;
    const org = orgOf.get(orgId)!;
    const { user } = await users.create(actor, {
      username: `demo-sec-${orgId}`,
      displayName: org.secretaryName ?? `书记${orgId}`,
      role: 'secretary',
      orgId,
    });
    const as: Actor = {
      ...actor,
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: 'secretary',
      orgId,
      orgPath: org.path,
      scope: scopeOf({ role: 'secretary', orgPath: org.path }),
    };
    secretaries.set(orgId, as);
    return as;
  }

  for (const [n, id] of ids.entries()) {
    const year = years[n]!;
    const secretary = await secretaryOf(picked[n]!.orgId);
    at(filedOn);
    const measure = {
      text: year.measure,
      ownerUserId: secretary.id,
      responsibleOrgId: secretary.orgId!,
      deadline: year.deadline,
    };
    const { id: measureId } = await rectification.addMeasure(actor, id, measure);
    at(year.startOn);
    await rectification.start(secretary, id);
    if (year.submitOn === null) continue;
    at(year.submitOn);
    await rectification.submit(secretary, id, { text: year.evidence });
    if (year.rejectOn !== null) {
      at(year.rejectOn);
      await rectification.reject(actor, id, year.rejectReason!);
      at(year.restartOn!);
      await rectification.start(secretary, id);
    }
    if (year.closeOn !== null) {
      // The measure was done by the time its evidence went in: the 责任清单 shows it so.
      await rectification.updateMeasure(secretary, id, measureId, { ...measure, doneOn: year.submitOn });
      at(year.closeOn);
      await rectification.close(actor, id);
    }
  }
  for (const secretary of secretaries.values()) await users.update(actor, secretary.id, { disabled: true });
  return { problems: ids.length };
}
