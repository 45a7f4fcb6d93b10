import { Type, type Static } from 'typebox';
import {
  ballotCodeAlphabet,
  ballotGrades,
  meetingKinds,
  reporterModes,
  satisfactionLevels,
  surveyCommentMaxLength,
  votingModes,
  votingStates,
} from '../domain/meetings.js';
import { Id, IsoDate, ItemsOf, Nullable, Text, Timestamp } from './common.js';

/*
 * 述职评议会 (/api/meetings) and the public ballot page's calls (/api/ballot): meetings, their
 * 测评码 and 民主测评 ballots. Rules and labels are the domain's (`domain/meetings.ts`).
 */

export const VotingState = Type.Enum([...votingStates], { description: '投票状态' });
export const ReporterMode = Type.Enum([...reporterModes], { description: '述职方式：现场、书面' });
export const VotingMode = Type.Enum([...votingModes], { description: '统一投票、逐人投票' });
export const Grade = Type.Enum([...ballotGrades], { description: '好、较好、一般、差' });
export const MeetingKind = Type.Enum([...meetingKinds], { description: '述职评议会、满意度测评' });
export const SatisfactionLevel = Type.Enum([...satisfactionLevels], {
  description: '满意、基本满意、不满意',
});

const Key = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z][A-Za-z0-9]*$' });
export const BallotItem = Type.Object(
  { key: Key, label: Text(40) },
  { additionalProperties: false, description: '测评项目' },
);
export const PanelistCategory = Type.Object(
  {
    key: Key,
    label: Text(40),
    weight: Nullable(Type.Number({ minimum: 0, maximum: 100 }), { description: '权重（%），不加权为空' }),
  },
  { additionalProperties: false, description: '评议人类别' },
);
const meetingRuleFields = {
  allowAbstain: Type.Boolean({ description: '允许弃权（不选视为弃权）' }),
  minBallots: Type.Integer({ minimum: 1, maximum: 1000, description: '有效票少于此数不出结果' }),
};
export const MeetingRules = Type.Object(
  { ...meetingRuleFields, votingMode: VotingMode },
  { additionalProperties: false },
);
/** As written: a client that does not know 逐人投票 yet leaves it out and gets 统一投票. */
export const MeetingRulesInput = Type.Object(
  { ...meetingRuleFields, votingMode: Type.Optional(VotingMode) },
  { additionalProperties: false },
);

export const MeetingReporter = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  position: Type.Integer(),
  mode: ReporterMode,
  /** 逐人投票: this reporter's own voting state. */
  voting: VotingState,
});

export const Meeting = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  kind: MeetingKind,
  name: Type.String(),
  heldOn: Type.String(),
  venue: Type.String(),
  items: Type.Array(BallotItem),
  categories: Type.Array(PanelistCategory),
  rules: MeetingRules,
  voting: VotingState,
  reporters: Type.Array(MeetingReporter),
  /** Whether any ballot (rehearsal or not) is stored: the meeting can no longer be deleted. */
  hasBallots: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Meeting = Static<typeof Meeting>;
export const MeetingList = ItemsOf(Type.Omit(Meeting, ['reporters']));
export type MeetingList = Static<typeof MeetingList>;
export const MeetingListParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type MeetingListParams = Static<typeof MeetingListParams>;

