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

/** Numbers per query: a file may hold 200,000. */
const chunk = 10_000;

/**
 * The ID-number rule of the single create, the edit and the import: who already holds the given
 * numbers. Out-of-scope holders are written to the log under the holder's org, in a transaction of
 * their own so the entry stays although the caller's change is refused; past the limit the whole
 * attempt is refused before anything is looked up, so a refusal says nothing about the numbers.
 */
export async function checkIdCards(
  db: Db,
  actor: Actor,
  entries: readonly { row: number; key: string | null }[],
  via: 'import' | 'create' | 'update',
  exceptMemberId = 0,
): Promise<IdCardClashes> {
  const given = [...new Set(entries.map((e) => e.key).filter((k): k is string => k !== null))];
  if (given.length === 0) return { inScope: [], elsewhere: [] };
  if (actor.scope.kind !== 'all') {
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
  const holders: IdCardHolder[] = [];
  for (let i = 0; i < given.length; i += chunk) {
    const cards = sql.join(
      given.slice(i, i + chunk).map((c) => sql`${c}`),
      sql`, `,
    );
    holders.push(
      ...(await queryRows<IdCardHolder>(
        db,
        sql`select upper(m.id_card) as "idCard", m.id as "memberId", m.name, o.name as "orgName",
                   m.org_path::text as "orgPath", ${withinScope(actor.scope, sql`m.org_path`)} as "inScope"
            from members m join orgs o on o.id = m.org_id
            where m.left_on is null and m.id <> ${exceptMemberId} and upper(m.id_card) in (${cards})
            order by m.id`,
      )),
    );
  }
  const clashes = idCardClashes(entries, holders);
  if (clashes.elsewhere.length)
    await db.execute(sql`
      insert into audit_log (actor_id, actor_name, action, entity_type, entity_id, org_path, after, ip)
      select ${actor.id || null}::int, ${actor.displayName}, 'idCard.probe', 'member', h.id, h.path::ltree,
             jsonb_build_object('via', ${via}::text), ${actor.ip}
      from jsonb_to_recordset(${JSON.stringify(
        clashes.elsewhere.map((h) => ({ id: String(h.memberId), path: h.orgPath })),
      )}::jsonb) as h(id text, path text)`);
  return clashes;
}
