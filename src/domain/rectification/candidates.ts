// The problems a cycle's records suggest (问题清单的来源), as plain functions of what was recorded:
// the accepted reports' problems, the leaders' critiques, the ballot items a reporter's panel graded
// mostly 一般/差, and the routine sheet's lost points. Each candidate keeps the link back to where
// it came from (its `ref`) and a key stable across reads (see ProblemCandidate).

import { gradeLabelSets, grades, type Grade } from '../results/grades.js';
import type { ScoreSheet } from '../rules/sheet.js';
import { formatPoints, roundPoints } from '../rules/points.js';
import type { ProblemCandidate, ProblemCategory, ProblemSeverity, ProblemSource } from './sources.js';

/** The sources a cycle's records suggest problems from; an inspection is entered by hand. */
export const candidateSources = [
  'report',
  'critique',
  'appraisal',
  'deduction',
] as const satisfies readonly ProblemSource[];
export type CandidateSource = (typeof candidateSources)[number];

// ---- category ---------------------------------------------------------------------------------

/**
 * The words that file a problem under a category. A text may name several (a branch's 组织生活 and
 * its 学习); the category named most often wins, and a tie goes to the one listed first here: the
 * rarer and graver categories first, so a 纪律 problem that also mentions 组织 stays a 纪律 one.
 * 组织 alone would catch every 党组织, which is why organizational needs it named more often than
 * the others' words.
 */
const categoryWords: readonly (readonly [ProblemCategory, readonly string[]])[] = [
  ['discipline', ['纪律', '廉洁', '违纪', '腐败']],
  ['conduct', ['作风', '形式主义', '官僚主义']],
  ['political', ['政治']],
  ['ideological', ['学习', '理论', '思想']],
  ['organizational', ['组织', '发展党员', '入党', '三会一课', '换届', '党员队伍', '班子', '软弱涣散']],
  ['system', ['制度', '机制']],
];

const occurrences = (text: string, word: string) => text.split(word).length - 1;

/** The category a problem's words suggest; `other` when they name none. */
export function categorize(text: string): ProblemCategory {
  let best: ProblemCategory = 'other';
  let bestHits = 0;
  for (const [category, words] of categoryWords) {
    const hits = words.reduce((n, w) => n + occurrences(text, w), 0);
    if (hits > bestHits) [best, bestHits] = [category, hits];
  }
  return best;
}

// ---- report -------------------------------------------------------------------------------------

/** One problem of an accepted report version (a `problem_drafts` row). */
export interface ReportProblemInput {
  id: number;
  reportId: number;
  orgId: number;
  position: number;
  text: string;
  cause: string;
}

/**
 * The reporter's own problems: 一般 severity, since the reporter names them and the list weighs them;
 * filed by the problem's words, by its cause's when the problem names no category.
 */
export function reportCandidates(cycleId: number, drafts: readonly ReportProblemInput[]): ProblemCandidate[] {
  return drafts.map((d) => {
    const excerpt = d.cause ? `${d.text}（原因：${d.cause}）` : d.text;
    const byText = categorize(d.text);
    return {
      key: `report:${d.id}`,
      cycleId,
      orgId: d.orgId,
      ref: { source: 'report', problemDraftId: d.id, reportId: d.reportId, position: d.position },
      text: d.text,
      excerpt,
      category: byText === 'other' ? categorize(d.cause) : byText,
      severity: 'medium',
    };
  });
}

// ---- critique -----------------------------------------------------------------------------------

/**
 * Where a critique turns from praise to its point: 但(是) (not 不但), 问题是/在于, 不足之处, 不足是/在于,
 * and 存在(的)问题/不足 followed by a colon.
 */
const critiqueTurn =
  /(?:但是|(?<!不)但|问题(?:是|在于)|不足之处(?:是|在于)?|不足(?:是|在于)|存在的?(?:问题|不足)(?=[:：]))/u;
const leadingPunctuation = /^[\s，,：:、；;]+/u;

/**
 * The problem a leader's critique names: what follows its first turn ("思路清晰，但台账不全。" →
 * "台账不全。"), or the whole critique when it has no turn or nothing follows it.
 */
export function critiqueProblem(critique: string): string {
  const whole = critique.trim();
  const turn = critiqueTurn.exec(whole);
  if (!turn) return whole;
  const rest = whole
    .slice(turn.index + turn[0].length)
    .replace(leadingPunctuation, '')
    .trim();
  return rest.length >= 2 ? rest : whole;
}

/** One leader's review of one reporter (a `leader_reviews` row). */
export interface CritiqueInput {
  id: number;
  orgId: number;
  critique: string;
}

