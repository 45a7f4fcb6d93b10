// What the demo county's previous year recorded at its review meeting: the panel's ballots and the
// leaders' scores and 点评, deterministic from the seed. Each reporter has a standing that shifts
// their grades, so the tally and the results show a plausible spread rather than one shape.
import type { Grade } from '../../domain/results/grades.js';
import { rngFor, type Rng } from './prng.js';

/** Codes handed out per panelist category: 63 in all, turnout about nine in ten. */
export const demoPanel = [
  { category: 'superiors', count: 9 },
  { category: 'secretaries', count: 24 },
  { category: 'representatives', count: 30 },
] as const;
export const demoTurnout = 0.9;

const tags = { standing: 31, ballot: 32, review: 33 } as const;

/** Between 0.2 and 0.95: how well the reporter's year went, in the panel's and the leaders' eyes. */
export const standingOf = (seed: number, orgId: number) =>
  rngFor(seed, orgId, tags.standing).around(0.6, 0.3, 0.2, 0.95);

function gradeFor(rng: Rng, standing: number): Grade {
  const s = Math.min(0.98, Math.max(0.05, standing + (rng.next() - 0.5) * 0.2));
  return rng.weighted<Grade>([
    ['excellent', s * s],
    ['good', s * (1 - s) * 2],
    ['fair', (1 - s) * (1 - s)],
    ['poor', (1 - s) * (1 - s) * 0.15],
  ]);
}

/** Ballot `n`'s choices: every reporter, every item, each grade around the reporter's standing. */
export function demoBallotChoices(
  seed: number,
  n: number,
  reporters: readonly number[],
  items: readonly { key: string }[],
): Record<string, Record<string, Grade>> {
  const rng = rngFor(seed, n, tags.ballot);
  return Object.fromEntries(
    reporters.map((orgId) => {
      const standing = standingOf(seed, orgId);
      return [String(orgId), Object.fromEntries(items.map((i) => [i.key, gradeFor(rng, standing)]))];
    }),
  );
}

const strengths = [
  '“三会一课”和主题党日坚持得好，组织生活规范',
  '抓党建促乡村振兴思路清晰，村级集体经济有新的增长',
  '党员教育管理抓得实，流动党员联系做到了全覆盖',
  '便民服务站建设推进有力，群众办事更方便',
  '结对共建落到了项目上，带动作用明显',
  '软弱涣散村党组织整顿有成效，班子战斗力增强',
];
const problems = [
  '发展党员偏少，35岁以下党员比例仍然不高',
  '台账资料不够规范，有的记录与实际开展情况对不上',
  '对村“两委”干部的培训不够系统，能力短板仍然明显',
  '上年度查摆问题的整改跟踪不到位，个别问题反复出现',
  '非公企业和社会组织党建覆盖质量不高，活动开展偏少',
  '述职报告对问题的剖析停留在表面，原因找得不深',
];
const advice = [
  '下一步要把问题清单逐项落实到人，按期销号',
  '要在发展年轻党员上下功夫，储备村级后备力量',
  '要抓好台账规范化，用数据说话',
  '要把整改成效纳入日常考核，防止问题反弹',
];

/** A leader's review of one reporter: a score per item around their standing, and a short 点评. */
export function demoLeaderReview(
  seed: number,
  orgId: number,
  reviewer: number,
  items: readonly { key: string }[],
): { scores: Record<string, number>; critique: string } {
  const rng = rngFor(seed, orgId * 16 + reviewer, tags.review);
  const standing = standingOf(seed, orgId);
  const scores = Object.fromEntries(
    items.map((i) => [i.key, Math.round(rng.around(62 + standing * 33, 4, 50, 99) * 10) / 10]),
  );
  const critique = `${rng.pick(strengths)}；但${rng.pick(problems)}。${rng.pick(advice)}。`;
  return { scores, critique };
}
