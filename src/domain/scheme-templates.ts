// 默认考核方案: the default indicator tables a new cycle starts from, one for town committees and one
// for village and community branches. The six areas are those of seed 003 (党建工作评价制度); the
// concrete measures come from seeds 000–002, each indicator naming the seed it follows. The wording
// is ours: a sheet says what is checked and how points are lost, the seeds say what towns did.
import type { LedgerKind } from './ledger.js';
import type { RuleMeasure } from './rule-measures.js';
import type { checkMethods, indicatorKinds, schemeAudiences, scorers } from './schemes.js';

/*
 * The template's own view of a scheme document: the contract's `SchemeBody` and `Rule`, which the
 * domain may not import, have this shape; a unit test checks the templates against the contract.
 */
type Source = { ledgerKinds: LedgerKind[]; topicIncludes?: string };
export type TemplateRule =
  | { kind: 'count'; source: Source; atLeast: number; deductEach: number; floor?: number }
  | {
      kind: 'perPeriod';
      source: Source;
      every: 'month' | 'quarter' | 'halfYear';
      atLeast: number;
      deductEach: number;
    }
  | { kind: 'required'; of: { source: Source } | { measure: RuleMeasure }; deduct: number | 'all' }
  | { kind: 'checklist'; items: { label: string; source: Source }[]; deductEach: number }
  | {
      kind: 'threshold';
      measure: RuleMeasure;
      atLeast?: number;
      atMost?: number;
      step: number;
      deductEach: number;
      whenMissing?: 'keep' | 'zero';
    }
  | {
      kind: 'perPerson';
      people: 'committeeMembers' | 'twoCommittees';
      source: Source;
      atLeast: number;
      deductEach: number;
    }
  | { kind: 'targets'; deductEach: number }
  | { kind: 'manual'; cap: number };

export interface TemplateIndicator {
  key: string;
  name: string;
  kind: (typeof indicatorKinds)[number];
  maxPoints: number;
  content: string;
  standard: string;
  checkMethod: (typeof checkMethods)[number];
  scoredBy: (typeof scorers)[number][];
  evidence?: string;
  source?: string;
  rule?: TemplateRule;
}
export interface TemplateScheme {
  name: string;
  audience: (typeof schemeAudiences)[number];
  categories: { key: string; name: string; maxPoints: number; indicators: TemplateIndicator[] }[];
  bonusCap?: number;
}

const of = (...ledgerKinds: LedgerKind[]): Source => ({ ledgerKinds });
const byChecker: TemplateIndicator['scoredBy'] = ['self', 'checker', 'organizer'];
const byOrganizer: TemplateIndicator['scoredBy'] = ['organizer'];

/** An indicator scored by its rule; the check method follows from having one. */
function auto(
  key: string,
  name: string,
  maxPoints: number,
  content: string,
  standard: string,
  evidence: string,
  source: string,
  rule: TemplateRule,
): TemplateIndicator {
  return {
    key,
    name,
    kind: 'regular',
    maxPoints,
    content,
    standard,
    checkMethod: 'automatic',
    scoredBy: byChecker,
    evidence,
    source,
    rule,
  };
}

/** An indicator a checker scores by hand, at most `maxPoints` lost with a stated reason (酌情扣分). */
function byHand(
  key: string,
  name: string,
  maxPoints: number,
  checkMethod: 'ledgerReview' | 'spotCheck' | 'visit',
  content: string,
  standard: string,
  evidence: string,
  source: string,
): TemplateIndicator {
  return {
    key,
    name,
    kind: 'regular',
    maxPoints,
    content,
    standard,
    checkMethod,
    scoredBy: byChecker,
    evidence,
    source,
    rule: { kind: 'manual', cap: maxPoints },
  };
}

