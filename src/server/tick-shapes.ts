import { createHook } from 'node:async_hooks';

/** The record held for the life of the process (its shapes live as long as it does). */
let keptRecord: object | undefined;

/**
 * Keeps one of Node's `process.nextTick` records alive for the life of the process, so that the
 * record's shapes (V8 maps) are never collected.
 *
 * Node builds every record with an object literal whose first keys are computed (two internal
 * symbols). For such keys V8 remembers the one shape it has seen and, the first time it meets
 * another, defines every later record's keys through its slow runtime path, for good. In the server
 * that happened among the first full collections of start-up (shapes are held weakly and between
 * ticks no record is alive: the likely cause), and from then on each `nextTick` cost about ten times
 * as much. Node's streams call it several times per HTTP request: in a server a few seconds old this
 * was 6 % of a cached read's CPU. With one record alive it never happened (docs/architecture.md).
 *
 * Call it before the server's modules load: the collections of start-up come after that. Returns
 * whether a record was kept (false when Node stops naming them `TickObject`: harmless, only slower).
 */
export function keepTickShapes(): boolean {
  if (keptRecord) return true;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject') keptRecord ??= resource;
    },
  });
  // The hook sees the record synchronously, inside nextTick itself.
  hook.enable();
  process.nextTick(() => {});
  hook.disable();
  return keptRecord !== undefined;
}