export const CreateMeetingInput = Type.Object(
  {
    cycleId: Id,
    /** 述职评议会 when left out. */
    kind: Type.Optional(MeetingKind),
    name: Text(100),
    heldOn: IsoDate,
    venue: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateMeetingInput = Static<typeof CreateMeetingInput>;

export const UpdateMeetingInput = Type.Object(
  {
    name: Text(100),
    heldOn: IsoDate,
    venue: Type.String({ maxLength: 100 }),
    items: Type.Array(BallotItem, { minItems: 1, maxItems: 20 }),
    categories: Type.Array(PanelistCategory, { minItems: 1, maxItems: 20 }),
    rules: MeetingRulesInput,
    reporters: Type.Array(Type.Object({ orgId: Id, mode: ReporterMode }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1000,
      description: '述职顺序',
    }),
  },
  { additionalProperties: false },
);
export type UpdateMeetingInput = Static<typeof UpdateMeetingInput>;

export const CreateCodesInput = Type.Object(
  {
    category: Key,
    count: Type.Integer({ minimum: 1, maximum: 500 }),
    rehearsal: Type.Optional(Type.Boolean({ description: '模拟测评用码' })),
    /** 满意度测评: the rated org the codes are for (required there, refused for a 述职评议会). */
    orgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateCodesInput = Static<typeof CreateCodesInput>;

export const BallotCodeRow = Type.Object({
  serial: Type.Integer(),
  category: Type.String(),
  /** As printed: XXXX-XXXX-XXXX. */
  code: Type.String(),
  rehearsal: Type.Boolean(),
  used: Type.Boolean(),
  /** 满意度测评: the org the code rates; null for a 述职评议会's code. */
  orgId: Nullable(Type.Integer()),
  orgName: Nullable(Type.String()),
});
export type BallotCodeRow = Static<typeof BallotCodeRow>;
export const BallotCodeList = ItemsOf(BallotCodeRow);
export type BallotCodeList = Static<typeof BallotCodeList>;

export const VotingInput = Type.Object(
  {
    action: Type.Enum(['open', 'close'], { description: '开始、结束投票' }),
    // 逐人投票: whose voting opens or closes; a close without it ends the whole meeting's vote.
    orgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type VotingInput = Static<typeof VotingInput>;

const TurnoutRow = Type.Object({
  category: Type.String(),
  label: Type.String(),
  issued: Type.Integer({ description: '应发' }),
  used: Type.Integer({ description: '已投' }),
});
export const Turnout = Type.Object({
  voting: VotingState,
  votingMode: VotingMode,
  /** 逐人投票: 已投/应发 for the reporter whose voting is open; null when none is. */
  reporter: Nullable(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      categories: Type.Array(TurnoutRow),
      issued: Type.Integer(),
      used: Type.Integer(),
    }),
  ),
  /** In 逐人投票 a code counts as used once it voted for any reporter. */
  categories: Type.Array(TurnoutRow),
  rehearsal: Type.Array(TurnoutRow, { description: '模拟测评，另计' }),
  issued: Type.Integer(),
  used: Type.Integer(),
  /** Why the vote does not count (turnout at or below half of the codes issued); null when it does. */
  problem: Nullable(Type.String()),
});
export type Turnout = Static<typeof Turnout>;

const SatisfactionCounts = Type.Object({
  satisfied: Type.Number(),
  basicallySatisfied: Type.Number(),
  dissatisfied: Type.Number(),
});
const GradeCounts = Type.Object({
  excellent: Type.Integer(),
  good: Type.Integer(),
  fair: Type.Integer(),
  poor: Type.Integer(),
  abstain: Type.Integer(),
});
export const Tally = Type.Object({
  /** The groups shown: categories with three ballots or more, the rest merged into 其他. */
  groups: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ballots: Type.Integer() })),
  reporters: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      items: Type.Array(
        Type.Object({
          key: Type.String(),
          label: Type.String(),
          byGroup: Type.Record(Type.String(), GradeCounts),
        }),
      ),
    }),
  ),
  problem: Nullable(Type.String()),
  /** 满意度测评: per rated org, its result and comments; empty for a 述职评议会. */
  surveyed: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      issued: Type.Integer({ description: '发出测评码' }),
      ballots: Type.Integer({ description: '有效票' }),
      items: Type.Array(
        Type.Object({ key: Type.String(), label: Type.String(), counts: SatisfactionCounts }),
      ),
      /** Shares of the first question's choices, 0–1. */
      shares: SatisfactionCounts,
      /** 满意率 of the first question, 0–100; null when withheld. */
      value: Nullable(Type.Number()),
      /** Why this org's survey does not count (turnout), or null. */
      problem: Nullable(Type.String()),
      /** In alphabetical order: nothing tells which ballot or when. */
      comments: Type.Array(Type.String()),
    }),
  ),
});
export type Tally = Static<typeof Tally>;

