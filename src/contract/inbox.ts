import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './common.js';
import { ProblemStatus } from './rectification.js';

/*
 * The signed-in user's inbox (/api/inbox): the rectification items they must act on, and what they
 * were told (an organizer's 催办, the daily digest), with the badge's count.
 */

export const InboxTask = Type.Object({
  problemId: Type.Integer(),
  text: Type.String(),
  orgName: Type.String(),
  status: ProblemStatus,
  deadline: Type.String(),
  daysOverdue: Type.Integer(),
  action: Type.Enum(['work', 'verify'], { description: 'work：整改；verify：核验销号' }),
});
export type InboxTask = Static<typeof InboxTask>;

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['reminder', 'digest'], { description: 'reminder：催办；digest：每日提醒' }),
  problemId: Nullable(Type.Integer()),
  text: Type.String(),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});
export type Notification = Static<typeof Notification>;

export const Inbox = Type.Object({
  tasks: Type.Array(InboxTask, { description: '待办：期限最早的在前（最多 200 项）' }),
  tasksTotal: Type.Integer(),
  notifications: Type.Array(Notification, { description: '消息：最新的在前（最多 100 条）' }),
  unread: Type.Integer(),
});
export type Inbox = Static<typeof Inbox>;

export const InboxCount = Type.Object({ count: Type.Integer({ description: '待办数 + 未读消息数' }) });
export type InboxCount = Static<typeof InboxCount>;

/** Marks the given notifications read, or all of them. */
export const MarkReadInput = Type.Union([
  Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false }),
  Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
]);
export type MarkReadInput = Static<typeof MarkReadInput>;

export const MarkReadResult = Type.Object({ marked: Type.Integer() });
export type MarkReadResult = Static<typeof MarkReadResult>;
