import { Type, type Static } from 'typebox';
import { sheetStatuses } from '../domain/paper-ballots.js';
import { Id, ItemsOf, Nullable } from './common.js';
import { BallotChoices, Grade } from './meetings.js';

/*
 * 纸质票 (/api/meetings/:id/paper-ballots): paper ballots entered twice by two different users,
 * reconciled, and counted as ordinary anonymous ballots. Rules are the domain's
 * (`domain/paper-ballots.ts`).
 */

export const SheetStatus = Type.Enum([...sheetStatuses], {
  description: '一致、不一致、待第二次录入、冲突（测评码已在手机上使用）',
});

const PaperEntrant = Type.Object({
  userName: Type.String(),
  /** Whether the signed-in user made this entry (and so may correct it). */
  mine: Type.Boolean(),
});

export const PaperSheet = Type.Object({
  serial: Type.Integer({ description: '测评码编号' }),
  category: Type.String({ description: '评议人类别名称' }),
  status: SheetStatus,
  first: Nullable(PaperEntrant, { description: '第一次录入' }),
  second: Nullable(PaperEntrant, { description: '第二次录入' }),
  /** 不一致: each cell where the entries differ, in ballot order; a null choice is 弃权. */
  differences: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      item: Type.String(),
      itemLabel: Type.String(),
      first: Nullable(Grade),
      second: Nullable(Grade),
    }),
  ),
  /** The signed-in user's own entry, to correct it; never the other user's. */
  myChoices: Nullable(BallotChoices),
});
export type PaperSheet = Static<typeof PaperSheet>;
export const PaperSheetList = ItemsOf(PaperSheet);
export type PaperSheetList = Static<typeof PaperSheetList>;

export const PaperEntryInput = Type.Object(
  { serial: Id, choices: BallotChoices },
  { additionalProperties: false },
);
export type PaperEntryInput = Static<typeof PaperEntryInput>;

export const PaperCorrectionInput = Type.Object({ choices: BallotChoices }, { additionalProperties: false });
export type PaperCorrectionInput = Static<typeof PaperCorrectionInput>;

export const PaperSerialParams = Type.Object({ id: Id, serial: Id }, { additionalProperties: false });
export type PaperSerialParams = Static<typeof PaperSerialParams>;

export const PaperCountResult = Type.Object({ counted: Type.Integer({ description: '计入的纸质票张数' }) });
export type PaperCountResult = Static<typeof PaperCountResult>;