/** Per reporting org (by id), per item, a grade or null (弃权): a phone ballot's or a paper sheet's. */
export const BallotChoices = Type.Record(
  Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  Type.Record(Type.String({ maxLength: 40 }), Nullable(Grade)),
  // A key that is not an org id is refused here, not left to the service.
  { additionalProperties: false },
);
/** A phone ballot of either kind: grades for a 述职评议会, 满意度 levels for a survey (checked by kind). */
const CastChoices = Type.Record(
  Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  Type.Record(Type.String({ maxLength: 40 }), Nullable(Type.Union([Grade, SatisfactionLevel]))),
  { additionalProperties: false },
);

// ---- the public ballot page -------------------------------------------------------------------

export const BallotCodeParams = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: `^[${ballotCodeAlphabet}${ballotCodeAlphabet.toLowerCase()} -]+$`,
      description: '测评码（可含空格和短横线，不分大小写）',
    }),
  },
  { additionalProperties: false },
);
export type BallotCodeParams = Static<typeof BallotCodeParams>;

export const BallotForm = Type.Object({
  meetingName: Type.String(),
  heldOn: Type.String(),
  category: Type.String({ description: '评议人类别名称' }),
  kind: MeetingKind,
  rehearsal: Type.Boolean(),
  allowAbstain: Type.Boolean(),
  votingMode: VotingMode,
  items: Type.Array(BallotItem),
  /** 逐人投票: only the reporter whose voting is open and this code has not voted for; empty while waiting. */
  reporters: Type.Array(
    Type.Object({ orgId: Type.Integer(), name: Type.String(), position: Type.Integer(), mode: ReporterMode }),
  ),
});
export type BallotForm = Static<typeof BallotForm>;

export const CastBallotInput = Type.Object(
  {
    submissionId: Type.String({ format: 'uuid', description: '投票页生成并保存的随机编号' }),
    choices: CastChoices,
    /** 满意度测评: an optional comment on the org rated; refused on a 述职评议会's ballot. */
    comment: Type.Optional(Type.String({ maxLength: surveyCommentMaxLength })),
  },
  { additionalProperties: false },
);
export type CastBallotInput = Static<typeof CastBallotInput>;

export const BallotReceipt = Type.Object({ receipt: Type.String({ description: '回执号' }) });
export type BallotReceipt = Static<typeof BallotReceipt>;

export const ReceiptParams = Type.Object(
  { receipt: Type.String({ pattern: '^[0-9]{5}-?[0-9]{5}$' }) },
  { additionalProperties: false },
);
export type ReceiptParams = Static<typeof ReceiptParams>;
export const ReceiptStatus = Type.Object({ counted: Type.Boolean() });
export type ReceiptStatus = Static<typeof ReceiptStatus>;

// ---- 满意度测评覆盖 ----------------------------------------------------------------------------

export const SatisfactionCoverage = Type.Object({
  year: Type.Integer(),
  villages: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      halves: Type.Array(
        Type.Object({
          half: Type.Integer({ minimum: 1, maximum: 2, description: '1 上半年，2 下半年' }),
          /** Empty: 未测评. */
          surveys: Type.Array(
            Type.Object({ id: Type.Integer(), name: Type.String(), heldOn: Type.String() }),
          ),
        }),
      ),
    }),
  ),
  without: Type.Object({
    first: Type.Integer({ description: '上半年未测评的村' }),
    second: Type.Integer({ description: '下半年未测评的村' }),
    any: Type.Integer({ description: '有半年未测评的村' }),
  }),
});
export type SatisfactionCoverage = Static<typeof SatisfactionCoverage>;
