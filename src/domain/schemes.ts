// 考核方案: the fixed lists a scheme's indicators choose from (the document itself is `contract/schemes.ts`).

export const checkMethods = ['ledgerReview', 'spotCheck', 'visit', 'automatic'] as const;
export const checkMethodLabels: Record<(typeof checkMethods)[number], string> = {
  ledgerReview: '台账查看',
  spotCheck: '实地抽查',
  visit: '走访',
  automatic: '系统自动',
};
export const scorers = ['self', 'checker', 'organizer'] as const;
export const scorerLabels: Record<(typeof scorers)[number], string> = {
  self: '自评',
  checker: '考核人员',
  organizer: '组织部门',
};
export const indicatorKinds = ['regular', 'bonus', 'veto'] as const;
export const indicatorKindLabels: Record<(typeof indicatorKinds)[number], string> = {
  regular: '常规指标',
  bonus: '加分项',
  veto: '一票否决',
};
/** Who a scheme is for: town committees (and county-level units) or village/community branches. */
export const schemeAudiences = ['committee', 'branch'] as const;
export const schemeAudienceLabels: Record<(typeof schemeAudiences)[number], string> = {
  committee: '乡镇（街道）党（工）委',
  branch: '村（社区）党组织',
};