const bonusAndVeto = (prefix: string): TemplateScheme['categories'] => [
  {
    key: `${prefix}-bonus`,
    name: '加分项目',
    maxPoints: 5,
    indicators: [
      {
        key: `${prefix}-honor`,
        name: '受到上级表彰',
        kind: 'bonus',
        maxPoints: 3,
        content: '本年度党建工作受到县级以上党委表彰或通报表扬。',
        standard: '县级表彰加1分，市级加2分，省级及以上加3分；同一事项按最高一项计，不重复加分。',
        checkMethod: 'ledgerReview',
        scoredBy: byOrganizer,
        evidence: '表彰文件或通报',
        source: 'seed 002',
      },
      {
        key: `${prefix}-promoted`,
        name: '经验做法被推广',
        kind: 'bonus',
        maxPoints: 2,
        content: '党建工作经验做法被上级党委转发、推广或在会议上作交流发言。',
        standard: '县级推广加1分，市级及以上推广加2分。',
        checkMethod: 'ledgerReview',
        scoredBy: byOrganizer,
        evidence: '转发文件、会议材料或简报',
        source: 'seed 003',
      },
    ],
  },
  {
    key: `${prefix}-veto`,
    name: '一票否决',
    maxPoints: 0,
    indicators: [
      {
        key: `${prefix}-violation`,
        name: '严重违纪违法',
        kind: 'veto',
        maxPoints: 0,
        content: '班子成员或党组织书记在考核年度内受到党纪政务处分，或发生重大违纪违法案件。',
        standard: '出现其中一种情形的，年度考核直接定为最低等次，并写明否决事由。',
        checkMethod: 'ledgerReview',
        scoredBy: byOrganizer,
        evidence: '纪检监察机关的处分决定',
        source: 'seed 000',
      },
      {
        key: `${prefix}-unrectified`,
        name: '软弱涣散未转化',
        kind: 'veto',
        maxPoints: 0,
        content: '被列为软弱涣散（后进）的党组织，在整顿期限内未完成转化。',
        standard: '整顿期满仍未通过验收的，年度考核定为最低等次。',
        checkMethod: 'spotCheck',
        scoredBy: byOrganizer,
        evidence: '整顿方案、验收意见',
        source: 'seed 000',
      },
    ],
  },
];

