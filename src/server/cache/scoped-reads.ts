import type { Actor } from '../http/actor.js';
import type { MemberService } from '../modules/members/service.js';
import type { UserService } from '../modules/users/service.js';
import type { OrgService } from '../modules/orgs/service.js';
import { nextMidnight, type Clock } from '../clock.js';
import type { ChangeCache, Changes } from './changes.js';
import type { MaybePromise } from '../http/shared-answer.js';

/** Distinct scopes kept at most: one per town or branch a user is bound to is plenty. */
const cachedScopeLimit = 5_000;
/** Single orgs, members or users kept at most, over all scopes: the ones being looked at this hour. */
const cachedObjectLimit = 20_000;

/**
 * Who sees the same answer on the clock's day: everyone with the same reach into the tree. The day is
 * part of the key, not only of the expiry, because the injected clock (tests, a server set to another
 * day) need not move with the system's.
 */
const scopeKey = (actor: Actor, clock: Clock) =>
  `${clock.today()}#${actor.scope.kind === 'all' ? '*' : `${actor.scope.kind}:${actor.orgPath}`}`;

/**
 * `S` with `methods` answering from memory when they can: the value itself when it is cached (no
 * promise, no tick), a promise of it when it has to be read.
 */
type MemoryFirst<S, M extends keyof S> = Omit<S, M> & {
  [K in M]: S[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => MaybePromise<R> : never;
};

export type CachedOrgService = MemoryFirst<OrgService, 'roots' | 'get'>;
export type CachedMemberService = MemoryFirst<MemberService, 'get'>;
export type CachedUserService = MemoryFirst<UserService, 'get'>;

/** A read through `cache` under `key`, kept until `until()` (or the next watched write). */
function through<V>(
  cache: ChangeCache<V>,
  key: string,
  read: () => Promise<V>,
  until: () => number,
): MaybePromise<V> {
  return (
    cache.get(key) ?? (cache.load(key, async () => ({ value: await read(), until: until() })) as Promise<V>)
  );
}

const forever = () => Number.POSITIVE_INFINITY;

/**
 * The org service with `roots` (the first screen of every user) and `get` (one org with its
 * ancestors: every page's breadcrumb) kept in memory per scope. Any write to orgs, by any writer,
 * clears them through the database trigger. An org out of scope throws, so is never kept.
 */
export function cacheOrgReads(orgs: OrgService, changes: Changes, clock: Clock): CachedOrgService {
  const roots = changes.cache<Awaited<ReturnType<OrgService['roots']>>>(cachedScopeLimit, ['orgs']);
  const details = changes.cache<Awaited<ReturnType<OrgService['get']>>>(cachedObjectLimit, ['orgs']);
  return {
    ...orgs,
    // Org DTOs carry a term status computed for today: kept until midnight at most.
    roots: (actor) => through(roots, scopeKey(actor, clock), () => orgs.roots(actor), nextMidnight),
    get: (actor, id) =>
      through(details, `${scopeKey(actor, clock)}#${id}`, () => orgs.get(actor, id), nextMidnight),
  };
}

/**
 * The member service with `get` (the detail drawer) kept in memory per scope and role (the role
 * decides whether the ID number is masked). A member's answer is built from its row and its org's,
 * so writes to either table clear it.
 */
export function cacheMemberReads(
  members: MemberService,
  changes: Changes,
  clock: Clock,
): CachedMemberService {
  const details = changes.cache<Awaited<ReturnType<MemberService['get']>>>(cachedObjectLimit, [
    'members',
    'orgs',
  ]);
  return {
    ...members,
    get: (actor, id) =>
      through(
        details,
        `${scopeKey(actor, clock)}#${actor.role}#${id}`,
        () => members.get(actor, id),
        forever,
      ),
  };
}

/**
 * The user service with `get` kept in memory per scope. An account's answer is built from its row
 * and its org's (a sign-in writes the row too, which clears it).
 */
export function cacheUserReads(users: UserService, changes: Changes, clock: Clock): CachedUserService {
  const details = changes.cache<Awaited<ReturnType<UserService['get']>>>(cachedObjectLimit, [
    'users',
    'orgs',
  ]);
  return {
    ...users,
    get: (actor, id) =>
      through(details, `${scopeKey(actor, clock)}#${id}`, () => users.get(actor, id), forever),
  };
}
