import { Type, type Static } from 'typebox';
import { JobProgress, jobStates } from './jobs.js';
import { Nullable } from './common.js';
import { VotingState } from './meetings.js';

/*
 * Server-sent events (`GET /api/events`). Every kind is declared here, with the data it carries: the
 * one place a new kind is added, read by the server's publishers and the web's subscribers alike.
 * Data stays small (a NOTIFY payload holds less than 8000 bytes): an event says what changed, and the
 * client fetches anything bigger itself.
 */

/** A background job moved on: its state and progress; the client reads the job for its result or error. */
export const JobProgressEvent = Type.Object({
  jobId: Type.String(),
  state: Type.Enum([...jobStates]),
  ...JobProgress.properties,
});

const TurnoutCount = Type.Object({
  category: Type.String(),
  issued: Type.Integer({ description: '应发' }),
  used: Type.Integer({ description: '已投' }),
});

/**
 * A review meeting's turnout or voting state changed: its counts as they now stand (labels are the
 * meeting's), never a choice or a code. Bursts are coalesced, the last state always sent.
 */
export const MeetingTurnoutEvent = Type.Object({
  meetingId: Type.Integer(),
  voting: VotingState,
  categories: Type.Array(TurnoutCount),
  rehearsal: Type.Array(TurnoutCount),
  issued: Type.Integer(),
  used: Type.Integer(),
  problem: Nullable(Type.String()),
  /** 逐人投票: the reporter whose voting is open, with their own 已投/应发. */
  reporter: Nullable(
    Type.Object({
      orgId: Type.Integer(),
      categories: Type.Array(TurnoutCount),
      issued: Type.Integer(),
      used: Type.Integer(),
    }),
  ),
});
export type MeetingTurnoutEvent = Static<typeof MeetingTurnoutEvent>;

/** The client may have missed events: it refetches whatever it shows. */
export const RefreshEvent = Type.Object({ reason: Type.Literal('missed') });

export interface EventKinds {
  'job.progress': Static<typeof JobProgressEvent>;
  'meeting.turnout': MeetingTurnoutEvent;
  refresh: Static<typeof RefreshEvent>;
}

export type EventType = keyof EventKinds;

/** Who may receive an event: everyone whose scope holds the org path, or one user. */
export type EventTarget = { orgPath: string } | { userId: number };

export type PublishedEvent = {
  [K in EventType]: { type: K; data: EventKinds[K] } & EventTarget;
}[EventType];

/** An event as delivered: the publisher's event with the id the database gave it. */
export type DeliveredEvent = PublishedEvent & { id: string };

const LastEventId = Type.String({ maxLength: 64 });

export const EventStreamHeaders = Type.Object({ 'last-event-id': Type.Optional(LastEventId) });

/** For a client that opens a new EventSource after the browser gave up, which cannot set the header. */
export const EventStreamQuery = Type.Object(
  { lastEventId: Type.Optional(LastEventId) },
  { additionalProperties: false },
);
export type EventStreamQuery = Static<typeof EventStreamQuery>;

export const EventStreamResponse = {
  description: 'text/event-stream：每个事件带 id，断线重连时以 Last-Event-ID 补发，无法补发时发送 refresh',
  content: { 'text/event-stream': { schema: Type.String() } },
};
