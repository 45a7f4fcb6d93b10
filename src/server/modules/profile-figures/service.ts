import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../domain/access.js';
import type { OrgLevel } from '../../../domain/org-tree.js';
import {
  profileFigureDefinitions,
  profileFigureKinds,
  profileValueProblem,
  rollUpProfileFigure,
  type ProfileEntry,
  type ProfileFigureKind,
} from '../../../domain/profile-figures.js';
import type { Db } from '../../../db/client.js';
import { orgs, profileFigures } from '../../../db/schema/index.js';
import type {
  ProfileFigureItem,
  ProfileFigures,
  ProfileFiguresInput,
  ProfileFiguresParams,
} from '../../../contract/profile-figures.js';
import { badRequest } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import type { OrgService } from '../orgs/service.js';

type Root = { id: number; name: string; level: OrgLevel; path: string };

/**
 * Each kind's figure for the subtree of `root` in a year, from the entries the scope reaches (a
 * secretary, bound to one org, sums nothing below it). Shared with the 基本情况 of the statistics.
 */
export async function profileTotals(db: Db, scope: Scope, root: Pick<Root, 'path'>, year: number) {
  const entries = await db
    .select({ path: orgs.path, kind: profileFigures.kind, value: profileFigures.value })
    .from(profileFigures)
    .innerJoin(orgs, eq(orgs.id, profileFigures.orgId))
    .where(
      and(
        eq(profileFigures.year, year),
        sql`${orgs.path} <@ ${root.path}::ltree`,
        withinScope(scope, orgs.path),
      ),
    );
  const byKind = new Map<string, ProfileEntry[]>();
  for (const e of entries) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  return Object.fromEntries(
    profileFigureKinds.map((k) => [k, rollUpProfileFigure(k, root.path, byKind.get(k) ?? [])]),
  ) as Record<ProfileFigureKind, ProfileFigureItem['total']>;
}

export function createProfileFigureService(deps: {
  db: Db;
  clock: Clock;
  orgs: Pick<OrgService, 'findInScope'>;
}) {
  const { db, clock } = deps;

  async function rootOf(actor: Actor, orgId: number | undefined): Promise<Root> {
    const id = orgId ?? actor.orgId;
    if (id === null) throw badRequest('ORG_REQUIRED', '请用 orgId 指定填报的党组织');
    return deps.orgs.findInScope(actor.scope, id);
  }

  async function read(actor: Actor, root: Root, year: number): Promise<ProfileFigures> {
    const own = await db
      .select()
      .from(profileFigures)
      .where(and(eq(profileFigures.orgId, root.id), eq(profileFigures.year, year)));
    const totals = await profileTotals(db, actor.scope, root, year);
    return {
      org: { id: root.id, name: root.name, level: root.level },
      year,
      items: profileFigureKinds.map((kind) => {
        const entry = own.find((e) => e.kind === kind);
        return {
          kind,
          fillable: profileFigureDefinitions[kind].levels.includes(root.level),
          own: entry
            ? {
                value: entry.value,
                updatedByName: entry.updatedByName,
                updatedAt: entry.updatedAt.toISOString(),
              }
            : null,
          total: totals[kind],
        };
      }),
    };
  }

  return {
    async list(actor: Actor, query: ProfileFiguresParams): Promise<ProfileFigures> {
      const root = await rootOf(actor, query.orgId);
      return read(actor, root, query.year ?? Number(clock.today().slice(0, 4)));
    },

    /** Stores the given kinds (null removes one), each change audited under the org's path. */
    async save(actor: Actor, input: ProfileFiguresInput): Promise<ProfileFigures> {
      const root = await rootOf(actor, input.orgId);
      const given = Object.entries(input.values) as [ProfileFigureKind, number | null][];
      const problems = given.flatMap(([kind, value]) => {
        const message = value === null ? null : profileValueProblem(kind, value, root.level);
        return message ? [{ field: `values.${kind}`, message }] : [];
      });
      if (problems.length > 0) throw badRequest('PROFILE_VALUE_INVALID', problems[0]!.message, problems);
      await db.transaction(async (tx) => {
        const kinds = given.map(([k]) => k);
        const before = await tx
          .select()
          .from(profileFigures)
          .where(
            and(
              eq(profileFigures.orgId, root.id),
              eq(profileFigures.year, input.year),
              inArray(profileFigures.kind, kinds),
            ),
          )
          .for('update');
        for (const [kind, value] of given) {
          const old = before.find((e) => e.kind === kind);
          if (value === (old?.value ?? null)) continue;
          const snapshot = (v: number) => ({ year: input.year, kind, value: v });
          const audit = { entityType: 'profileFigure', orgPath: root.path } as const;
          if (value === null) {
            await tx.delete(profileFigures).where(eq(profileFigures.id, old!.id));
            await recordAudit(tx, actor, {
              ...audit,
              action: 'delete',
              entityId: old!.id,
              before: snapshot(old!.value),
            });
            continue;
          }
          const who = { updatedBy: actor.id || null, updatedByName: actor.displayName };
          const [row] = await tx
            .insert(profileFigures)
            .values({ orgId: root.id, year: input.year, kind, value, ...who })
            .onConflictDoUpdate({
              target: [profileFigures.orgId, profileFigures.year, profileFigures.kind],
              set: { value, ...who, updatedAt: sql`now()` },
            })
            .returning({ id: profileFigures.id });
          await recordAudit(tx, actor, {
            ...audit,
            action: old ? 'update' : 'create',
            entityId: row!.id,
            ...(old ? { before: snapshot(old.value) } : {}),
            after: snapshot(value),
          });
        }
      });
      return read(actor, root, input.year);
    },
  };
}

export type ProfileFigureService = ReturnType<typeof createProfileFigureService>;
