// 等次: the four grades every appraisal and result uses, best first, and the two sets of words
// places print them with (好/较好/一般/差 on ballots, 优秀/称职/基本称职/不称职 in many results).

export const grades = ['excellent', 'good', 'fair', 'poor'] as const;
export type Grade = (typeof grades)[number];

export const gradeLabelSets = {
  appraisal: { excellent: '好', good: '较好', fair: '一般', poor: '差' },
  competence: { excellent: '优秀', good: '称职', fair: '基本称职', poor: '不称职' },
} as const satisfies Record<string, Record<Grade, string>>;
export type GradeLabelSet = keyof typeof gradeLabelSets;

/** 0 for the best grade, 3 for the worst. */
export const gradeOrder = (grade: Grade) => grades.indexOf(grade);

/** The worse of two grades. */
export const worseGrade = (a: Grade, b: Grade): Grade => (gradeOrder(a) >= gradeOrder(b) ? a : b);

/** The grade one step down; the worst stays itself. */
export const nextGradeDown = (grade: Grade): Grade =>
  grades[Math.min(gradeOrder(grade) + 1, grades.length - 1)]!;

// 满意度: the three choices of a 满意度测评 ballot, best first; stored in a ballot's cells as 1–3,
// as the four grades are stored as 1–4 (src/domain/ballot-grades.ts).
export const satisfactionLevels = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type SatisfactionLevel = (typeof satisfactionLevels)[number];
export const satisfactionLabels: Record<SatisfactionLevel, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
};
