import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { can, type Role } from '../../../domain/access.js';
import {
  digestCounts,
  digestText,
  dueHorizon,
  mustWork,
  workStatuses,
} from '../../../domain/rectification/chasing.js';
import { daysOverdue, type ProblemStatus } from '../../../domain/rectification/workflow.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { notifications, orgs, problemMeasures, problems } from '../../../db/schema/index.js';
import type { Inbox, InboxCount, MarkReadInput, MarkReadResult } from '../../../contract/inbox.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import type { Task } from '../../scheduler/scheduler.js';
import { recordAudit } from '../audit/record.js';

const taskLimit = 200;
const notificationLimit = 100;

/**
 * The items `actor` must act on: to work on (their own org's, or one whose measure they own, still
 * to do and due within seven days or overdue) or to verify (submitted, below an organizer). The
 * SQL form of `mustWork` (domain/rectification/chasing.ts), for one reader; the digest applies
 * `mustWork` itself to every user at once.
 */
function taskWhere(actor: Actor, today: string): SQL {
  const ownOrg =
    actor.orgPath !== null && can(actor.role, 'rectification.work')
      ? sql`${problems.orgPath} = ${actor.orgPath}::ltree`
      : sql`false`;
  const owner = sql`exists (select 1 from ${problemMeasures} m where m.problem_id = ${problems.id} and m.owner_user_id = ${actor.id})`;
  const work = and(
    inArray(problems.status, [...workStatuses]),
    lte(problems.deadline, dueHorizon(today)),
    or(ownOrg, owner),
  );
  // As `canManage` of the service: an org never verifies its own items (an admin anywhere does).
  const verify = can(actor.role, 'rectification.manage')
    ? and(
        eq(problems.status, 'submitted'),
        actor.scope.kind === 'all' || actor.orgPath === null
          ? undefined
          : ne(problems.orgPath, sql`${actor.orgPath}::ltree`),
      )
    : sql`false`;
  return and(withinScope(actor.scope, problems.orgPath), isNull(problems.mergedIntoId), or(work, verify))!;
}

const unreadOf = (actor: Actor) => and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt));

/** The signed-in user's inbox: 待办 (rectification items to act on) and 消息 (reminders, digests). */
export function createInboxService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async inbox(actor: Actor): Promise<Inbox> {
      const today = clock.today();
      const tasks = await db
        .select({
          problemId: problems.id,
          text: problems.text,
          orgName: orgs.name,
          status: problems.status,
          deadline: problems.deadline,
          total: sql<number>`(count(*) over ())::int`,
        })
        .from(problems)
        .innerJoin(orgs, eq(orgs.id, problems.orgId))
        .where(taskWhere(actor, today))
        .orderBy(asc(problems.deadline), asc(problems.id))
        .limit(taskLimit);
      const told = await db
        .select({
          notification: notifications,
          unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null) over ())::int`,
        })
        .from(notifications)
        .where(eq(notifications.recipientId, actor.id))
        .orderBy(desc(notifications.id))
        .limit(notificationLimit);
      return {
        tasks: tasks.map((t) => {
          const status = t.status as ProblemStatus;
          return {
            problemId: t.problemId,
            text: t.text,
            orgName: t.orgName,
            status,
            deadline: t.deadline,
            daysOverdue: daysOverdue({ status, deadline: t.deadline }, today),
            action: status === 'submitted' ? ('verify' as const) : ('work' as const),
          };
        }),
        tasksTotal: tasks[0]?.total ?? 0,
        notifications: told.map(({ notification: n }) => ({
          id: n.id,
          kind: n.kind as 'reminder' | 'digest',
          problemId: n.problemId,
          text: n.text,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
        // Unread beyond the newest hundred are counted by the badge; the page says what it shows.
        unread: told[0]?.unread ?? 0,
      };
    },

    /** The badge: tasks plus unread notifications, in one statement. */
    async count(actor: Actor): Promise<InboxCount> {
      const [row] = await queryRows<{ count: number }>(
        db,
        sql`select ((select count(*) from ${problems} where ${taskWhere(actor, clock.today())})
          + (select count(*) from ${notifications} where ${unreadOf(actor)}))::int as count`,
      );
      return { count: Number(row!.count) };
    },

    /** Marks the reader's own notifications read: the given ones, or all. */
    async markRead(actor: Actor, input: MarkReadInput): Promise<MarkReadResult> {
      return db.transaction(async (tx) => {
        const marked = await tx
          .update(notifications)
          .set({ readAt: clock.now() })
          .where(and(unreadOf(actor), 'ids' in input ? inArray(notifications.id, input.ids) : undefined))
          .returning({ id: notifications.id });
        if (marked.length > 0)
          await recordAudit(tx, actor, {
            action: 'update',
            entityType: 'notification',
            entityId: marked.length === 1 ? marked[0]!.id : null,
            orgPath: actor.orgPath,
            after: { read: marked.map((m) => m.id) },
          });
        return { marked: marked.length };
      });
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;

/**
 * 每日提醒 at 07:30: every active user with items to work on due within seven days or overdue gets
 * one digest for the day. The unique (recipient, day) digest key makes a re-run add nothing.
 */
export function rectificationDigestTask(): Task {
  return {
    name: 'rectification.digest',
    dailyAt: '07:30',
    async run({ period: today, now, db }) {
      // Narrowed in SQL to the users of each item's org and its measure owners; `mustWork` decides.
      const rows = await queryRows<{
        user_id: number;
        role: Role;
        user_path: string | null;
        org_path: string;
        deadline: string;
        owner: boolean;
      }>(
        db,
        sql`select u.id as user_id, u.role, uo.path::text as user_path, p.org_path::text as org_path,
              p.deadline::text as deadline,
              exists (select 1 from problem_measures m where m.problem_id = p.id and m.owner_user_id = u.id) as owner
            from problems p
            join users u on not u.disabled and (u.org_id = p.org_id
              or u.id in (select m.owner_user_id from problem_measures m where m.problem_id = p.id))
            left join orgs uo on uo.id = u.org_id
            where p.merged_into_id is null
              and p.status in ${[...workStatuses]}
              and p.deadline <= ${dueHorizon(today)}::date`,
      );
      const deadlines = new Map<number, string[]>();
      for (const r of rows) {
        const user = { id: r.user_id, role: r.role, orgPath: r.user_path };
        if (!mustWork(user, { orgPath: r.org_path, ownerUserIds: r.owner ? [r.user_id] : [] })) continue;
        deadlines.set(r.user_id, [...(deadlines.get(r.user_id) ?? []), r.deadline]);
      }
      const digests = [...deadlines].flatMap(([recipientId, list]) => {
        const text = digestText(digestCounts(list, today));
        return text
          ? [{ recipientId, kind: 'digest', problemId: null, text, day: today, createdAt: now }]
          : [];
      });
      if (digests.length === 0) return;
      await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(notifications)
          .values(digests)
          .onConflictDoNothing()
          .returning({ recipientId: notifications.recipientId });
        if (inserted.length > 0)
          await recordAudit(tx, null, {
            action: 'create',
            entityType: 'notification',
            entityId: null,
            orgPath: null,
            after: { kind: 'digest', day: today, recipients: inserted.length },
          });
      });
    },
  };
}
