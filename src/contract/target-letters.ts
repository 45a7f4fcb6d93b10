import { Type, type Static } from 'typebox';
import { subPeriodUnits } from '../domain/rule-format.js';
import { targetLetterStatuses } from '../domain/target-letters.js';
import { Id, Nullable, Text, Timestamp } from './common.js';
import { LedgerSource } from './rules.js';

/*
 * 目标责任书 (/api/target-letters): per org and cycle, the targets broken down from the scheme,
 * issued by the cycle's organizer and acknowledged (签收) by the org's secretary, with progress read
 * from the ledger. The rules of an item are the domain's (`domain/target-letters.ts`).
 */

export const TargetLetterStatus = Type.Enum([...targetLetterStatuses], { description: '状态' });

const Figure = Type.Number({ minimum: 0, maximum: 100000, description: '数值' });

export const TargetSource = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('records'), source: LedgerSource },
      { additionalProperties: false, description: '按台账记录计数' },
    ),
    Type.Object(
      {
        kind: Type.Literal('periods'),
        source: LedgerSource,
        every: Type.Enum([...subPeriodUnits]),
        atLeast: Type.Integer({ minimum: 1, maximum: 1000 }),
      },
      { additionalProperties: false, description: '按达到次数的月、季度或半年计数' },
    ),
    Type.Object(
      { kind: Type.Literal('entered'), value: Nullable(Figure) },
      { additionalProperties: false, description: '手工填报完成值' },
    ),
  ],
  { description: '完成情况的来源' },
);
export type TargetSource = Static<typeof TargetSource>;

export const TargetLetterItem = Type.Object(
  {
    indicatorKey: Nullable(Text(40), { description: '分解自的考核指标编号；自行增加的事项为 null' }),
    label: Text(100, { minLength: 1, description: '目标事项' }),
    target: Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: '目标值' }),
    unit: Text(10, { minLength: 1, description: '单位' }),
    progress: TargetSource,
  },
  { additionalProperties: false },
);
export type TargetLetterItem = Static<typeof TargetLetterItem>;

export const TargetLetterItemsInput = Type.Object(
  { items: Type.Array(TargetLetterItem, { maxItems: 200 }) },
  { additionalProperties: false },
);
export type TargetLetterItemsInput = Static<typeof TargetLetterItemsInput>;

export const TargetLetterListParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type TargetLetterListParams = Static<typeof TargetLetterListParams>;

export const CreateTargetLettersInput = Type.Object(
  {
    cycleId: Id,
    orgIds: Type.Optional(
      Type.Array(Id, { minItems: 1, maxItems: 5000, uniqueItems: true, description: '缺省为全部述职组织' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateTargetLettersInput = Static<typeof CreateTargetLettersInput>;
export const CreatedTargetLetters = Type.Object({ created: Type.Integer() });
export type CreatedTargetLetters = Static<typeof CreatedTargetLetters>;

/** One reporting org of the cycle and its letter, if it has one. */
export const TargetLetterSummary = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  letter: Nullable(
    Type.Object({
      id: Type.Integer(),
      status: TargetLetterStatus,
      items: Type.Integer(),
      reached: Type.Integer({ description: '已完成的事项数' }),
      issuedOn: Nullable(Type.String()),
      acknowledgedOn: Nullable(Type.String()),
    }),
  ),
});
export type TargetLetterSummary = Static<typeof TargetLetterSummary>;
export const TargetLetterList = Type.Object({
  items: Type.Array(TargetLetterSummary),
  /** Whether the reader may create, edit and issue letters of this cycle. */
  writable: Type.Boolean(),
});
export type TargetLetterList = Static<typeof TargetLetterList>;

export const TargetItemProgress = Type.Object({
  done: Nullable(Type.Number()),
  reached: Type.Boolean(),
  detail: Type.String({ description: '目标4次，完成3次' }),
});

export const TargetLetter = Type.Object({
  id: Type.Integer(),
  cycle: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    startsOn: Type.String(),
    endsOn: Type.String(),
    orgName: Type.String({ description: '组织考核的党组织（发文方）' }),
  }),
  org: Type.Object({ id: Type.Integer(), name: Type.String(), secretaryName: Nullable(Type.String()) }),
  status: TargetLetterStatus,
  items: Type.Array(Type.Object({ ...TargetLetterItem.properties, result: TargetItemProgress })),
  issuedOn: Nullable(Type.String()),
  issuedByName: Nullable(Type.String()),
  acknowledgedOn: Nullable(Type.String()),
  acknowledgedByName: Nullable(Type.String()),
  /** The reader may edit and issue it (the cycle's organizer, before it is issued). */
  editable: Type.Boolean(),
  /** The reader may sign for it (the org's own secretary, once it is issued). */
  acknowledgeable: Type.Boolean(),
  updatedAt: Timestamp,
});
export type TargetLetter = Static<typeof TargetLetter>;