/** Each non-empty critique: 一般 severity, the leader's word being what the list starts from. */
export function critiqueCandidates(cycleId: number, reviews: readonly CritiqueInput[]): ProblemCandidate[] {
  return reviews
    .filter((r) => r.critique.trim() !== '')
    .map((r) => {
      const text = critiqueProblem(r.critique);
      return {
        key: `critique:${r.id}`,
        cycleId,
        orgId: r.orgId,
        ref: { source: 'critique', leaderReviewId: r.id },
        text,
        excerpt: r.critique.trim(),
        category: categorize(text),
        severity: 'medium',
      };
    });
}

// ---- appraisal ----------------------------------------------------------------------------------

/** Where a cycle starts: a third of the valid grades 一般 or 差 is too many. */
export const defaultAppraisalPoorShare = 1 / 3;

/** One reporter's grades on one ballot item of a closed meeting, all panelist categories pooled. */
export interface AppraisalItemInput {
  meetingId: number;
  orgId: number;
  itemKey: string;
  itemLabel: string;
  counts: Record<Grade, number>;
}

/** (一般 + 差) / the valid grades (abstentions are not grades); null without any valid grade. */
export function poorShare(counts: Record<Grade, number>): number | null {
  const valid = grades.reduce((n, g) => n + counts[g], 0);
  return valid === 0 ? null : (counts.fair + counts.poor) / valid;
}

/**
 * How far the share passed the threshold, in percentage points: 20 or more is 严重, 10 or more
 * 一般, less 轻微 — a panel half against where a third is tolerated is a serious signal.
 */
export function appraisalSeverity(share: number, threshold: number): ProblemSeverity {
  const over = share - threshold;
  if (over >= 0.2 - 1e-9) return 'high';
  if (over >= 0.1 - 1e-9) return 'medium';
  return 'low';
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Each reporter's ballot item whose 一般+差 share exceeds the cycle's threshold. */
export function appraisalCandidates(
  cycleId: number,
  threshold: number,
  items: readonly AppraisalItemInput[],
): ProblemCandidate[] {
  return items.flatMap((i): ProblemCandidate[] => {
    const share = poorShare(i.counts);
    if (share === null || share <= threshold) return [];
    const said = grades.map((g) => `${gradeLabelSets.appraisal[g]}${i.counts[g]}票`).join('、');
    return [
      {
        key: `appraisal:${i.meetingId}:${i.orgId}:${i.itemKey}`,
        cycleId,
        orgId: i.orgId,
        ref: { source: 'appraisal', meetingId: i.meetingId, itemKey: i.itemKey, poorShare: share },
        text: `民主测评「${i.itemLabel}」一般及差评占比 ${percent(share)}`,
        excerpt: `「${i.itemLabel}」${said}`,
        category: categorize(i.itemLabel),
        severity: appraisalSeverity(share, threshold),
      },
    ];
  });
}

// ---- deduction ----------------------------------------------------------------------------------

/** The share of an indicator's points it lost: half or more is 严重, a fifth or more 一般, less 轻微. */
export function deductionSeverity(deducted: number, maxPoints: number): ProblemSeverity {
  const share = maxPoints > 0 ? deducted / maxPoints : 1;
  if (share >= 0.5) return 'high';
  if (share >= 0.2) return 'medium';
  return 'low';
}

/**
 * Each regular line of an org's routine sheet that lost points, and each veto line found to apply
 * (一票否决: the gravest finding of all, though it costs no points). A line nobody has scored yet lost
 * its points to no finding (未评分), so it is no problem of the org's; bonus lines lose none.
 */
export function deductionCandidates(
  cycleId: number,
  sheets: readonly { orgId: number; sheet: ScoreSheet }[],
): ProblemCandidate[] {
  return sheets.flatMap(({ orgId, sheet }) =>
    sheet.categories.flatMap((category) =>
      category.lines.flatMap((line): ProblemCandidate[] => {
        const vetoed = line.kind === 'veto' ? line.vetoed : undefined;
        const deducted = roundPoints(line.maxPoints - line.score);
        const lostPoints = line.kind === 'regular' && line.basis !== 'pending' && deducted > 0;
        if (vetoed === undefined && !lostPoints) return [];
        const reason = vetoed ?? line.lost.map((l) => l.reason).join('；');
        const finding =
          vetoed === undefined
            ? {
                said: `扣 ${formatPoints(deducted)} 分`,
                points: `（满分${formatPoints(line.maxPoints)}分，得${formatPoints(line.score)}分）`,
                severity: deductionSeverity(deducted, line.maxPoints),
              }
            : { said: '一票否决', points: '', severity: 'high' as const };
        return [
          {
            key: `deduction:${cycleId}:${orgId}:${line.key}`,
            cycleId,
            orgId,
            ref: {
              source: 'deduction',
              indicatorKey: line.key,
              deducted,
              ...(vetoed === undefined ? {} : { vetoed: true as const }),
            },
            text: `「${line.name}」${finding.said}：${reason}`,
            excerpt: `${category.name}·${line.name}${finding.points}：${line.explanation}`,
            category: categorize(`${category.name}${line.name}${reason}`),
            severity: finding.severity,
          },
        ];
      }),
    ),
  );
}
