// What became of the problems the demo county filed after last year's review: deterministic from the
// seed, as of the clock's today. About half closed (销号), some still being worked on or awaiting
// verification, one or two sent back and reopened, and a good share past their deadline — so a new
// user finds chasing to do, a board with gaps and this year's reports stating what was rectified.
import { addDays, dayNumber } from '../../domain/dates.js';
import { rngFor } from './prng.js';

/** The share of 一般 + 差 above which a ballot item of last year's meeting becomes a problem. */
export const demoAppraisalPoorShare = 0.1;

export type DemoProblemFate = 'closed' | 'overdue' | 'inProgress' | 'submitted' | 'reopened';

/** One problem's year: its deadline, its measure and the days its steps were taken, none after today. */
export interface DemoProblemYear {
  fate: DemoProblemFate;
  deadline: string;
  measure: string;
  evidence: string;
  startOn: string;
  submitOn: string | null;
  /** A 退回 (with `rejectReason`), after which the item was started again on `restartOn`. */
  rejectOn: string | null;
  rejectReason: string | null;
  restartOn: string | null;
  closeOn: string | null;
}

const tag = 41;

const measures = [
  '制定整改方案，明确责任人和完成时限，逐项对账销号',
  '召开专题组织生活会，对照问题逐条查摆整改',
  '建立月度督办台账，每月通报整改进度',
  '开展专题培训，补齐能力短板',
  '规范台账资料，按季度组织交叉检查',
  '落实结对帮带，由班子成员包片督促',
];
const evidence = [
  '已召开专题会议研究部署，整改方案和会议记录已归档',
  '相关制度已修订印发，近三个月台账已补齐',
  '已组织专题培训两期，签到表和培训课件已上传',
  '整改情况已在党务公开栏公示，群众无异议',
];
const rejectReasons = ['整改材料不全，缺少会议记录和台账佐证', '整改措施未落实到具体责任人，请补充说明'];

/**
 * Each item's fate: items two and eight (when there are so many) sent back and reopened; of the
 * rest half closed, a quarter overdue, the others in progress or submitted by turns — dealt in a
 * shuffled order, so a short list has the same mix as a long one.
 */
function dealtFates(seed: number, count: number): DemoProblemFate[] {
  const reopened = new Set([1, 7].filter((n) => n < count));
  const rest = count - reopened.size;
  const closed = Math.round(rest * 0.5);
  const overdue = Math.round(rest * 0.25);
  const deck: DemoProblemFate[] = Array.from({ length: rest }, (_, i) =>
    i < closed ? 'closed' : i < closed + overdue ? 'overdue' : i % 2 ? 'inProgress' : 'submitted',
  );
  const rng = rngFor(seed, count, tag + 1);
  for (let i = deck.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  return Array.from({ length: count }, (_, n) => (reopened.has(n) ? 'reopened' : deck.pop()!));
}

/**
 * The year of each of `count` problems filed on `filedOn` (after last year's meeting), as of
 * `today`, deadlines spread over the year ending `yearEnd`.
 */
export function demoProblemYears(
  seed: number,
  count: number,
  { filedOn, today, yearEnd }: { filedOn: string; today: string; yearEnd: string },
): DemoProblemYear[] {
  const span = Math.max(0, dayNumber(today) - dayNumber(filedOn));
  // A step's day: `offset` days after filing, never after today.
  const on = (offset: number) => addDays(filedOn, Math.min(Math.max(0, offset), span));
  const offsetOf = (day: string) => dayNumber(day) - dayNumber(filedOn);
  const fates = dealtFates(seed, count);
  return Array.from({ length: count }, (_, n): DemoProblemYear => {
    const rng = rngFor(seed, n, tag);
    const fate = fates[n]!;
    const startOffset = rng.int(2, 20);
    // Not yet due: at least a week ahead of today, within the year where the year allows.
    const ahead = Math.max(span + 7, 30);
    const due = (from: number) => addDays(filedOn, from + rng.int(0, Math.max(0, offsetOf(yearEnd) - from)));
    const base = {
      fate,
      measure: rng.pick(measures),
      evidence: rng.pick(evidence),
      startOn: on(startOffset),
      submitOn: null,
      rejectOn: null,
      rejectReason: null,
      restartOn: null,
      closeOn: null,
    };
    switch (fate) {
      case 'closed': {
        const close = rng.int(
          Math.max(startOffset + 5, Math.floor(span * 0.2)),
          Math.max(startOffset + 5, span),
        );
        return {
          ...base,
          // Most were closed in time; now and then a few days late.
          deadline: addDays(filedOn, Math.max(30, close + rng.int(-10, 60))),
          submitOn: on(close - rng.int(1, 4)),
          closeOn: on(close),
        };
      }
      case 'overdue':
        // Due between a month after filing and yesterday: passed, not closed.
        return { ...base, deadline: addDays(filedOn, rng.int(30, Math.max(30, span - 1))) };
      case 'inProgress':
        return { ...base, deadline: due(ahead) };
      case 'submitted':
        return {
          ...base,
          deadline: due(ahead),
          submitOn: on(Math.max(startOffset, span - rng.int(0, 10))),
        };
      case 'reopened': {
        const submit = rng.int(startOffset + 10, Math.max(startOffset + 10, span - 10));
        return {
          ...base,
          deadline: due(ahead),
          submitOn: on(submit),
          rejectOn: on(submit + rng.int(1, 4)),
          rejectReason: rejectReasons[n % rejectReasons.length]!,
          restartOn: on(submit + rng.int(5, 9)),
        };
      }
    }
  });
}
