// 述职评议会 and 民主测评: what a review meeting's ballot asks, who the panelists are, what a valid
// ballot is, the one-time 测评码 and the turnout rule. Pure: the server, the ballot page and the
// tests share these.
import {
  gradeLabelSets,
  grades,
  satisfactionLabels,
  satisfactionLevels,
  type Grade,
  type SatisfactionLevel,
} from './results/grades.js';

/** The choices of a ballot, for the contract (which reads only this folder's top level). */
export { grades as ballotGrades, satisfactionLevels };

/**
 * 述职评议会 (a 民主测评 of reporters on the four grades) or 满意度测评 (a survey of orgs, e.g. a
 * 村民代表大会 rating its village's cadres, on 满意/基本满意/不满意). Both run on the same codes,
 * ballots and counting; a survey's code is bound to the one org it rates.
 */
export const meetingKinds = ['appraisal', 'satisfaction'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingKindLabels: Record<MeetingKind, string> = {
  appraisal: '述职评议会',
  satisfaction: '满意度测评',
};

/** The choices a ballot of each kind offers, best first, with their words. */
export const ballotScales = {
  appraisal: { choices: grades, labels: gradeLabelSets.appraisal },
  satisfaction: { choices: satisfactionLevels, labels: satisfactionLabels },
} as const satisfies Record<MeetingKind, { choices: readonly string[]; labels: Record<string, string> }>;

export interface BallotItem {
  key: string;
  label: string;
}

export interface PanelistCategory {
  key: string;
  label: string;
  /** Weight of the category in the appraisal score (e.g. 20 / 40 / 40); null when unweighted. */
  weight: number | null;
}

/** The items every ballot asks about by default; 总体评价 first, as paper ballots print it. */
export const defaultBallotItems: readonly BallotItem[] = [
  { key: 'overall', label: '总体评价' },
  { key: 'duty', label: '履行第一责任人职责' },
  { key: 'tasks', label: '推动重点任务落实及成效' },
  { key: 'problems', label: '查摆问题是否深刻具体' },
  { key: 'plans', label: '下一步思路措施是否可行' },
];

/** A survey's default questions; the first is the one its value is read from (domain/satisfaction.ts). */
export const defaultSurveyItems: readonly BallotItem[] = [
  { key: 'secretary', label: '对村党组织书记的满意度' },
  { key: 'leadership', label: '对村“两委”班子的满意度' },
  { key: 'threeSystems', label: '“三项制度”落实情况' },
];

/** Who rates at a 村民代表大会. */
export const defaultSurveyCategories: readonly PanelistCategory[] = [
  { key: 'villagerDelegates', label: '村民代表', weight: null },
  { key: 'memberDelegates', label: '党员代表', weight: null },
];

/** A survey ballot's optional comment, at most this many characters. */
export const surveyCommentMaxLength = 200;

/** The panel of seed practice (两代表一委员 among them); weights are set per meeting. */
export const defaultPanelistCategories: readonly PanelistCategory[] = [
  { key: 'superiors', label: '上级班子成员', weight: null },
  { key: 'secretaries', label: '下级书记', weight: null },
  { key: 'partyDelegates', label: '党代表', weight: null },
  { key: 'deputies', label: '人大代表/政协委员', weight: null },
  { key: 'representatives', label: '党员群众代表', weight: null },
];

/**
 * Why the weights given do not make a whole, or null: none given (unweighted) or they sum to 100.
 * A category left without a weight while others have one counts as 0 %.
 */
export function categoryWeightProblem(categories: readonly PanelistCategory[]): string | null {
  const given = categories.filter((c) => c.weight !== null);
  if (given.length === 0) return null;
  const sum = Math.round(given.reduce((s, c) => s + c.weight!, 0) * 100) / 100;
  return sum === 100 ? null : `各类评议人权重合计 ${sum}%，应为 100%`;
}

/** A key for a new item or category (a letter, then letters and digits) that none of `taken` holds. */
export function unusedKey(prefix: string, taken: readonly { key: string }[]): string {
  const keys = new Set(taken.map((t) => t.key));
  let n = taken.length + 1;
  while (keys.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export const votingStates = ['notOpened', 'open', 'closed'] as const;
export type VotingState = (typeof votingStates)[number];
export const votingStateLabels: Record<VotingState, string> = {
  notOpened: '未开始',
  open: '投票中',
  closed: '已结束',
};

export const reporterModes = ['onStage', 'written'] as const;
export type ReporterMode = (typeof reporterModes)[number];
export const reporterModeLabels: Record<ReporterMode, string> = { onStage: '现场', written: '书面' };

/** 统一投票: one ballot grades every reporter; 逐人投票: voting opens for one reporter after another. */
export const votingModes = ['allAtOnce', 'perReporter'] as const;
export type VotingMode = (typeof votingModes)[number];
export const votingModeLabels: Record<VotingMode, string> = {
  allAtOnce: '统一投票',
  perReporter: '逐人投票',
};

export interface MeetingRules {
  /** Whether an item left blank counts as 弃权; otherwise every choice is required. */
  allowAbstain: boolean;
  /** Results are withheld for a reporter with fewer valid ballots than this. */
  minBallots: number;
  votingMode: VotingMode;
}
export const defaultMeetingRules: MeetingRules = {
  allowAbstain: false,
  minBallots: 1,
  votingMode: 'allAtOnce',
};

/** A ballot's choices: per reporting org, per item, a grade or null (弃权). */
export type BallotChoices = Record<string, Record<string, Grade | null>>;
/** A ballot of either kind, as submitted and stored: per org, per item, a grade or a satisfaction level. */
export type AnyBallotChoices = Record<string, Record<string, Grade | SatisfactionLevel | null>>;

/** What a ballot is checked against: the reporters open for voting, in order, and the items. */
export interface BallotForm {
  reporters: readonly { orgId: number; name: string }[];
  items: readonly BallotItem[];
  allowAbstain: boolean;
  /** Which scale the choices are on; 述职评议会 when not said. */
  kind?: MeetingKind;
}

/**
 * Every problem of a ballot, in Chinese, naming the reporter and the item: each open reporter must
 * have every item given a choice of the meeting's scale (好/较好/一般/差, or 满意/基本满意/不满意),
 * or null (弃权) where the meeting allows it; nothing else may be graded.
 */
export function ballotProblems(form: BallotForm, choices: AnyBallotChoices): string[] {
  const scale: { choices: readonly string[]; labels: Record<string, string> } =
    ballotScales[form.kind ?? 'appraisal'];
  const isChoice = (value: unknown) => scale.choices.includes(value as string);
  const problems: string[] = [];
  const open = new Set(form.reporters.map((r) => String(r.orgId)));
  const itemKeys = new Set(form.items.map((i) => i.key));
  for (const orgId of Object.keys(choices))
    if (!open.has(orgId)) problems.push(`测评票中有不在本次测评范围内的述职组织（编号 ${orgId}）`);
  for (const reporter of form.reporters) {
    const given = choices[String(reporter.orgId)] ?? {};
    for (const key of Object.keys(given))
      if (!itemKeys.has(key)) problems.push(`${reporter.name}：测评票中有未知的测评项目“${key}”`);
    for (const item of form.items) {
      const choice = given[item.key];
      if (choice === null && form.allowAbstain) continue;
      if (choice === undefined || choice === null) problems.push(`${reporter.name}：请评价“${item.label}”`);
      else if (!isChoice(choice))
        problems.push(
          `${reporter.name}：“${item.label}”只能选${scale.choices.map((g) => scale.labels[g]).join('、')}`,
        );
    }
  }
  return problems;
}

// ---- 逐人投票 -----------------------------------------------------------------------------------

export interface VotingStatus {
  mode: VotingMode;
  voting: VotingState;
  /** In reporting order; each reporter's own state matters only in 逐人投票. */
  reporters: readonly { orgId: number; name: string; voting: VotingState }[];
}

export interface VotingAction {
  action: 'open' | 'close';
  /** 逐人投票: the reporter whose voting opens or closes; none closes the whole meeting's vote. */
  orgId?: number;
}

/** What a voting action changes: the meeting's state and the reporters whose state changes. */
export interface VotingChange {
  voting: VotingState;
  reporters: { orgId: number; voting: VotingState }[];
}

/**
 * The change an organizer's open/close makes, or the Chinese reason it is refused. In 逐人投票 one
 * reporter at a time is open, each only once (an old tab must not find a closed reporter open
 * again); the final close without a reporter ends the meeting's vote and closes whoever is open.
 */
export function votingChange(status: VotingStatus, input: VotingAction): VotingChange | string {
  const { action, orgId } = input;
  if (status.mode === 'allAtOnce') {
    if (orgId !== undefined) return '本次评议会为统一投票，不能按述职人开始或结束投票';
    if (action === 'open')
      return status.voting === 'notOpened'
        ? { voting: 'open', reporters: [] }
        : '测评已开始或已结束，不能再次开始';
    return status.voting === 'open' ? { voting: 'closed', reporters: [] } : '测评未在进行中，不能结束';
  }
  if (status.voting === 'closed') return '本次测评已结束，不能再开始或结束投票';
  const open = status.reporters.find((r) => r.voting === 'open');
  if (orgId === undefined) {
    if (action === 'open') return '逐人投票须选择开始哪一位述职人的投票';
    if (status.voting !== 'open') return '测评尚未开始，不能结束';
    return { voting: 'closed', reporters: open ? [{ orgId: open.orgId, voting: 'closed' }] : [] };
  }
  const reporter = status.reporters.find((r) => r.orgId === orgId);
  if (!reporter) return '该组织不是本次评议会的述职组织';
  if (action === 'close') {
    if (reporter.voting !== 'open') return `对“${reporter.name}”的投票未在进行中，不能结束`;
    return { voting: 'open', reporters: [{ orgId, voting: 'closed' }] };
  }
  if (open) return `请先结束对“${open.name}”的投票，再开始下一位`;
  if (reporter.voting === 'closed') return `对“${reporter.name}”的投票已结束，不能再次开始`;
  return { voting: 'open', reporters: [{ orgId, voting: 'open' }] };
}

/**
 * In 逐人投票, why a ballot for these reporters is refused now, or null: it must grade the one
 * reporter whose voting is open and no other (an old tab still shows a closed one).
 */
export function perReporterRefusal(
  status: VotingStatus,
  choiceOrgIds: readonly string[],
): { code: 'VOTING_NOT_OPEN' | 'REPORTER_VOTING_NOT_OPEN'; message: string } | null {
  const open = status.reporters.find((r) => r.voting === 'open');
  if (!open)
    return {
      code: 'VOTING_NOT_OPEN',
      message: '当前没有正在进行的投票，请等待主持人宣布开始下一位述职人的投票',
    };
  // An id of no reporter at all is a malformed ballot, left to `ballotProblems`.
  const stale = status.reporters.find((r) => r !== open && choiceOrgIds.includes(String(r.orgId)));
  return stale
    ? { code: 'REPORTER_VOTING_NOT_OPEN', message: `对“${stale.name}”的投票未开始或已结束，请刷新页面` }
    : null;
}

// ---- 测评码 -------------------------------------------------------------------------------------

/** 32 letters and digits without 0/O and 1/I, which read alike on a printed sheet. */
export const ballotCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ballotCodeLength = 12;

/** Twelve characters from 32: 60 bits, far beyond guessing one of a meeting's few hundred codes. */
export function formatBallotCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * The code a panelist typed or scanned, normalized (upper case, without spaces and dashes), or
 * null when it cannot be a code.
 */
export function parseBallotCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== ballotCodeLength) return null;
  for (const char of code) if (!ballotCodeAlphabet.includes(char)) return null;
  return code;
}

/** A code from random bytes (one per character): 256 is a multiple of 32, so every letter is as likely. */
export function ballotCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < ballotCodeLength) throw new Error(`a ballot code needs ${ballotCodeLength} bytes`);
  let code = '';
  for (let i = 0; i < ballotCodeLength; i++) code += ballotCodeAlphabet[bytes[i]! % 32];
  return code;
}

