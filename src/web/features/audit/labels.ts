import { roleLabels } from '../../../domain/access.js';
import { fileKindLabels } from '../../../domain/file-kinds.js';
import {
  branchRoleLabels,
  educationLabels,
  genderLabels,
  mobileDirectionLabels,
  orgClassificationLabels,
  stageLabels,
  villageCommitteeRoleLabels,
} from '../../../domain/member-base.js';
import { orgDomainLabels, orgLevelLabels } from '../../../domain/org-tree.js';
import { auditEntityTypes } from '../../../domain/audit.js';
import { cycleKindLabels, cycleStatusLabels } from '../../../domain/cycles.js';
import { schemeAudienceLabels, scorerLabels } from '../../../domain/schemes.js';
import {
  problemCategoryLabels,
  problemSeverityLabels,
  problemSourceLabels,
} from '../../../domain/rectification/sources.js';
import { problemEventLabels, problemStatusLabels } from '../../../domain/rectification/workflow.js';
import { targetLetterStatusLabels } from '../../../domain/target-letters.js';
import { reportStatusLabels, reportTemplateLabels } from '../../../domain/reports.js';
import { profileFigureDefinitions } from '../../../domain/profile-figures.js';
import { ledgerKindDefinitions } from '../../../domain/ledger.js';
import { formatDateTime } from '../../shared/format.js';
import type { AuditAction } from '../../../contract/audit.js';

/** Every kind the server records (the anonymous ballots' meetings among them): the filter offers them all. */
export const filterableEntityTypes = auditEntityTypes;
type LoggedEntityType = (typeof filterableEntityTypes)[number];

export const entityTypeLabels: Record<LoggedEntityType, string> = {
  org: '党组织',
  user: '用户',
  session: '登录会话',
  member: '党员',
  mobileRecord: '流动党员记录',
  weakOrgRectification: '软弱涣散整顿',
  contactPoint: '党建联系点',
  pairing: '结对共建',
  nonPublicEntity: '非公企业和社会组织',
  file: '文件',
  profileFigure: '基本情况填报数据',
  ledgerRecord: '台账记录',
  cycle: '考核周期',
  reportingSet: '述职范围',
  scheme: '考核方案',
  indicatorScore: '考核评分',
  discretionaryDeduction: '酌情扣分',
  vetoDecision: '一票否决认定',
  indicatorEvidence: '考核佐证材料',
  targetLetter: '目标责任书',
  spotCheckDraw: '抽查抽签',
  spotCheck: '抽查记录',
  report: '述职报告',
  reportReminder: '述职报告催办',
  reviewMeeting: '述职评议会',
  ballotCode: '测评码',
  paperBallot: '纸质票',
  leaderReview: '领导评议打分',
  evaluation: '综合评价',
  problem: '整改问题',
  problemMeasure: '整改措施',
  notification: '消息提醒',
};

export const actionLabels: Record<AuditAction, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  move: '移动',
  'transfer.out': '转出',
  'idCard.probe': '身份证号码重复探查',
  login: '登录',
  logout: '退出登录',
  'password.change': '修改密码',
  'password.reset': '重置密码',
  'login.unlock': '解除登录锁定',
  'cycle.reopen': '重新开启考核周期',
  'paperBallot.count': '计入纸质票',
};

/** The action of an entry as its reader names it: a member "moved" to another org was transferred (转接). */
export function actionLabel(action: string, entityType: string): string {
  if (action === 'move' && entityType === 'member') return '转接';
  return label(actionLabels, action);
}

export const actionColors: Record<AuditAction, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  move: 'purple',
  'transfer.out': 'geekblue',
  'idCard.probe': 'magenta',
  login: 'cyan',
  logout: 'default',
  'password.change': 'orange',
  'password.reset': 'volcano',
  'login.unlock': 'gold',
  'cycle.reopen': 'volcano',
  'paperBallot.count': 'gold',
};

export function label<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key;
}

