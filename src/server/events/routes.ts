import type { SSEReplyInterface } from '@fastify/sse';
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inScope } from '../../domain/access.js';
import { AppError } from '../errors.js';
import type { Actor } from '../http/actor.js';
import { actorOf } from '../http/route-config.js';
import type { AuthService } from '../modules/auth/service.js';
import { sessionToken } from '../plugins/auth.js';
import type { EventBus } from './bus.js';
import {
  EventStreamHeaders,
  EventStreamQuery,
  EventStreamResponse,
  type DeliveredEvent,
  type PublishedEvent,
} from '../../contract/events.js';

interface Stream {
  actor: Actor;
  token: string;
  sse: SSEReplyInterface;
  raw: ServerResponse;
}

export interface EventRouteOptions {
  events: EventBus;
  auth: Pick<AuthService, 'resolveSession'>;
  /** How often every open stream's session is looked up again (revoked, expired, moved). */
  sessionCheckMs: number;
}

// A client this far behind is not reading: it is dropped and catches up through Last-Event-ID.
const maxBufferedBytes = 1024 * 1024;

export function visibleTo(actor: Actor, event: PublishedEvent): boolean {
  return 'userId' in event ? event.userId === actor.id : inScope(actor.scope, event.orgPath);
}

function send(stream: Stream, message: { id?: string; event: string; data: unknown }) {
  if (!stream.sse.isConnected) return;
  if (stream.raw.writableLength > maxBufferedBytes) return stream.sse.close();
  // A client gone between the check and the write is the close handler's business, not an error.
  stream.sse.send(message).catch(() => undefined);
}

// An announced event has no id: the browser keeps the last one it had for its reconnect.
const deliver = (stream: Stream, event: DeliveredEvent | PublishedEvent) =>
  send(stream, { ...('id' in event ? { id: event.id } : {}), event: event.type, data: event.data });

/** Tells a client to refetch; the id, when there is one, is where its next reconnect starts from. */
function refresh(stream: Stream, newestId: string | undefined) {
  send(stream, { ...(newestId ? { id: newestId } : {}), event: 'refresh', data: { reason: 'missed' } });
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventRouteOptions> = async (app, opts) => {
  const { events } = opts;
  const streams = new Set<Stream>();
  let newestId: string | undefined;

  const unsubscribe = events.subscribe((event) => {
    if ('id' in event) newestId = event.id;
    for (const stream of streams) if (visibleTo(stream.actor, event)) deliver(stream, event);
  });
  const unGap = events.onGap(() => {
    newestId = undefined;
    for (const stream of streams) refresh(stream, undefined);
  });

  // Through the session cache, so a check costs a database read only after a write to sessions,
  // users or orgs: a logout, a disabled account or a move then ends or rescopes the stream.
  const sessionCheck = setInterval(() => {
    for (const stream of streams) {
      opts.auth.resolveSession(stream.token, stream.actor.ip, 'GET').then(
        (actor) => {
          if (!actor || actor.mustChangePassword) stream.sse.close();
          else stream.actor = actor;
        },
        () => undefined,
      );
    }
  }, opts.sessionCheckMs);
  sessionCheck.unref();

  // Before the server closes: it waits for open connections, and a stream never ends by itself.
  app.addHook('preClose', async () => {
    clearInterval(sessionCheck);
    unsubscribe();
    unGap();
    for (const stream of streams) stream.sse.close();
    streams.clear();
  });

  app.get(
    '/',
    {
      sse: { kind: 'manual' },
      schema: {
        tags: ['events'],
        summary: '事件流（Server-Sent Events）：只推送本人范围内组织或发给本人的事件',
        headers: EventStreamHeaders,
        querystring: EventStreamQuery,
        response: { 200: EventStreamResponse },
      },
    },
    async (request, reply) => {
      const accept = request.headers.accept;
      if (accept && !/text\/event-stream|text\/\*|\*\/\*/.test(accept))
        throw new AppError(406, 'NOT_ACCEPTABLE', '此接口只提供事件流（text/event-stream）');
      // Answered like every other route, but never left open: a HEAD reads no stream.
      if (request.method === 'HEAD')
        return reply.type('text/event-stream').header('cache-control', 'no-store').send('');
      const stream: Stream = {
        actor: actorOf(request),
        token: sessionToken(request)!,
        sse: reply.sse,
        raw: reply.raw,
      };
      reply.header('cache-control', 'no-store');
      stream.sse.keepAlive();
      stream.sse.sendHeaders();
      // Node holds the head back until the first body byte: without this the client waits for a heartbeat.
      stream.raw.flushHeaders();
      const lastId = stream.sse.lastEventId ?? request.query.lastEventId;
      if (lastId) {
        const missed = events.since(lastId);
        if (!missed) refresh(stream, newestId);
        else for (const event of missed) if (visibleTo(stream.actor, event)) deliver(stream, event);
      }
      // In the same turn as the replay, so no event falls between the two.
      streams.add(stream);
      stream.sse.onClose(() => streams.delete(stream));
    },
  );
};