// ---- 投票率 -------------------------------------------------------------------------------------

export interface Turnout {
  issued: number;
  cast: number;
}

/**
 * A vote counts only when more than half of the codes issued were used; more ballots than codes
 * would void it (the database's one-ballot-per-code rule makes that impossible, and this says so).
 */
export function turnoutProblem({ issued, cast }: Turnout): string | null {
  if (cast > issued) return `收回测评票 ${cast} 张，多于发出的 ${issued} 张，测评无效`;
  if (cast * 2 <= issued) return `收回测评票 ${cast} 张，未超过发出的 ${issued} 张的半数，测评无效`;
  return null;
}

// ---- 计票 ---------------------------------------------------------------------------------------

/** A category whose tally would be shown apart with fewer ballots than this is merged into 其他. */
export const minBallotsShownApart = 3;
export const mergedCategory: PanelistCategory = { key: 'other', label: '其他', weight: null };

/**
 * Which group each category's ballots are tallied in: its own when it has at least three ballots,
 * otherwise 其他 — and when 其他 itself would hold one or two, it also takes the smallest shown
 * category, so no group of one or two panelists can be read off the tally.
 */
export function tallyGroups(ballotsByCategory: Record<string, number>): Record<string, string> {
  const entries = Object.entries(ballotsByCategory).filter(([, n]) => n > 0);
  const small = entries.filter(([, n]) => n < minBallotsShownApart);
  const shown = entries.filter(([, n]) => n >= minBallotsShownApart).sort((a, b) => a[1] - b[1]);
  const groups: Record<string, string> = {};
  for (const [key] of shown) groups[key] = key;
  const otherCount = small.reduce((sum, [, n]) => sum + n, 0);
  for (const [key] of small) groups[key] = mergedCategory.key;
  if (otherCount > 0 && otherCount < minBallotsShownApart && shown.length > 0)
    groups[shown[0]![0]] = mergedCategory.key;
  return groups;
}
