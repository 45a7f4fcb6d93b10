import fs from 'node:fs';
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { fileChunkBytes, fileChunks } from '../../../db/schema/index.js';

/** Chunks read per query when streaming a blob out: 2 MiB in memory at a time. */
const chunksPerRead = 8;

/**
 * Where a blob's bytes live. The database store keeps them in `file_chunks`, removed with their
 * `file_blobs` row by the foreign key's cascade. A directory store (under DATA_DIR) would implement
 * the same two calls and sweep files whose blob row is gone.
 */
export interface BlobStore {
  /** Stores the bytes of the new blob `blobId` from `file`, inside the transaction that created the blob row. */
  write(tx: Db, blobId: number, file: string): Promise<void>;
  /** The blob's bytes in order, a bounded piece at a time. */
  read(db: Db, blobId: number): AsyncGenerator<Buffer>;
}

export const databaseBlobStore: BlobStore = {
  async write(tx, blobId, file) {
    let seq = 0;
    for await (const data of fs.createReadStream(file, { highWaterMark: fileChunkBytes }))
      await tx.insert(fileChunks).values({ blobId, seq: seq++, data: data as Buffer });
  },

  async *read(db, blobId) {
    let next = 0;
    for (;;) {
      const rows = await db
        .select({ seq: fileChunks.seq, data: fileChunks.data })
        .from(fileChunks)
        .where(and(eq(fileChunks.blobId, blobId), gte(fileChunks.seq, next)))
        .orderBy(asc(fileChunks.seq))
        .limit(chunksPerRead);
      for (const row of rows) {
        // A gap means the blob was removed while it was being read: stop with an error, not short bytes.
        if (row.seq !== next) throw new Error(`file blob ${blobId} lost chunk ${next} while being read`);
        next++;
        yield row.data;
      }
      if (rows.length < chunksPerRead) return;
    }
  },
};
