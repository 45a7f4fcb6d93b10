import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { BallotChoices, VotingState } from '../../../domain/meetings.js';
import { ballotGrades } from '../../../domain/ballot-grades.js';
import { nextPass, sheetStatus, type PaperEntry, type PaperPass } from '../../../domain/paper-ballots.js';
import type { Db } from '../../../db/client.js';
import { idArray, queryRows } from '../../../db/query-rows.js';
import { ballotCodes, ballots, paperBallotEntries, users } from '../../../db/schema/index.js';
import type {
  PaperCorrectionInput,
  PaperCountResult,
  PaperEntryInput,
  PaperSheet,
  PaperSheetList,
} from '../../../contract/paper-ballots.js';
import type { AppError } from '../../errors.js';
import { conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/record.js';
import { assertCompleteBallot, reportersOf, visibleMeeting, type MeetingServiceDeps } from './service.js';

type Meeting = Awaited<ReturnType<typeof visibleMeeting>>['meeting'];
type Reporter = Awaited<ReturnType<typeof reportersOf>>[number];
type CodeRow = typeof ballotCodes.$inferSelect;

interface EntryRow extends PaperEntry {
  codeId: number;
  userName: string;
}

/** A value of the shape of a SHA-256 that no one can produce from any input: see `count`. */
const unmatchable = () => randomBytes(32).toString('hex');

/** Fisher–Yates with a cryptographic source: the order ballots are inserted in says nothing of serials. */
function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Why paper ballots cannot be entered or counted for this meeting now, or null. */
function entryRefusal(meeting: Meeting): AppError | null {
  if (meeting.kind === 'satisfaction')
    return conflict('PAPER_BALLOTS_SURVEY', '满意度测评不支持纸质票录入，请使用手机扫码投票');
  if (meeting.rules.votingMode !== 'allAtOnce')
    return conflict(
      'PAPER_BALLOTS_PER_REPORTER',
      '逐人投票的评议会不能录入纸质票：纸质票一次评价全部述职人，只用于统一投票',
    );
  const voting = meeting.voting as VotingState;
  if (voting === 'notOpened') return conflict('VOTING_NOT_OPEN', '测评尚未开始，开始投票后才能录入纸质票');
  if (voting === 'closed') return conflict('VOTING_CLOSED', '本次测评已结束，不能再录入或计入纸质票');
  return null;
}

/** 纸质票: entries by two users, their reconciliation, counting and discarding. */
export function createPaperBallotService(deps: MeetingServiceDeps) {
  const { db, turnoutChanged = () => {} } = deps;

  /** The code with this serial, locked against a phone ballot cast with it meanwhile. */
  async function sheetCode(tx: Db, meetingId: number, serial: number): Promise<CodeRow> {
    const [code] = await tx
      .select()
      .from(ballotCodes)
      .where(and(eq(ballotCodes.meetingId, meetingId), eq(ballotCodes.serial, serial)))
      .for('update');
    if (!code) throw notFound(`本次评议会没有编号为 ${serial} 的测评码，请核对纸质票上的编号`);
    return code;
  }

  async function entriesOf(dbOrTx: Db, codeIds: number[]): Promise<EntryRow[]> {
    if (codeIds.length === 0) return [];
    const rows = await dbOrTx
      .select({
        codeId: paperBallotEntries.codeId,
        pass: paperBallotEntries.pass,
        userId: paperBallotEntries.userId,
        userName: users.displayName,
        choices: paperBallotEntries.choices,
      })
      .from(paperBallotEntries)
      .innerJoin(users, eq(users.id, paperBallotEntries.userId))
      .where(inArray(paperBallotEntries.codeId, codeIds));
    return rows.map((r) => ({ ...r, pass: r.pass as PaperPass }));
  }

  /** The meeting's sheets not yet counted, by serial, each with its entries, and the reporters. */
  async function pendingSheets(dbOrTx: Db, meetingId: number) {
    const codes = await dbOrTx
      .select()
      .from(ballotCodes)
      .where(
        and(
          eq(ballotCodes.meetingId, meetingId),
          sql`exists (select 1 from ${paperBallotEntries} e where e.code_id = ${ballotCodes.id})`,
        ),
      )
      .orderBy(asc(ballotCodes.serial));
    const entries = await entriesOf(
      dbOrTx,
      codes.map((c) => c.id),
    );
    return {
      sheets: codes.map((code) => ({ code, entries: entries.filter((e) => e.codeId === code.id) })),
      reporters: await reportersOf(dbOrTx, meetingId),
    };
  }

  function toSheet(
    actor: Actor,
    meeting: Meeting,
    reporters: Reporter[],
    code: Pick<CodeRow, 'serial' | 'category' | 'used'>,
    entries: EntryRow[],
  ): PaperSheet {
    const { status, differences } = sheetStatus(
      entries,
      code.used,
      reporters.map((r) => String(r.orgId)),
      meeting.items.map((i) => i.key),
    );
    const entrant = (pass: PaperPass) => {
      const entry = entries.find((e) => e.pass === pass);
      return entry ? { userName: entry.userName, mine: entry.userId === actor.id } : null;
    };
    return {
      serial: code.serial,
      category: meeting.categories.find((c) => c.key === code.category)?.label ?? code.category,
      status,
      first: entrant(1),
      second: entrant(2),
      differences: differences.map((d) => ({
        orgId: Number(d.orgId),
        orgName: reporters.find((r) => String(r.orgId) === d.orgId)?.orgName ?? d.orgId,
        item: d.item,
        itemLabel: meeting.items.find((i) => i.key === d.item)?.label ?? d.item,
        first: d.first ?? null,
        second: d.second ?? null,
      })),
      myChoices: entries.find((e) => e.userId === actor.id)?.choices ?? null,
    };
  }

  /** Stores or corrects the actor's entry of one sheet, then answers the sheet as it now stands. */
  async function saveEntry(
    actor: Actor,
    id: number,
    serial: number,
    choices: BallotChoices,
    correcting: boolean,
  ): Promise<PaperSheet> {
    return db.transaction(async (tx) => {
      // Held shared like a phone ballot holds it: closing the vote waits for the entry.
      const { meeting, orgPath } = await visibleMeeting(tx, actor, id, 'share');
      const code = await sheetCode(tx, id, serial);
      const refusal = entryRefusal(meeting);
      if (refusal) throw refusal;
      if (code.rehearsal)
        throw conflict('PAPER_BALLOT_REHEARSAL', `编号 ${serial} 是模拟测评码，不能录入纸质票`);
      if (code.used)
        throw conflict(
          'BALLOT_CODE_USED',
          `编号 ${serial} 的测评码已投票（手机或已计入的纸质票），不能再录入`,
        );
      const reporters = await reportersOf(tx, id);
      const entries = await entriesOf(tx, [code.id]);
      const mine = entries.find((e) => e.userId === actor.id);
      let pass: PaperPass;
      if (correcting) {
        if (!mine) throw notFound(`您没有录入过编号 ${serial} 的纸质票，不能修改`);
        pass = mine.pass;
      } else {
        const next = nextPass(entries, actor.id);
        if (typeof next === 'string') throw conflict('PAPER_ENTRY_REFUSED', next);
        pass = next;
      }
      assertCompleteBallot(meeting, reporters, choices);
      if (mine && correcting)
        await tx
          .update(paperBallotEntries)
          .set({ choices })
          .where(and(eq(paperBallotEntries.codeId, code.id), eq(paperBallotEntries.pass, pass)));
      else await tx.insert(paperBallotEntries).values({ codeId: code.id, pass, userId: actor.id, choices });
      // Who entered which sheet, never what it says.
      await recordAudit(tx, actor, {
        action: correcting ? 'update' : 'create',
        entityType: 'paperBallot',
        entityId: id,
        orgPath,
        after: { serial, pass },
      });
      return toSheet(actor, meeting, reporters, code, await entriesOf(tx, [code.id]));
    });
  }

  return {
    async list(actor: Actor, id: number): Promise<PaperSheetList> {
      const { meeting } = await visibleMeeting(db, actor, id);
      const { sheets, reporters } = await pendingSheets(db, id);
      return { items: sheets.map(({ code, entries }) => toSheet(actor, meeting, reporters, code, entries)) };
    },

    enter: (actor: Actor, id: number, input: PaperEntryInput) =>
      saveEntry(actor, id, input.serial, input.choices, false),

    correct: (actor: Actor, id: number, serial: number, input: PaperCorrectionInput) =>
      saveEntry(actor, id, serial, input.choices, true),

    /**
     * Every 一致 sheet becomes an ordinary anonymous ballot, all in one transaction: its code is
     * marked used, the ballot takes the code's category and a random id, and the entries go. A paper
     * voter has no receipt to check, and a ballot row must not show that it came from paper (with
     * the audited serials that would join them), so its receipt hash and the code's submission
     * digest are random values of a SHA-256's shape, which no receipt or submission can match.
     */
    async count(actor: Actor, id: number): Promise<PaperCountResult> {
      const counted = await db.transaction(async (tx) => {
        // Locked as closing the vote locks it: no close, and no phone ballot, runs meanwhile.
        const { meeting, orgPath } = await visibleMeeting(tx, actor, id, 'update');
        const refusal = entryRefusal(meeting);
        if (refusal) throw refusal;
        const { sheets, reporters: listed } = await pendingSheets(tx, id);
        const reporters = listed.map((r) => String(r.orgId));
        const items = meeting.items.map((i) => i.key);
        const agreed = sheets.flatMap(({ code, entries }) =>
          sheetStatus(entries, code.used, reporters, items).status === 'agreed'
            ? [{ code, choices: entries[0]!.choices }]
            : [],
        );
        if (agreed.length === 0) throw conflict('PAPER_NOTHING_TO_COUNT', '没有两次录入一致的纸质票可以计入');
        const codeIds = agreed.map((a) => a.code.id);
        // One statement for every sheet, each code its own random digest (hex: no quoting in the literal).
        const digests = `{${codeIds.map(unmatchable).join(',')}}`;
        await tx.execute(sql`update ${ballotCodes} c set used = true, submission_digest = d.digest
            from unnest(${idArray(codeIds)}, ${digests}::text[]) as d(id, digest) where c.id = d.id`);
        await tx.insert(ballots).values(
          shuffled(agreed).map(({ code, choices }) => {
            const cells = ballotGrades({ reporters: listed, items: meeting.items }, choices);
            return {
              meetingId: id,
              category: code.category,
              rehearsal: false,
              choices,
              grades: cells.grades,
              gradesFrom: cells.from,
              receiptHash: unmatchable(),
            };
          }),
        );
        await tx.delete(paperBallotEntries).where(inArray(paperBallotEntries.codeId, codeIds));
        await recordAudit(tx, actor, {
          action: 'paperBallot.count',
          entityType: 'paperBallot',
          entityId: id,
          orgPath,
          after: { sheets: agreed.length, serials: agreed.map((a) => a.code.serial).sort((a, b) => a - b) },
        });
        return agreed.length;
      });
      turnoutChanged(id);
      return { counted };
    },

    /** 放弃: every entry not yet counted goes, so the vote can close without them. */
    async discard(actor: Actor, id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const { orgPath } = await visibleMeeting(tx, actor, id, 'update');
        const gone = await queryRows<{ serial: number }>(
          tx,
          sql`delete from ${paperBallotEntries} e using ${ballotCodes} c
               where c.id = e.code_id and c.meeting_id = ${id} returning c.serial`,
        );
        const serials = [...new Set(gone.map((g) => g.serial))].sort((a, b) => a - b);
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'paperBallot',
          entityId: id,
          orgPath,
          before: { sheets: serials.length, serials },
        });
      });
    },
  };
}

export type PaperBallotService = ReturnType<typeof createPaperBallotService>;