/** 村（社区）党组织书记抓基层党建工作考核评分表. */
export const branchTemplate: TemplateScheme = {
  name: '村（社区）党组织书记抓基层党建工作考核评分细则',
  audience: 'branch',
  bonusCap: 5,
  categories: [
    {
      key: 'b-duty',
      name: '责任制落实',
      maxPoints: 20,
      indicators: [
        auto(
          'b-plan',
          '年度党建工作计划',
          3,
          '年初结合本村（社区）实际制定党建工作年度计划（组织建设规划），报镇考核小组认定后备案。',
          '未制定年度计划或未报镇考核小组备案的，本项不得分。',
          '年度计划文本及报备记录',
          'seed 000',
          { kind: 'required', of: { source: of('annualPlan') }, deduct: 'all' },
        ),
        auto(
          'b-quarterly',
          '季度党建工作述职',
          4,
          '书记每季度在镇党委召开的党建工作汇报交流会上汇报本支部党建工作开展情况。',
          '每季度至少汇报1次，缺1个季度扣1分，扣完为止。',
          '汇报交流会记录、书记汇报材料',
          'seed 003',
          {
            kind: 'perPeriod',
            source: of('quarterlyReportMeeting'),
            every: 'quarter',
            atLeast: 1,
            deductEach: 1,
          },
        ),
        auto(
          'b-targets',
          '目标责任书完成情况',
          5,
          '与镇党委签订党建工作年度目标责任书，任务层层分解、责任到人并按期完成。',
          '目标责任书所列事项每有1项未完成扣1分，扣完为止。',
          '目标责任书及完成情况佐证',
          'seed 002',
          { kind: 'targets', deductEach: 1 },
        ),
        byHand(
          'b-first-duty',
          '书记履行第一责任人职责',
          8,
          'ledgerReview',
          '书记亲自抓党建，牵头研究解决党员队伍、集体经济、民主管理中的突出问题，带头落实各项党建制度。',
          '对照台账查看，履职不到位、问题久拖不决的酌情扣分，须写明扣分理由，最多扣8分。',
          '支部工作记录、问题清单及解决情况',
          'seed 000',
        ),
      ],
    },
    {
      key: 'b-cover',
      name: '组织覆盖',
      maxPoints: 15,
      indicators: [
        auto(
          'b-congress',
          '支部党员大会',
          4,
          '按“三会一课”制度按季度召开支部党员大会，研究支部重要事项。',
          '每季度至少召开1次，缺1个季度扣1分。',
          '党员大会会议记录、签到表',
          'seed 003',
          { kind: 'perPeriod', source: of('congress'), every: 'quarter', atLeast: 1, deductEach: 1 },
        ),
        auto(
          'b-committee',
          '支部委员会',
          3,
          '支委会每月召开，讨论支部日常工作和党员教育管理事项。',
          '每月至少召开1次，缺1个月扣0.25分。',
          '支委会会议记录',
          'seed 003',
          { kind: 'perPeriod', source: of('committee'), every: 'month', atLeast: 1, deductEach: 0.25 },
        ),
        auto(
          'b-lesson',
          '党课',
          2,
          '书记或支委每季度为党员讲党课，内容结合形势政策和本村实际。',
          '每季度至少1次，缺1个季度扣0.5分。',
          '党课讲稿、签到表',
          'seed 003',
          { kind: 'perPeriod', source: of('lesson'), every: 'quarter', atLeast: 1, deductEach: 0.5 },
        ),
        auto(
          'b-books',
          '“五簿三册”台账',
          3,
          '规范使用党员大会、支委会、党小组会、党课、主题党日等记录簿册，各项制度上墙。',
          '以上五类记录每缺一类扣0.6分，扣完为止。',
          '各类会议记录簿',
          'seed 000',
          {
            kind: 'checklist',
            items: [
              { label: '党员大会记录', source: of('congress') },
              { label: '支委会记录', source: of('committee') },
              { label: '党小组会记录', source: of('group') },
              { label: '党课记录', source: of('lesson') },
              { label: '主题党日记录', source: of('themeDay') },
            ],
            deductEach: 0.6,
          },
        ),
        auto(
          'b-disclosure',
          '党务公开',
          3,
          '通过公开栏、公开墙等载体按季度公开党务事项，接受党员群众监督。',
          '全年公开不少于4次，每少1次扣0.75分。',
          '公开栏照片、公开内容',
          'seed 001',
          { kind: 'count', source: of('affairsDisclosure'), atLeast: 4, deductEach: 0.75 },
        ),
      ],
    },
    {
      key: 'b-innovate',
      name: '工作创新',
      maxPoints: 10,
      indicators: [
        auto(
          'b-theme-day',
          '主题党日活动',
          4,
          '每月开展主题党日，把集中学习、远程教育和党性实践活动结合起来。',
          '每月至少1次，缺1个月扣0.5分，扣完为止。',
          '活动记录、照片',
          'seed 003',
          { kind: 'perPeriod', source: of('themeDay'), every: 'month', atLeast: 1, deductEach: 0.5 },
        ),
        auto(
          'b-attendance',
          '组织生活参会率',
          3,
          '党员参加支部组织生活的情况，请假须写明事由。',
          '全年平均参会率不低于80%，每低1个百分点扣0.2分，扣完为止。',
          '签到表、请假记录',
          'seed 003',
          { kind: 'threshold', measure: 'attendanceRate', atLeast: 80, step: 1, deductEach: 0.2 },
        ),
        byHand(
          'b-vanguard',
          '党员先锋岗和责任区',
          3,
          'spotCheck',
          '设立党员先锋岗、党员责任区，组织党员亮身份、作承诺，带头服务群众。',
          '实地抽查，未设立或流于形式的酌情扣分，最多扣3分。',
          '设岗定责名单、活动照片',
          'seed 003',
        ),
      ],
    },
    {
      key: 'b-members',
      name: '党员队伍',
      maxPoints: 25,
      indicators: [
        auto(
          'b-develop',
          '发展党员',
          3,
          '坚持标准、保证质量，注重在青年和高中以上学历的积极分子中发展党员。',
          '本年度未发展党员的扣3分（不得连续两年不发展党员）。',
          '发展党员材料、审批表',
          'seed 000',
          { kind: 'required', of: { measure: 'membersDeveloped' }, deduct: 3 },
        ),
        auto(
          'b-activists',
          '入党积极分子培训',
          2,
          '组织入党积极分子参加镇党委集中培训。',
          '本年度没有积极分子参加培训的扣2分。',
          '培训通知、签到表',
          'seed 000',
          { kind: 'required', of: { measure: 'activistsTrained' }, deduct: 2 },
        ),
        auto(
          'b-hours',
          '党员教育培训学时',
          4,
          '党员参加集中培训、党课和远程教育，培训情况造册登记、严格考勤。',
          '党员人均年度培训学时不少于8学时，每少1学时扣0.5分。',
          '培训登记册、考勤表',
          'seed 003',
          { kind: 'threshold', measure: 'trainingHoursPerMember', atLeast: 8, step: 1, deductEach: 0.5 },
        ),
        auto(
          'b-trainings',
          '党员培训场次',
          3,
          '结合农村实用技术和党性教育分类开展党员培训。',
          '全年组织培训不少于4次，每少1次扣0.75分。',
          '培训方案、签到表、照片',
          'seed 003',
          { kind: 'count', source: of('training'), atLeast: 4, deductEach: 0.75 },
        ),
        auto(
          'b-appraisal',
          '民主评议党员',
          3,
          '每年开展一次民主评议党员，结果作为党员管理的依据。',
          '未开展民主评议党员的，本项不得分。',
          '评议方案、测评表、评议结果',
          'seed 002',
          { kind: 'required', of: { source: of('memberAppraisal') }, deduct: 'all' },
        ),
        auto(
          'b-life-meeting',
          '组织生活会',
          3,
          '每年召开组织生活会，开展批评与自我批评。',
          '未召开组织生活会的，本项不得分。',
          '会议记录、对照检查材料',
          'seed 002',
          { kind: 'required', of: { source: of('orgLifeMeeting') }, deduct: 'all' },
        ),
        auto(
          'b-mobile',
          '流动党员管理',
          4,
          '流动党员登记造册，持《流动党员活动证》外出，参加流入地组织活动并记录在证。',
          '有活动记录的流动党员占比不低于90%，每低1个百分点扣0.2分；无流动党员的不扣分。',
          '流动党员登记册、活动证记录',
          'seed 000',
          {
            kind: 'threshold',
            measure: 'mobileActivityShare',
            atLeast: 90,
            step: 1,
            deductEach: 0.2,
            whenMissing: 'keep',
          },
        ),
        byHand(
          'b-care',
          '困难党员关怀帮扶',
          3,
          'visit',
          '经常性走访慰问困难党员和老党员，帮助解决生产生活难题。',
          '走访核实，帮扶措施不落实的酌情扣分，最多扣3分。',
          '走访慰问记录、帮扶台账',
          'seed 003',
        ),
      ],
    },
    {
      key: 'b-leaders',
      name: '带头人队伍',
      maxPoints: 15,
      indicators: [
        auto(
          'b-age',
          '“两委”班子年龄结构',
          4,
          '选好配强村（社区）“两委”班子，注重选拔年轻干部。',
          '“两委”成员平均年龄不超过50岁，每超1岁扣0.5分。',
          '“两委”成员名册',
          'seed 002',
          { kind: 'threshold', measure: 'twoCommitteesAverageAge', atMost: 50, step: 1, deductEach: 0.5 },
        ),
        auto(
          'b-education',
          '“两委”班子学历结构',
          4,
          '鼓励村干部参加学历教育，提高班子文化素质。',
          '高中（中专）及以上学历的“两委”成员占比不低于60%，每低1个百分点扣0.2分。',
          '“两委”成员名册、学历证明',
          'seed 000',
          {
            kind: 'threshold',
            measure: 'twoCommitteesHighSchoolShare',
            atLeast: 60,
            step: 1,
            deductEach: 0.2,
          },
        ),
        byHand(
          'b-reserve',
          '村级后备干部',
          3,
          'ledgerReview',
          '建立村级后备干部队伍库，明确培养措施。',
          '未建立后备干部库或无培养措施的酌情扣分，最多扣3分。',
          '后备干部名册、培养记录',
          'seed 002',
        ),
        byHand(
          'b-satisfaction',
          '群众满意度测评',
          4,
          'ledgerReview',
          '每半年召开村民代表会议，对村干部进行满意度测评。',
          '全年未开展测评扣4分；只开展1次扣2分；满意率低的酌情扣分。',
          '村民代表会议记录、测评结果',
          'seed 001',
        ),
      ],
    },
    {
      key: 'b-urban-rural',
      name: '城乡统筹',
      maxPoints: 15,
      indicators: [
        auto(
          'b-pairing',
          '结对共建',
          4,
          '与机关、企业或城镇周边村结对共建，定期开展共建活动，共建台账资料齐全。',
          '全年开展共建活动不少于4次，每少1次扣1分。',
          '共建协议、活动记录',
          'seed 003',
          { kind: 'count', source: of('pairingActivity'), atLeast: 4, deductEach: 1 },
        ),
        auto(
          'b-service',
          '便民代办服务',
          3,
          '设立村便民代办点，为群众代办涉及切身利益的事项。',
          '全年代办事项不少于12件，每少1件扣0.25分。',
          '代办登记簿',
          'seed 002',
          { kind: 'count', source: of('serviceCase'), atLeast: 12, deductEach: 0.25 },
        ),
        byHand(
          'b-dual',
          '流动党员双重管理',
          3,
          'ledgerReview',
          '流出地与流入地党组织签订共管协议，定期互通流动党员情况。',
          '未建立双重管理联系机制的酌情扣分，最多扣3分。',
          '共管协议、联系记录',
          'seed 001',
        ),
        byHand(
          'b-sites',
          '服务阵地建设',
          5,
          'spotCheck',
          '村级公共服务中心、远程教育站点有专人管理，设备正常使用，定期开展教育培训。',
          '实地抽查，阵地闲置、设备挪用或无使用记录的酌情扣分，最多扣5分。',
          '站点管理制度、使用记录、照片',
          'seed 001',
        ),
      ],
    },
    ...bonusAndVeto('b'),
  ],
};