/** Chinese names of the fields that appear in before/after snapshots, of every kind the log holds. */
export const fieldLabels: Record<string, string> = {
  id: '编号',
  name: '名称',
  // Orgs.
  level: '组织层级',
  domain: '组织领域',
  sortOrder: '排序号',
  parentId: '上级组织编号',
  path: '组织路径',
  childCount: '下级组织数',
  secretaryName: '书记',
  deputySecretaryName: '副书记',
  foundedOn: '成立日期',
  dissolvedOn: '撤销日期',
  termStartedOn: '本届任期开始日期',
  termEndsOn: '本届任期届满日期',
  classification: '分类',
  hasServiceCenter: '有党群服务中心',
  hasRemoteEducationSite: '有远程教育站点',
  // Users and sessions.
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  disabled: '已停用',
  mustChangePassword: '需修改密码',
  lastLoginAt: '最近登录',
  clearedCounters: '解除的锁定计数',
  reason: '原因',
  userAgent: '浏览器',
  // Members.
  orgId: '所属组织编号',
  orgName: '所属组织',
  orgPath: '组织路径',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  education: '学历',
  idCard: '身份证号码',
  phone: '联系电话',
  occupation: '职业',
  stage: '人员类别',
  appliedOn: '申请入党日期',
  activistOn: '确定为积极分子日期',
  candidateOn: '确定为发展对象日期',
  probationaryOn: '入党日期',
  fullOn: '转正日期',
  branchRole: '支部职务',
  villageCommitteeRole: '村（居）委会职务',
  isTownLeader: '乡镇领导班子成员',
  isCollegeGradOfficial: '大学生村官',
  isResidentCadre: '驻村干部',
  isFirstSecretary: '第一书记',
  leftOn: '离开日期',
  leftReason: '离开原因',
  transferredOn: '转接日期',
  via: '来源',
  // Mobile members.
  memberId: '党员编号',
  direction: '流动方向',
  place: '流动地点',
  certificateNo: '流动党员活动证编号',
  hostOrgName: '流入地党组织',
  contactName: '联系人',
  contactPhone: '联系电话',
  startedOn: '开始日期',
  endedOn: '结束日期',
  // Org records: rectification, contact points, pairings, non-public entities.
  flaggedOn: '确定为软弱涣散日期',
  reasons: '软弱涣散原因',
  measures: '整顿措施',
  transformedOn: '转化日期',
  leaderName: '联系领导',
  leaderTitle: '领导职务',
  partnerOrgId: '结对组织编号',
  partnerName: '结对单位',
  content: '共建内容',
  kind: '类别',
  employees: '从业人员数',
  partyMembers: '党员数',
  shouldEstablish: '应建立党组织',
  ownOrgId: '本单位党组织编号',
  coveredByOrgId: '覆盖党组织编号',
  hasInstructor: '有党建指导员',
  // Files.
  type: '文件类型',
  size: '大小（字节）',
  sha256: 'SHA-256 校验值',
  blobId: '存储编号',
  uploadedBy: '上传人编号',
  uploaderName: '上传人',
  // Profile figures (基本情况填报).
  year: '年度',
  value: '数值',
  // Ledger records (the snapshot: fields, attendance, files).
  heldOn: '活动日期',
  topic: '主题',
  hostMemberId: '主持人（党员编号）',
  hostName: '主持人',
  minutes: '会议记录',
  hours: '学时',
  attendance: '参加人员',
  presentCount: '出席人数',
  listedCount: '登记人数',
  fileIds: '附件编号',
  enteredOn: '录入日期',
  enteredAt: '录入时间',
  enteredBy: '录入人编号',
  enteredByName: '录入人',
  // The demo county's load.
  source: '来源',
  seed: '随机种子',
  orgs: '组织数',
  members: '人数',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  // Cycles (考核周期), their reporting sets and schemes.
  part: '季度/半年',
  startsOn: '开始日期',
  endsOn: '结束日期',
  status: '状态',
  schemeIssuedOn: '方案下发日期',
  reportsDueOn: '报告截止日期',
  reviewMeetingOn: '评议会日期',
  resultsPublishedOn: '结果公布日期',
  rectificationDueOn: '整改期限',
  reportingRule: '述职范围规则',
  appraisalPoorShare: '民主测评问题阈值（一般及差占比）',
  rule: '规则',
  orgIds: '述职组织编号',
  count: '述职组织数',
  addedOrgIds: '加入的组织编号',
  removedOrgIds: '移出的组织编号',
  cycleId: '考核周期编号',
  audience: '适用对象',
  version: '版本',
  body: '方案内容',
  // 纸质票 entries and counts.
  serial: '测评码编号',
  serials: '测评码编号',
  pass: '第几次录入',
  sheets: '纸质票张数',
  // 日常考核 entries.
  indicatorKey: '指标编号',
  by: '评分人',
  points: '分数',
  deductions: '酌情扣分',
  applies: '适用一票否决',
  note: '说明',
  ledgerRecordIds: '台账记录编号',
  // Target letters (目标责任书) and spot checks (抽查).
  letterStatus: '责任书状态',
  items: '目标事项',
  issuedOn: '下达日期',
  issuedByName: '下达人',
  acknowledgedOn: '签收日期',
  acknowledgedByName: '签收人',
  drawSize: '抽查数量',
  pool: '可抽取的组织编号',
  drawnOrgIds: '抽中的组织编号',
  checkedOn: '检查日期',
  checkers: '检查人员',
  findings: '发现的问题',
  // 述职报告.
  template: '报告类型',
  reportStatus: '报告状态',
  versions: '已提交版本数',
  late: '逾期提交',
  decision: '审查结论',
  dismissedFindings: '标为“不是问题”的审查发现',
  // 述职评议 and 综合评价.
  meetingId: '评议会编号',
  scores: '各项得分',
  critique: '点评',
  settings: '评价设置',
  reporters: '述职对象数',
  grades: '各等次人数',
  // 述职报告催办.
  message: '附言',
  // 整改问题 and its measures.
  problemId: '整改问题',
  problemSource: '问题来源',
  candidateKey: '候选问题编号',
  text: '内容',
  category: '问题类别',
  severity: '严重程度',
  problemStatus: '整改状态',
  deadline: '整改期限',
  reopenCount: '重新整改次数',
  mergedIntoId: '合并到问题',
  problemEvent: '整改环节',
  evidence: '整改材料说明',
  passed: '回头看是否通过',
  ownerMemberId: '责任人（党员）',
  ownerUserId: '责任人（用户）',
  ownerName: '责任人',
  responsibleOrgId: '责任单位',
  milestones: '节点安排',
  doneOn: '完成日期',
};

