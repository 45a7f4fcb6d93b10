import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import type { FileMeta } from '../../../contract/files.js';
import {
  fileKindLabels,
  fileKindRules,
  fileTypeProblem,
  formatBytes,
  storedFileName,
  type FileKind,
} from '../../../domain/file-kinds.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { fileBlobs, fileReferences, files } from '../../../db/schema/index.js';
import type { Task } from '../../scheduler/scheduler.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { orgInScope } from '../orgs/lookup.js';
import { databaseBlobStore, type BlobStore } from './blob-store.js';

/** An object that uses files: a ledger record, a rectification, a report … */
export interface FileOwner {
  type: string;
  id: string | number;
}

export type FileDto = FileMeta;

export interface NewFile {
  kind: FileKind;
  /** The org the file belongs to; defaults to the actor's own. */
  orgId?: number;
  name: string;
  source: Readable;
}

/** How long an upload may wait to be attached before the daily cleanup removes it. */
export const unattachedGraceHours = 24;

const fileNotFound = () => notFound('文件不存在或不在您的管理范围内');
export const fileTooLarge = (kind: FileKind) =>
  new AppError(
    413,
    'FILE_TOO_LARGE',
    `文件过大：${fileKindLabels[kind]}不能超过 ${formatBytes(fileKindRules[kind].maxBytes)}`,
  );

const columns = {
  id: files.id,
  name: files.name,
  type: files.type,
  size: files.size,
  kind: files.kind,
  orgPath: files.orgPath,
  sha256: fileBlobs.sha256,
  blobId: files.blobId,
  uploadedBy: files.uploadedBy,
  uploaderName: files.uploaderName,
  createdAt: files.createdAt,
};

interface Row {
  id: number;
  name: string;
  type: string;
  size: number;
  kind: string;
  orgPath: string;
  sha256: string;
  blobId: number;
  uploadedBy: number | null;
  uploaderName: string | null;
  createdAt: Date;
}

function toDto({ orgPath, blobId: _blobId, ...row }: Row): FileDto {
  // Paths are ids from the root down: the last one is the file's own org.
  return {
    ...row,
    kind: row.kind as FileKind,
    orgId: Number(orgPath.split('.').pop()),
    createdAt: row.createdAt.toISOString(),
  };
}

