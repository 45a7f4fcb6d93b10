import type { FastifyReply } from 'fastify';

/**
 * Sends answers that are shared between requests — a cached read hands every request of a scope the
 * same object until a write clears it — as JSON text made once, by the route's own response schema,
 * and kept as long as the object lives. Cached answers are never modified, so their text cannot go
 * stale. One sender per route: `shared` is the object the cache holds, `answer` what the route makes
 * of it.
 */
export function sharedAnswerSender() {
  const texts = new WeakMap<object, ReturnType<FastifyReply['serialize']>>();
  return <T extends object>(reply: FastifyReply, shared: T, answer: (shared: T) => unknown = (s) => s) => {
    let text = texts.get(shared);
    if (text === undefined) texts.set(shared, (text = reply.serialize(answer(shared))));
    // Text with a JSON type is sent as it is, without serializing it again.
    return reply.type('application/json; charset=utf-8').send(text);
  };
}
