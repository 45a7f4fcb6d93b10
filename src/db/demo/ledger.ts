// A year of ledger records for the demo county, with the gaps real ledgers have: most branches meet
// as the rules ask, some skip meetings and trainings, one filed no annual plan, one trains its
// members far more than the rest; the town committees keep their own ledger (专题研究党建, the
// quarterly 书记述职会 of seed 003, 民主生活会, 结对共建, 便民服务) with the same habits. Pure and
// seeded; the demo loader writes what it returns.
import { addDays, dayNumber, fromDayNumber } from '../../domain/dates.js';
import { ledgerKindDefinitions, type LedgerKind } from '../../domain/ledger.js';
import { rngFor, type Rng } from './prng.js';

export interface DemoLedgerOrg {
  id: number;
  /** A town committee keeps the town's ledger; anything else a branch's. */
  town?: boolean;
  /** Party members of the org through the year (the caller places them). */
  members: readonly { id: number; name: string }[];
}

export interface DemoLedgerRecord {
  orgId: number;
  kind: LedgerKind;
  heldOn: string;
  topic: string;
  hostMemberId: number | null;
  hostName: string | null;
  hours: number | null;
  attendance: { memberId: number; present: boolean; absenceReason: string | null }[];
}

/** How a branch keeps its ledger: the demo's scores differ because of it. */
export type LedgerHabit = 'ordinary' | 'lax' | 'noPlan' | 'trainsWell';

/** The first org trains well, the second filed no plan, every fourth of the rest is lax. */
export function ledgerHabitOf(index: number): LedgerHabit {
  if (index === 0) return 'trainsWell';
  if (index === 1) return 'noPlan';
  return index % 4 === 3 ? 'lax' : 'ordinary';
}

const tagLedger = 7;
const reasons = ['外出务工', '病假', '事假', '年老体弱', '因公出差'];
const topics: Partial<Record<LedgerKind, string[]>> = {
  congress: ['学习贯彻党的二十大精神', '讨论发展党员工作', '通报党费收缴情况', '研究村级重大事项'],
  committee: ['研究本月党建工作安排', '讨论入党积极分子培养', '研究为民办实事项目', '部署党员冬春训'],
  lesson: ['党章学习专题党课', '传承红色基因专题党课', '乡村振兴与基层党建'],
  themeDay: ['主题党日：志愿服务', '主题党日：重温入党誓词', '主题党日：环境整治'],
  partyBuildingMeeting: ['专题研究基层党建工作', '专题研究党建工作责任制落实'],
  training: ['党员冬春训', '农村实用技术培训', '党务工作者培训'],
  orgLifeMeeting: ['年度组织生活会'],
  memberAppraisal: ['年度民主评议党员'],
  annualPlan: ['年度党建工作计划'],
};

/** Each kind: how many times a year an ordinary branch records it. */
const branchPlan: [LedgerKind, number][] = [
  ['committee', 12],
  ['themeDay', 12],
  ['congress', 4],
  ['lesson', 4],
  ['partyBuildingMeeting', 4],
  ['training', 2],
  ['orgLifeMeeting', 1],
  ['memberAppraisal', 1],
];
/** What a town committee records itself: its members sit in other branches, so no attendance lists. */
const townPlan: [LedgerKind, number][] = [
  ['partyBuildingMeeting', 4],
  ['quarterlyReportMeeting', 4],
  ['democraticLifeMeeting', 1],
  ['pairingActivity', 4],
  ['serviceCase', 12],
];

/** How often a lax branch holds what an ordinary one does, and how well its members turn up. */
const keep: Record<LedgerHabit, number> = { ordinary: 0.92, lax: 0.55, noPlan: 0.85, trainsWell: 0.97 };
const turnout: Record<LedgerHabit, number> = { ordinary: 0.86, lax: 0.62, noPlan: 0.8, trainsWell: 0.93 };

function record(
  rng: Rng,
  org: DemoLedgerOrg,
  habit: LedgerHabit,
  kind: LedgerKind,
  heldOn: string,
): DemoLedgerRecord {
  const definition = ledgerKindDefinitions[kind];
  const host = org.members.length ? rng.pick(org.members) : null;
  return {
    orgId: org.id,
    kind,
    heldOn,
    topic: rng.pick(topics[kind] ?? [ledgerKindDefinitions[kind].label]),
    hostMemberId: host?.id ?? null,
    hostName: host ? null : org.town ? '镇党委书记' : '镇党委联系领导',
    hours: definition.hours ? (habit === 'trainsWell' ? 4 : rng.pick([1.5, 2, 2.5])) : null,
    attendance:
      definition.attendance && !org.town
        ? org.members.map((m) => {
            const present = rng.chance(turnout[habit]);
            return { memberId: m.id, present, absenceReason: present ? null : rng.pick(reasons) };
          })
        : [],
  };
}

/**
 * The records of `year` for each org, up to `today` (nothing in the future): every kind spread
 * evenly over the year, each occurrence kept or skipped by the org's habit; the plan filed in
 * January by all but the `noPlan` org; a branch that trains well trains every month. Towns and
 * branches take their habits by their own order (the first town is the diligent one).
 */
export function demoLedgerYear(orgs: readonly DemoLedgerOrg[], year: number, today: string, seed: number) {
  const out: DemoLedgerRecord[] = [];
  const first = dayNumber(`${year}-01-01`);
  const last = Math.min(dayNumber(`${year}-12-31`), dayNumber(today));
  const seen = { towns: 0, branches: 0 };
  for (const org of orgs) {
    const habit = ledgerHabitOf(org.town ? seen.towns++ : seen.branches++);
    const rng = rngFor(seed, org.id, tagLedger);
    const add = (kind: LedgerKind, day: number) => {
      if (day <= last) out.push(record(rng, org, habit, kind, fromDayNumber(day)));
    };
    if (habit !== 'noPlan') add('annualPlan', first + rng.int(5, 40));
    for (const [kind, times] of org.town ? townPlan : branchPlan) {
      const count = kind === 'training' && habit === 'trainsWell' ? 12 : times;
      const slot = 365 / count;
      for (let i = 0; i < count; i++)
        if (rng.chance(keep[habit])) add(kind, first + Math.floor(i * slot + rng.next() * (slot - 1)));
    }
  }
  return out.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : a.orgId - b.orgId));
}

/** The day a demo record was entered: mostly within days, now and then weeks later (补录). */
export function demoEnteredOn(record: DemoLedgerRecord, seed: number, today: string): string {
  const rng = rngFor(seed, record.orgId * 1000 + dayNumber(record.heldOn), tagLedger + 1);
  const entered = addDays(record.heldOn, rng.chance(0.1) ? rng.int(10, 40) : rng.int(0, 3));
  return entered > today ? today : entered;
}
