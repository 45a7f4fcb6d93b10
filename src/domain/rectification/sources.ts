// 问题清单's vocabulary: where a problem came from, how it is filed and how serious it is. Shared by
// the candidates a cycle's records suggest and by the stored list, so a problem built from a
// candidate keeps a link back to the text, score or ballot item it came from.

export const problemSources = ['report', 'critique', 'appraisal', 'deduction', 'inspection'] as const;
export type ProblemSource = (typeof problemSources)[number];

export const problemSourceLabels: Record<ProblemSource, string> = {
  report: '述职报告查摆',
  critique: '领导点评',
  appraisal: '民主测评',
  deduction: '考核扣分',
  inspection: '督导检查',
};

/**
 * The link back to a problem's origin. A report problem is one row of `problem_drafts` (an accepted
 * version's problem); a critique is one `leader_reviews` row; an appraisal problem is one ballot item
 * of a closed meeting for one reporter whose 一般+差 share passed the cycle's threshold; a deduction is
 * one indicator of the org's routine sheet that lost points, or a veto item found to apply (`vetoed`,
 * no points). An inspection is entered by hand.
 */
export type ProblemSourceRef =
  | { source: 'report'; problemDraftId: number; reportId: number; position: number }
  | { source: 'critique'; leaderReviewId: number }
  | { source: 'appraisal'; meetingId: number; itemKey: string; poorShare: number }
  | { source: 'deduction'; indicatorKey: string; deducted: number; vetoed?: true }
  | { source: 'inspection' };

export const problemCategories = [
  'political',
  'ideological',
  'organizational',
  'conduct',
  'discipline',
  'system',
  'other',
] as const;
export type ProblemCategory = (typeof problemCategories)[number];

export const problemCategoryLabels: Record<ProblemCategory, string> = {
  political: '政治建设',
  ideological: '思想建设',
  organizational: '组织建设',
  conduct: '作风建设',
  discipline: '纪律建设',
  system: '制度建设',
  other: '其他',
};

export const problemSeverities = ['high', 'medium', 'low'] as const;
export type ProblemSeverity = (typeof problemSeverities)[number];

export const problemSeverityLabels: Record<ProblemSeverity, string> = {
  high: '严重',
  medium: '一般',
  low: '轻微',
};

/**
 * A problem a cycle's records suggest, before anyone files it. `key` is stable across reads
 * (`report:<draftId>`, `critique:<reviewId>`, `appraisal:<meetingId>:<orgId>:<itemKey>`,
 * `deduction:<cycleId>:<orgId>:<indicatorKey>`), so a filed problem remembers which candidate it was
 * and the candidates list can say which are already filed.
 */
export interface ProblemCandidate {
  key: string;
  cycleId: number;
  orgId: number;
  ref: ProblemSourceRef;
  /** The problem as it will read in the list. */
  text: string;
  /** The words it came from (the report's sentence, the critique, the item and its shares). */
  excerpt: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
}

/**
 * What filing a candidate sends (登记): the candidate as it reads, its key, and the deadline chosen.
 * Generic in the link back so the contract's and the domain's candidates both keep their own type.
 */
export const candidateFiling = <Ref>(
  candidate: Omit<ProblemCandidate, 'cycleId' | 'ref'> & { ref: Ref },
  deadline: string,
) => ({
  orgId: candidate.orgId,
  candidateKey: candidate.key,
  ref: candidate.ref,
  text: candidate.text,
  excerpt: candidate.excerpt,
  category: candidate.category,
  severity: candidate.severity,
  deadline,
});
