// Which way is better for each measure. A threshold may only bound the bad side (a minimum on a
// share, a maximum on an age): a rule deducting for too high an attendance rate is a slip, and
// with one bound per measure "more recorded work never lowers a score" holds.

import type { RuleMeasure } from '../rule-measures.js';

export const measureDirection: Record<RuleMeasure, 'higher' | 'lower'> = {
  twoCommitteesAverageAge: 'lower',
  twoCommitteesHighSchoolShare: 'higher',
  attendanceRate: 'higher',
  trainingHoursPerMember: 'higher',
  mobileActivityShare: 'higher',
  membersDeveloped: 'higher',
  activistsTrained: 'higher',
  overdueRectifications: 'lower',
  rectificationCompletionRate: 'higher',
  overdueProblems: 'lower',
  problemClosureRate: 'higher',
};
