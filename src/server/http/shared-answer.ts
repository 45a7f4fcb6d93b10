import type { FastifyReply } from 'fastify';

/** A value, or a promise of it: what a cached read gives (the value itself when it is in memory). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Sends answers that are shared between requests — a cached read hands every request of a scope the
 * same object until a write clears it — as JSON text made once, by the route's own response schema,
 * and kept as long as the object lives. Cached answers are never modified, so their text cannot go
 * stale. One sender per route: `shared` is the object the cache holds, `answer` what the route makes
 * of it.
 *
 * An answer already in memory is sent in the handler's own tick: the handler returns nothing, so no
 * promise is made, awaited and resolved on the way.
 */
export function sharedAnswerSender() {
  const texts = new WeakMap<object, ReturnType<FastifyReply['serialize']>>();
  function send<T extends object>(reply: FastifyReply, shared: T, answer: (shared: T) => unknown): void {
    let text = texts.get(shared);
    if (text === undefined) texts.set(shared, (text = reply.serialize(answer(shared))));
    // Text with a JSON type is sent as it is, without serializing it again.
    reply.type('application/json; charset=utf-8').send(text);
  }
  return <T extends object>(
    reply: FastifyReply,
    shared: MaybePromise<T>,
    answer: (shared: T) => unknown = (s) => s,
  ): Promise<void> | void =>
    shared instanceof Promise ? shared.then((s) => send(reply, s, answer)) : send(reply, shared, answer);
}
