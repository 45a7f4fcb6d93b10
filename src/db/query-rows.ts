import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/** Rows of a raw SQL query; both drivers answer `execute` with an object holding `rows`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Ids as one `int[]` parameter (`org_id = any(${idArray(ids)})`): a list of 5,000 orgs is one
 * parameter to send and plan, where `in (…)` took a parameter and a plan node per id.
 */
export const idArray = (ids: readonly number[]): SQL => sql`${`{${ids.join(',')}}`}::int[]`;
