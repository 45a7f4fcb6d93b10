// Puts a server and its load generator on cores of their own.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * Left to the scheduler on two cores, the server and autocannon trade places, and each wake-up of
 * the waiting side is charged to the other's socket writes: the slower a server, the more kernel
 * time each of its answers costs (the app's `writev` took 55 µs a request, bare Fastify's 26, for
 * the same single write). A load test puts the generator on its own machine; here the nearest thing
 * is a core of its own, for the bare baseline and the app alike.
 */
export const pinning =
  os.availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** The core servers under load run on. */
export const serverCore = 0;
/** The core load generators run on. */
export const generatorCore = 1;

/** `command args` to run on `core` (unchanged when pinning is unavailable). */
export function onCore(core: number, command: string, args: string[]): [string, string[]] {
  return pinning ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}
