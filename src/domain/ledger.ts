// 台账: the work an org records through the year (seeds 000–003), which checkers read and the
// scheme's automatic indicators count.

export const ledgerKinds = [
  'congress',
  'committee',
  'group',
  'lesson',
  'themeDay',
  'orgLifeMeeting',
  'democraticLifeMeeting',
  'partyBuildingMeeting',
  'memberAppraisal',
  'training',
  'contactVisit',
  'pairingActivity',
  'affairsDisclosure',
  'serviceCase',
  'quarterlyReportMeeting',
  'annualPlan',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export interface LedgerKindDefinition {
  label: string;
  /** Whether the record lists who attended (members on the day, absences with reasons). */
  attendance: boolean;
  /** Whether the record carries hours that count towards members' yearly training hours. */
  hours: boolean;
}

export const ledgerKindDefinitions: Record<LedgerKind, LedgerKindDefinition> = {
  congress: { label: '支部党员大会', attendance: true, hours: false },
  committee: { label: '支委会', attendance: true, hours: false },
  group: { label: '党小组会', attendance: true, hours: false },
  lesson: { label: '党课', attendance: true, hours: true },
  themeDay: { label: '主题党日', attendance: true, hours: false },
  orgLifeMeeting: { label: '组织生活会', attendance: true, hours: false },
  democraticLifeMeeting: { label: '民主生活会', attendance: true, hours: false },
  partyBuildingMeeting: { label: '专题研究党建工作会议', attendance: true, hours: false },
  memberAppraisal: { label: '民主评议党员', attendance: true, hours: false },
  training: { label: '培训', attendance: true, hours: true },
  contactVisit: { label: '联系点走访', attendance: false, hours: false },
  pairingActivity: { label: '结对共建活动', attendance: false, hours: false },
  affairsDisclosure: { label: '党务公开', attendance: false, hours: false },
  serviceCase: { label: '便民服务事项', attendance: false, hours: false },
  quarterlyReportMeeting: { label: '季度书记述职会', attendance: true, hours: false },
  annualPlan: { label: '年度党建工作计划（报镇考核组备案）', attendance: false, hours: false },
};

export const ledgerKindLabel = (kind: LedgerKind) => ledgerKindDefinitions[kind].label;