/** 乡镇（街道）党（工）委书记抓基层党建工作考核评分表. */
export const committeeTemplate: TemplateScheme = {
  name: '乡镇（街道）党（工）委书记抓基层党建工作考核评分细则',
  audience: 'committee',
  bonusCap: 5,
  categories: [
    {
      key: 'c-duty',
      name: '责任制落实',
      maxPoints: 25,
      indicators: [
        auto(
          'c-meetings',
          '专题研究党建工作',
          2,
          '党委每年召开专题会议研究基层党建工作，讨论年度计划、解决突出问题。',
          '全年专题研究不少于4次，每少开1次扣0.5分。',
          '党委会会议记录',
          'seed 002',
          { kind: 'count', source: of('partyBuildingMeeting'), atLeast: 4, deductEach: 0.5 },
        ),
        auto(
          'c-plan',
          '全镇党建工作年度计划',
          2,
          '年初制定全镇党建工作年度计划，明确任务和责任人。',
          '未制定年度计划的，本项不得分。',
          '年度计划文本',
          'seed 002',
          { kind: 'required', of: { source: of('annualPlan') }, deduct: 'all' },
        ),
        auto(
          'c-targets',
          '目标责任书落实',
          5,
          '与基层党组织签订年度目标责任书，指标层层分解、责任到人，年终考核。',
          '目标责任书所列事项每有1项未完成扣1分，扣完为止。',
          '目标责任书、考核结果',
          'seed 000',
          { kind: 'targets', deductEach: 1 },
        ),
        auto(
          'c-quarterly',
          '村书记季度述职',
          4,
          '每季度召开党建工作汇报交流会，听取村（社区）党组织书记汇报。',
          '每季度至少召开1次，缺1个季度扣1分。',
          '会议通知、记录、汇报材料',
          'seed 003',
          {
            kind: 'perPeriod',
            source: of('quarterlyReportMeeting'),
            every: 'quarter',
            atLeast: 1,
            deductEach: 1,
          },
        ),
        auto(
          'c-contact',
          '党委委员联系点',
          4,
          '每名党委委员和党员副镇长联系一个村和一个非公经济党组织，定期到点指导。',
          '每人每年到联系点不少于4次，每少1人次扣0.2分。',
          '联系点走访记录',
          'seed 002',
          {
            kind: 'perPerson',
            people: 'committeeMembers',
            source: of('contactVisit'),
            atLeast: 4,
            deductEach: 0.2,
          },
        ),
        auto(
          'c-democratic-life',
          '领导班子民主生活会',
          4,
          '按规定召开领导班子民主生活会，开展批评与自我批评，落实整改。',
          '未召开民主生活会的，本项不得分。',
          '会议记录、对照检查材料、整改清单',
          'seed 000',
          { kind: 'required', of: { source: of('democraticLifeMeeting') }, deduct: 'all' },
        ),
        byHand(
          'c-leading-group',
          '党建工作领导小组和制度',
          4,
          'ledgerReview',
          '成立书记任组长的党建工作领导小组，建立党建例会、理论学习、考核等制度，落实“一岗双责”。',
          '机构不健全、制度不落实的酌情扣分，最多扣4分。',
          '成立文件、制度文本、例会记录',
          'seed 000',
        ),
      ],
    },
    {
      key: 'c-cover',
      name: '组织覆盖',
      maxPoints: 15,
      indicators: [
        byHand(
          'c-new-orgs',
          '“两新”组织党建',
          5,
          'ledgerReview',
          '推进非公企业和社会组织党组织应建尽建，选派党建工作指导员。',
          '应建已建率、覆盖率、指导员选派率每有一项未达到100%扣1分，工作空白的扣5分。',
          '“两新”组织名册、党组织成立批复、指导员选派文件',
          'seed 002',
        ),
        byHand(
          'c-joint',
          '组织设置创新',
          4,
          'ledgerReview',
          '探索村村联建、村企联建、产业链建党组织，优化党组织设置。',
          '未开展组织设置调整探索的酌情扣分，最多扣4分。',
          '组织设置调整文件',
          'seed 003',
        ),
        byHand(
          'c-weak-orgs',
          '后进党组织转化',
          6,
          'spotCheck',
          '对后进（软弱涣散）党组织逐个制定整顿措施，配强班子，按期转化。',
          '实地抽查，每有1个未按期转化扣2分，扣完为止。',
          '整顿方案、转化验收材料',
          'seed 000',
        ),
      ],
    },
    {
      key: 'c-innovate',
      name: '工作创新',
      maxPoints: 10,
      indicators: [
        byHand(
          'c-forms',
          '组织活动方式创新',
          4,
          'spotCheck',
          '指导支部以远程教育、党小组活动、党性实践活动等形式改进“三会一课”。',
          '抽查支部，活动形式单一、流于形式的酌情扣分，最多扣4分。',
          '支部活动记录、远程教育记录',
          'seed 003',
        ),
        auto(
          'c-attendance',
          '组织生活参会率',
          3,
          '全镇党员参加组织生活的情况。',
          '平均参会率不低于80%，每低1个百分点扣0.2分，扣完为止。',
          '各支部签到表',
          'seed 003',
          { kind: 'threshold', measure: 'attendanceRate', atLeast: 80, step: 1, deductEach: 0.2 },
        ),
        byHand(
          'c-brand',
          '党建特色品牌',
          3,
          'ledgerReview',
          '立足本镇产业和工作实际培育党建工作特色和典型。',
          '无特色、无典型的酌情扣分，最多扣3分。',
          '典型材料、宣传报道',
          'seed 002',
        ),
      ],
    },
    {
      key: 'c-members',
      name: '党员队伍',
      maxPoints: 20,
      indicators: [
        auto(
          'c-develop',
          '发展党员',
          4,
          '按“十六字”方针发展党员，防止村级连续两年不发展党员。',
          '本年度全镇未发展党员的扣4分。',
          '发展党员名册、审批材料',
          'seed 000',
          { kind: 'required', of: { measure: 'membersDeveloped' }, deduct: 4 },
        ),
        auto(
          'c-activists',
          '积极分子集中培训',
          3,
          '分片对入党积极分子开展集中培训。',
          '本年度未培训入党积极分子的扣3分。',
          '培训方案、签到表',
          'seed 000',
          { kind: 'required', of: { measure: 'activistsTrained' }, deduct: 3 },
        ),
        auto(
          'c-hours',
          '党员教育培训学时',
          4,
          '建立党员培训层级负责制，培训情况造册登记、严格考勤。',
          '党员人均年度培训学时不少于8学时，每少1学时扣0.5分。',
          '培训登记册、考勤表',
          'seed 003',
          { kind: 'threshold', measure: 'trainingHoursPerMember', atLeast: 8, step: 1, deductEach: 0.5 },
        ),
        auto(
          'c-mobile',
          '流动党员管理',
          4,
          '建立流动党员登记和支委联系制度，办理《流动党员活动证》。',
          '有活动记录的流动党员占比不低于90%，每低1个百分点扣0.2分；无流动党员的不扣分。',
          '流动党员登记册、活动证记录',
          'seed 000',
          {
            kind: 'threshold',
            measure: 'mobileActivityShare',
            atLeast: 90,
            step: 1,
            deductEach: 0.2,
            whenMissing: 'keep',
          },
        ),
        byHand(
          'c-care',
          '党内关怀帮扶',
          5,
          'visit',
          '开展党内走访慰问和送温暖活动，建立困难党员帮扶机制。',
          '走访核实，帮扶机制不健全、措施不落实的酌情扣分，最多扣5分。',
          '走访慰问记录、帮扶资金台账',
          'seed 001',
        ),
      ],
    },
    {
      key: 'c-leaders',
      name: '带头人队伍',
      maxPoints: 15,
      indicators: [
        byHand(
          'c-select',
          '村党组织书记选拔',
          4,
          'ledgerReview',
          '拓宽选人视野，从致富能手、退役军人、返乡人员中选拔村党组织书记。',
          '选人用人导向不明确、村书记长期空缺的酌情扣分，最多扣4分。',
          '选任材料、村书记名册',
          'seed 003',
        ),
        auto(
          'c-education',
          '村干部学历结构',
          4,
          '组织村干部参加学历教育，提高村级班子文化程度。',
          '高中（中专）及以上学历的“两委”成员占比不低于60%，每低1个百分点扣0.2分。',
          '“两委”成员名册、学历证明',
          'seed 000',
          {
            kind: 'threshold',
            measure: 'twoCommitteesHighSchoolShare',
            atLeast: 60,
            step: 1,
            deductEach: 0.2,
          },
        ),
        auto(
          'c-age',
          '村级班子年龄结构',
          3,
          '注重选拔年轻干部进入村“两委”班子。',
          '“两委”成员平均年龄不超过50岁，每超1岁扣0.5分。',
          '“两委”成员名册',
          'seed 002',
          { kind: 'threshold', measure: 'twoCommitteesAverageAge', atMost: 50, step: 1, deductEach: 0.5 },
        ),
        byHand(
          'c-graduates',
          '大学生村官和驻村干部管理',
          4,
          'ledgerReview',
          '落实大学生村官和驻村干部管理制度，实行“一对一”传帮带。',
          '管理制度不健全、人员被截留的酌情扣分，最多扣4分。',
          '管理办法、考核记录',
          'seed 001',
        ),
      ],
    },
    {
      key: 'c-urban-rural',
      name: '城乡统筹',
      maxPoints: 15,
      indicators: [
        auto(
          'c-pairing',
          '结对共建',
          4,
          '组织机关、企业党组织与村结对共建，列入年度党建目标并定期研究。',
          '全年开展结对共建活动不少于4次，每少1次扣1分。',
          '共建方案、活动台账',
          'seed 003',
          { kind: 'count', source: of('pairingActivity'), atLeast: 4, deductEach: 1 },
        ),
        auto(
          'c-service',
          '全程便民代办服务',
          3,
          '设立镇便民代办服务站和村代办点，为群众代办民生事项。',
          '全年代办事项不少于12件，每少1件扣0.25分。',
          '代办登记簿',
          'seed 002',
          { kind: 'count', source: of('serviceCase'), atLeast: 12, deductEach: 0.25 },
        ),
        byHand(
          'c-dual',
          '流动党员两地双管',
          3,
          'ledgerReview',
          '与流入地党委建立每半年联系、每年互访的工作机制。',
          '未建立互访通报机制的酌情扣分，最多扣3分。',
          '共管协议、互访记录',
          'seed 001',
        ),
        byHand(
          'c-sites',
          '村级服务阵地',
          5,
          'spotCheck',
          '推进村级公共服务中心和远程教育站点建设，专人管理、正常使用。',
          '实地抽查，每发现1个站点闲置或无使用记录扣1分，扣完为止。',
          '建设台账、使用记录、照片',
          'seed 001',
        ),
      ],
    },
    ...bonusAndVeto('c'),
  ],
};

export const schemeTemplates = { committee: committeeTemplate, branch: branchTemplate } as const;
