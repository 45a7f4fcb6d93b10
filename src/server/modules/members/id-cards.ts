import { sql } from 'drizzle-orm';
import {
  idCardClashes,
  idCardProbeLimit,
  idCardProbeWindowHours,
  probeLimitMessage,
  type IdCardClashes,
  type IdCardHolder,
} from '../../../domain/id-card-clash.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';

/** Past the limit the whole attempt is refused before anything is looked up, so a refusal says nothing. */
export async function assertIdCardProbesLeft(db: Db, actor: Actor): Promise<void> {
  if (actor.scope.kind === 'all') return;
  const [recent] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from audit_log
        where actor_id = ${actor.id} and action = 'idCard.probe'
          and at > now() - make_interval(hours => ${idCardProbeWindowHours})`,
  );
  if (recent!.n >= idCardProbeLimit)
    throw new AppError(429, 'ID_CARD_PROBE_LIMIT', probeLimitMessage, {
      retryAfterSeconds: idCardProbeWindowHours * 3600,
    });
}

/**
 * Who already holds the given numbers. `exceptOwnWrites`: inside a transaction that has inserted
 * members itself (a streaming import), those rows are the file's own and are no clash.
 */
export async function findIdCardClashes(
  db: Db,
  actor: Actor,
  entries: readonly { row: number; key: string | null }[],
  { exceptMemberId = 0, exceptOwnWrites = false } = {},
): Promise<IdCardClashes> {
  const given = [...new Set(entries.map((e) => e.key).filter((k): k is string => k !== null))];
  if (given.length === 0) return { inScope: [], elsewhere: [] };
  // xmin is 32 bits; the current transaction's id carries the epoch above them.
  const notOwn = exceptOwnWrites
    ? sql`and m.xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296`
    : sql``;
  // One JSON parameter, one pass over the members (a hash join), however many numbers a file holds.
  const holders = await queryRows<IdCardHolder>(
    db,
    sql`select upper(m.id_card) as "idCard", m.id as "memberId", m.name, o.name as "orgName",
               m.org_path::text as "orgPath", ${withinScope(actor.scope, sql`m.org_path`)} as "inScope"
        from members m join orgs o on o.id = m.org_id
        where m.left_on is null and m.id <> ${exceptMemberId} ${notOwn}
          and upper(m.id_card) in (select jsonb_array_elements_text(${JSON.stringify(given)}::jsonb))
        order by m.id`,
  );
  return idCardClashes(entries, holders);
}

/**
 * Out-of-scope holders are written to the log under the holder's org, in a transaction of their own
 * (never the caller's), so the entry stays although the caller's change is refused.
 */
export async function recordIdCardProbes(
  db: Db,
  actor: Actor,
  clashes: IdCardClashes,
  via: 'import' | 'create' | 'update',
): Promise<void> {
  if (clashes.elsewhere.length === 0) return;
  await db.execute(sql`
    insert into audit_log (actor_id, actor_name, action, entity_type, entity_id, org_path, after, ip)
    select ${actor.id || null}::int, ${actor.displayName}, 'idCard.probe', 'member', h.id, h.path::ltree,
           jsonb_build_object('via', ${via}::text), ${actor.ip}
    from jsonb_to_recordset(${JSON.stringify(
      clashes.elsewhere.map((h) => ({ id: String(h.memberId), path: h.orgPath })),
    )}::jsonb) as h(id text, path text)`);
}

/** The ID-number rule of the single create and the edit: the three steps above, in order. */
export async function checkIdCards(
  db: Db,
  actor: Actor,
  entries: readonly { row: number; key: string | null }[],
  via: 'create' | 'update',
  exceptMemberId = 0,
): Promise<IdCardClashes> {
  if (!entries.some((e) => e.key !== null)) return { inScope: [], elsewhere: [] };
  await assertIdCardProbesLeft(db, actor);
  const clashes = await findIdCardClashes(db, actor, entries, { exceptMemberId });
  await recordIdCardProbes(db, actor, clashes, via);
  return clashes;
}
