// Values an automatic indicator can compare with a threshold or require to be non-zero. Each is
// computed per org for the cycle's period over the org's whole subtree (a town's are 全镇's) by
// shared SQL (never a copy of the figures elsewhere).

export const ruleMeasures = [
  'twoCommitteesAverageAge',
  'twoCommitteesHighSchoolShare',
  'attendanceRate',
  'trainingHoursPerMember',
  'mobileActivityShare',
  'membersDeveloped',
  'activistsTrained',
  'overdueRectifications',
  'rectificationCompletionRate',
  'overdueProblems',
  'problemClosureRate',
] as const;
export type RuleMeasure = (typeof ruleMeasures)[number];

export const ruleMeasureDefinitions: Record<
  RuleMeasure,
  { label: string; unit: '岁' | '%' | '小时' | '名' | '项' }
> = {
  twoCommitteesAverageAge: { label: '“两委”成员平均年龄', unit: '岁' },
  twoCommitteesHighSchoolShare: { label: '“两委”成员高中及以上学历占比', unit: '%' },
  attendanceRate: { label: '组织生活平均参会率', unit: '%' },
  trainingHoursPerMember: { label: '党员人均培训学时', unit: '小时' },
  mobileActivityShare: { label: '流动党员有活动记录的占比', unit: '%' },
  membersDeveloped: { label: '本期发展党员人数', unit: '名' },
  activistsTrained: { label: '本期培训入党积极分子人数', unit: '名' },
  // 软弱涣散整顿 records (`weak_org_rectifications`), not the problem list's 整改: the labels say so.
  overdueRectifications: { label: '软弱涣散整顿逾期未完成的事项', unit: '项' },
  rectificationCompletionRate: { label: '软弱涣散整顿完成率', unit: '%' },
  // 问题清单 (`problems`): what last year's review found, chased to 销号.
  overdueProblems: { label: '逾期未销号的整改问题', unit: '项' },
  problemClosureRate: { label: '整改问题销号率', unit: '%' },
};
