import { bigint, customType, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, ltree } from './types.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** The most bytes one `file_chunks` row holds; reads, downloads and backups are bounded by multiples of it. */
export const fileChunkBytes = 256 * 1024;

/** One row per distinct content (SHA-256 of the bytes): identical uploads share it. */
export const fileBlobs = pgTable('file_blobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  sha256: text('sha256').notNull().unique(),
  size: bigint('size', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
});

/**
 * A blob's bytes in pieces of at most `fileChunkBytes`, so reads, downloads and backups hold a bounded
 * number of bytes at a time whatever the file's size.
 */
export const fileChunks = pgTable(
  'file_chunks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    blobId: bigint('blob_id', { mode: 'number' })
      .notNull()
      .references(() => fileBlobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [uniqueIndex('file_chunks_blob_seq_idx').on(t.blobId, t.seq)],
);

/** One row per upload or generated document: what users see and what is scoped. */
export const files = pgTable(
  'files',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    // Restrict: a blob goes only once no file row uses it.
    blobId: bigint('blob_id', { mode: 'number' })
      .notNull()
      .references(() => fileBlobs.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    type: text('type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    // Where the file belongs: who may read it. Rewritten with the subtree on an org move.
    orgPath: ltree('org_path').notNull(),
    // No foreign key, as in the audit log: the record of who uploaded outlives the account.
    uploadedBy: integer('uploaded_by'),
    uploaderName: text('uploader_name'),
    createdAt: createdAt(),
  },
  (t) => [
    index('files_blob_id_idx').on(t.blobId),
    index('files_org_path_gist').using('gist', t.orgPath),
    index('files_created_at_idx').on(t.createdAt),
  ],
);

/** Which objects use which file; a file with none is removed (at once, or after the upload grace period). */
export const fileReferences = pgTable(
  'file_references',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    // Restrict: a referenced file cannot be deleted from under its owner.
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('file_references_file_owner_idx').on(t.fileId, t.ownerType, t.ownerId),
    index('file_references_owner_idx').on(t.ownerType, t.ownerId),
  ],
);
