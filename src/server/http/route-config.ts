import type { Permission } from '../../domain/access.js';
import type { Actor } from './actor.js';

/**
 * Every /api route states its access rule in its config; the auth plugin enforces it for all of
 * them in one hook. A route that states nothing requires a signed-in user.
 */
export interface RouteAccess {
  /** Reachable without a session (login, health). */
  public?: boolean;
  /** Role permission the actor must hold. */
  permission?: Permission;
  /** Still reachable while the user must change their password. */
  duringPasswordChange?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The actor of a route that is not public; the auth hook has already refused anonymous requests. */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new Error('actorOf() called on a public route');
  return request.actor;
}
