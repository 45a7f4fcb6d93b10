import type { Actor } from '../http/actor.js';
import type { OrgService } from '../modules/orgs/service.js';
import type { Changes } from './changes.js';

/** Distinct scopes kept at most: one per town or branch a user is bound to is plenty. */
const cachedScopeLimit = 5_000;

/** Epoch milliseconds of the next local midnight: org DTOs carry a term status computed for today. */
function nextMidnight(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
}

/**
 * The org service with `roots` (the first screen of every user, and the benchmark's resource) kept
 * in memory per scope. Any write to orgs, by any writer, clears it through the database trigger.
 */
export function cacheOrgRoots(orgs: OrgService, changes: Changes): OrgService {
  const cache = changes.cache<Awaited<ReturnType<OrgService['roots']>>>(cachedScopeLimit);
  const keyOf = (actor: Actor) => (actor.scope.kind === 'all' ? '*' : `${actor.scope.kind}:${actor.orgPath}`);
  return {
    ...orgs,
    async roots(actor) {
      const key = keyOf(actor);
      return (
        cache.get(key) ??
        (await cache.load(key, async () => ({ value: await orgs.roots(actor), until: nextMidnight() })))!
      );
    },
  };
}