const idList = (ids: readonly number[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

interface Spooled {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Copies the upload to a temporary file while hashing and counting it, so an oversize upload is
 * refused before the database sees a byte of it, whatever the client declared.
 */
async function spool(source: Readable, dir: string, kind: FileKind): Promise<Spooled> {
  const { maxBytes } = fileKindRules[kind];
  const hash = createHash('sha256');
  let size = 0;
  const file = path.join(dir, 'upload');
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(fileTooLarge(kind));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  let broken = false;
  source.once('error', () => (broken = true));
  try {
    await pipeline(source, counter, fs.createWriteStream(file));
  } catch (error) {
    if (error instanceof AppError || !broken) throw error;
    throw badRequest('FILE_UPLOAD_BROKEN', '文件上传不完整或格式不正确，请重新上传');
  }
  // A multipart parser ends a part cut at its limit quietly and marks it truncated.
  if ((source as Readable & { truncated?: boolean }).truncated) throw fileTooLarge(kind);
  return { file, size, sha256: hash.digest('hex') };
}

/**
 * The blob row for `sha256`, created (with its bytes) when new, and held with a share lock so the
 * cleanup of unused blobs cannot remove it before this transaction's file row points at it.
 */
async function blobFor(tx: Db, store: BlobStore, spooled: Spooled): Promise<number> {
  // A blob removed by a cleanup between the two statements is inserted again on the next turn.
  for (;;) {
    const [created] = await tx
      .insert(fileBlobs)
      .values({ sha256: spooled.sha256, size: spooled.size })
      .onConflictDoNothing()
      .returning({ id: fileBlobs.id });
    if (created) {
      await store.write(tx, created.id, spooled.file);
      return created.id;
    }
    const [existing] = await queryRows<{ id: number }>(
      tx,
      sql`select id::int from file_blobs where sha256 = ${spooled.sha256} for share`,
    );
    if (existing) return Number(existing.id);
  }
}

// The audit log records what was stored, never the content.
const auditView = (f: { name: string; type: string; size: number; kind: string }) => ({
  name: f.name,
  type: f.type,
  size: f.size,
  kind: f.kind,
});

/**
 * Removes the files among `ids` that nothing references, and then their blobs if no other file
 * uses them. Rows locked by a concurrent attach or upload are left alone: they are in use.
 */
async function removeUnreferenced(tx: Db, actor: AuditActor | null, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const removed = await queryRows<{
    id: string;
    blobId: string;
    name: string;
    type: string;
    size: string;
    kind: string;
    orgPath: string;
  }>(
    tx,
    sql`delete from files where id in (
          select f.id from files f where f.id in (${idList(ids)})
          and not exists (select 1 from file_references r where r.file_id = f.id)
          for update of f skip locked)
        returning id, blob_id as "blobId", name, type, size, kind, org_path::text as "orgPath"`,
  );
  for (const f of removed)
    await recordAudit(tx, actor, {
      action: 'delete',
      entityType: 'file',
      entityId: f.id,
      orgPath: f.orgPath,
      before: auditView({ ...f, size: Number(f.size) }),
    });
  const blobIds = [...new Set(removed.map((f) => Number(f.blobId)))];
  if (blobIds.length)
    await tx.execute(sql`delete from file_blobs where id in (
        select b.id from file_blobs b where b.id in (${idList(blobIds)})
        and not exists (select 1 from files f where f.blob_id = b.id)
        for update of b skip locked)`);
  return removed.length;
}

const ownerKey = (owner: FileOwner) =>
  and(eq(fileReferences.ownerType, owner.type), eq(fileReferences.ownerId, String(owner.id)));

/** Who the daily cleanup is in the audit log. */
const cleanupActor: AuditActor = { id: 0, displayName: '系统（定时清理）', ip: 'scheduler' };

/** The daily cleanup, as the scheduler runs it: the grace period counts back from the run's time. */
export const removeUnattachedFilesTask = (): Task => ({
  name: 'files.removeUnattached',
  dailyAt: '03:00',
  async run({ db, now }) {
    await removeUnattachedFiles(db, now);
  },
});

/**
 * Removes uploads older than the grace period that no object references, and blobs left without a
 * file. The scheduler calls it daily; it works in batches so a large backlog needs no long lock.
 */
export async function removeUnattachedFiles(
  db: Db,
  now: Date,
  graceHours = unattachedGraceHours,
): Promise<number> {
  const before = new Date(now.getTime() - graceHours * 3600_000);
  let total = 0;
  for (;;) {
    const removed = await db.transaction(async (tx) => {
      const stale = await queryRows<{ id: string }>(
        tx,
        sql`select f.id from files f where f.created_at < ${before.toISOString()}::timestamptz
            and not exists (select 1 from file_references r where r.file_id = f.id)
            order by f.id limit 500`,
      );
      return stale.length
        ? {
            found: stale.length,
            removed: await removeUnreferenced(
              tx,
              cleanupActor,
              stale.map((r) => Number(r.id)),
            ),
          }
        : null;
    });
    if (!removed) return total;
    total += removed.removed;
    // Rows skipped as locked are in use right now; the next day's run looks again.
    if (removed.removed < removed.found) return total;
  }
}

export function createFileService({ db, store = databaseBlobStore }: { db: Db; store?: BlobStore }) {
  async function findInScope(dbOrTx: Db, actor: Actor, id: number): Promise<Row> {
    const [row] = await dbOrTx
      .select(columns)
      .from(files)
      .innerJoin(fileBlobs, eq(fileBlobs.id, files.blobId))
      .where(and(eq(files.id, id), withinScope(actor.scope, files.orgPath)));
    if (!row) throw fileNotFound();
    return row;
  }

  return {
    /**
     * Stores a file of `kind` under an org in the actor's scope: 413 over the kind's size, 400 when
     * the bytes are not a type the kind allows or the name's extension does not name them. Identical
     * bytes are stored once.
     */
    async put(actor: Actor, input: NewFile): Promise<FileDto> {
      const named = storedFileName(input.name);
      if ('problem' in named) throw badRequest('FILE_NAME_INVALID', named.problem);
      const orgId = input.orgId ?? actor.orgId;
      if (orgId === null) throw badRequest('FILE_ORG_REQUIRED', '请指定文件所属的组织');
      const org = await orgInScope(db, actor, orgId);
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'shuping-upload-'));
      try {
        const spooled = await spool(input.source, dir, input.kind);
        if (spooled.size === 0) throw badRequest('FILE_EMPTY', '文件是空的');
        const sniffed = await fileTypeFromFile(spooled.file);
        const problem = fileTypeProblem(input.kind, named.name, sniffed?.mime);
        if (problem) throw badRequest(problem.code, problem.message);
        const id = await db.transaction(async (tx) => {
          // The org may have been moved or deleted while the bytes arrived; the key-share lock keeps
          // it from being deleted (which checks for files) until this file is in.
          const current = await orgInScope(tx, actor, org.id);
          await tx.execute(sql`select 1 from orgs where id = ${org.id} for key share`);
          const blobId = await blobFor(tx, store, spooled);
          const [created] = await tx
            .insert(files)
            .values({
              blobId,
              name: named.name,
              type: sniffed!.mime,
              size: spooled.size,
              kind: input.kind,
              orgPath: current.path,
              uploadedBy: actor.id || null,
              uploaderName: actor.displayName,
            })
            .returning({ id: files.id });
          await recordAudit(tx, actor, {
            action: 'create',
            entityType: 'file',
            entityId: created!.id,
            orgPath: current.path,
            after: {
              ...auditView({ name: named.name, type: sniffed!.mime, size: spooled.size, kind: input.kind }),
              sha256: spooled.sha256,
            },
          });
          return created!.id;
        });
        return toDto(await findInScope(db, actor, id));
      } finally {
        // Refused before the bytes were read: stop the parser instead of waiting for them.
        if (!input.source.readableEnded) input.source.destroy();
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },

    meta: async (actor: Actor, id: number): Promise<FileDto> => toDto(await findInScope(db, actor, id)),

    /** The file's metadata and its bytes as a stream. */
    async open(actor: Actor, id: number): Promise<{ file: FileDto; body: Readable }> {
      const row = await findInScope(db, actor, id);
      async function* bytes() {
        let sent = 0;
        for await (const chunk of store.read(db, row.blobId)) {
          sent += chunk.length;
          yield chunk;
        }
        // Removed while being sent: end with an error so the client does not keep a short file.
        if (sent !== row.size) throw new Error(`file ${id}: sent ${sent} of ${row.size} bytes`);
      }
      return { file: toDto(row), body: Readable.from(bytes(), { objectMode: false }) };
    },

    /** Deletes an upload that nothing uses; 409 while an object references it. */
    async remove(actor: Actor, id: number): Promise<void> {
      await db.transaction(async (tx) => {
        await findInScope(tx, actor, id);
        const [used] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(fileReferences)
          .where(eq(fileReferences.fileId, id));
        if (used!.n > 0) throw conflict('FILE_IN_USE', `该文件仍被 ${used!.n} 处引用，不能删除`);
        if ((await removeUnreferenced(tx, actor, [id])) === 0)
          throw conflict('FILE_IN_USE', '该文件正在被使用，不能删除');
      });
    },

    /**
     * Records that `owner` uses the file, inside the owner's transaction. The file must be in the
     * actor's scope (404 otherwise), so an id alone does not let anyone take another org's file.
     */
    async attach(tx: Db, actor: Actor, fileId: number, owner: FileOwner): Promise<FileDto> {
      // Key-share: a concurrent removal skips this file instead of deleting it under the new reference.
      const [locked] = await queryRows<{ id: string }>(
        tx,
        sql`select id from files where id = ${fileId} and ${withinScope(actor.scope, sql`org_path`)} for key share`,
      );
      if (!locked) throw fileNotFound();
      await tx
        .insert(fileReferences)
        .values({ fileId, ownerType: owner.type, ownerId: String(owner.id) })
        .onConflictDoNothing();
      return toDto(await findInScope(tx, actor, fileId));
    },

    /** The files `owner` references, oldest first. */
    async attachedTo(dbOrTx: Db, owner: FileOwner): Promise<FileDto[]> {
      const rows = await dbOrTx
        .select(columns)
        .from(fileReferences)
        .innerJoin(files, eq(files.id, fileReferences.fileId))
        .innerJoin(fileBlobs, eq(fileBlobs.id, files.blobId))
        .where(ownerKey(owner))
        .orderBy(fileReferences.id);
      return rows.map(toDto);
    },

    /** Drops one reference of `owner`; the file goes with it when it was the last. */
    async detach(tx: Db, actor: AuditActor | null, fileId: number, owner: FileOwner): Promise<void> {
      await tx.delete(fileReferences).where(and(ownerKey(owner), eq(fileReferences.fileId, fileId)));
      await removeUnreferenced(tx, actor, [fileId]);
    },

    /**
     * Drops every reference of `owner`, inside the transaction that deletes it; files nobody else
     * references go with it, so deleting an object never leaves a file nobody can reach.
     */
    async detachAll(tx: Db, actor: AuditActor | null, owner: FileOwner): Promise<void> {
      const dropped = await tx
        .delete(fileReferences)
        .where(ownerKey(owner))
        .returning({ fileId: fileReferences.fileId });
      await removeUnreferenced(
        tx,
        actor,
        dropped.map((r) => r.fileId),
      );
    },
  };
}

export type FileService = ReturnType<typeof createFileService>;
