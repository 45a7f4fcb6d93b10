import type { FastifyReply } from 'fastify';

/** A value, or a promise of it: what a cached read gives (the value itself when it is in memory). */
export type MaybePromise<T> = T | Promise<T>;

/** `text` in a buffer of its own: a small one from Buffer's shared pool would keep the whole pool. */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/**
 * Sends answers that are shared between requests — a cached read hands every request of a scope the
 * same object until a write clears it — as JSON made once, by the route's own response schema, and
 * kept as long as the object lives. Cached answers are never modified, so their JSON cannot go
 * stale. One sender per route: `shared` is the object the cache holds, `answer` what the route makes
 * of it.
 *
 * The JSON is kept as UTF-8 bytes: sent as text, an answer with Chinese in it was joined to the
 * header into one two-byte string, measured and encoded again on every request.
 *
 * An answer already in memory is sent in the handler's own tick: the handler returns nothing, so no
 * promise is made, awaited and resolved on the way.
 */
export function sharedAnswerSender() {
  const bodies = new WeakMap<object, Buffer>();
  function send<T extends object>(reply: FastifyReply, shared: T, answer: (shared: T) => unknown): void {
    let body = bodies.get(shared);
    // A route's JSON serializer gives text (Fastify's type allows bytes for custom serializers).
    if (body === undefined) bodies.set(shared, (body = utf8(reply.serialize(answer(shared)) as string)));
    reply.type('application/json; charset=utf-8').send(body);
  }
  return <T extends object>(
    reply: FastifyReply,
    shared: MaybePromise<T>,
    answer: (shared: T) => unknown = (s) => s,
  ): Promise<void> | void =>
    shared instanceof Promise ? shared.then((s) => send(reply, s, answer)) : send(reply, shared, answer);
}