/** The Chinese names of coded values, by the field that holds them (reused from the domain's label maps). */
export const valueLabels: Record<string, Record<string, string>> = {
  level: orgLevelLabels,
  domain: orgDomainLabels,
  classification: orgClassificationLabels,
  role: roleLabels,
  gender: genderLabels,
  education: educationLabels,
  stage: stageLabels,
  branchRole: branchRoleLabels,
  villageCommitteeRole: villageCommitteeRoleLabels,
  direction: mobileDirectionLabels,
  via: { create: '新增党员', update: '编辑党员', import: 'Excel 导入' },
  source: { demo: '演示县' },
  status: cycleStatusLabels,
  audience: schemeAudienceLabels,
  by: scorerLabels,
  letterStatus: targetLetterStatusLabels,
  reportStatus: reportStatusLabels,
  template: reportTemplateLabels,
  decision: { returned: '退回', accepted: '通过' },
  problemSource: problemSourceLabels,
  category: problemCategoryLabels,
  severity: problemSeverityLabels,
  problemStatus: problemStatusLabels,
  problemEvent: problemEventLabels,
};

/** `kind` names a file's kind, a non-public entity's domain or a profile figure, by the entry's kind. */
const kindLabels: Partial<Record<LoggedEntityType, Record<string, string>>> = {
  file: fileKindLabels,
  nonPublicEntity: orgDomainLabels,
  cycle: cycleKindLabels,
  profileFigure: Object.fromEntries(
    Object.entries(profileFigureDefinitions).map(([kind, definition]) => [kind, definition.label]),
  ),
  ledgerRecord: Object.fromEntries(
    Object.entries(ledgerKindDefinitions).map(([kind, definition]) => [kind, definition.label]),
  ),
};

const timeFields = new Set(['createdAt', 'updatedAt', 'lastLoginAt', 'at']);

export function formatFieldValue(entityType: string, field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    const labels = field === 'kind' ? kindLabels[entityType as LoggedEntityType] : valueLabels[field];
    if (labels) return labels[value] ?? value;
    if (timeFields.has(field)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value, null, 2);
}
