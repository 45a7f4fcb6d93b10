import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { can } from '../../domain/access.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { AuthService } from '../modules/auth/service.js';
import { safeEqual } from '../modules/auth/service.js';
import { parseCookie } from 'cookie';
import type { RouteAccess } from '../http/route-config.js';
import { isApiPath } from '../http/api-path.js';

export const sessionCookie = 'shuping_session';

/**
 * The session token a request carries. Only this cookie is ever read, so it is parsed here (with
 * the library @fastify/cookie parses with) rather than by a hook on every request; @fastify/cookie
 * itself serves only the routes that set the cookie (auth/routes.ts).
 */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[sessionCookie] : undefined;
}
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The single gate for /api, attached to every route registered under it: who is asking (session cookie), whether the route's permission is
 * held, whether a forced password change is pending, and CSRF for state-changing requests.
 * Scope (which orgs) is applied by every query through withinScope().
 */
export default fp(
  async function authPlugin(
    app: FastifyInstance,
    opts: { auth: Pick<AuthService, 'resolveSession' | 'cachedSession'> },
  ) {
    app.decorateRequest('actor', null);

    /** Why `request` may not go on under the route's `access`, or undefined when it may. */
    function refusal(
      request: FastifyRequest,
      access: RouteAccess,
      token: string | undefined,
    ): Error | undefined {
      if (access.public) return undefined;
      const actor = request.actor;
      if (!actor) return unauthenticated(token ? '登录已过期，请重新登录' : '请先登录');
      if (!safeMethods.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, actor.csrfToken)) {
          return forbidden('CSRF_TOKEN_INVALID', '请求校验失败，请刷新页面后重试');
        }
      }
      if (actor.mustChangePassword && !access.duringPasswordChange) {
        return forbidden('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
      }
      if (access.permission && !can(actor.role, access.permission)) {
        return forbidden('FORBIDDEN', '当前角色无权执行此操作');
      }
      return undefined;
    }

    /**
     * The gate of one route. A callback hook, so a session found in memory costs no promise or extra
     * tick; the route's access rule is read once, when the gate is attached, not through
     * `request.routeOptions`, which Fastify builds anew on every call.
     */
    function gateOf(route: RouteOptions) {
      const access = route.config?.access ?? {};
      return function gate(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) {
        const token = sessionToken(request);
        const cached = token ? opts.auth.cachedSession(token, request.ip, request.method) : null;
        if (!token || cached) {
          request.actor = cached ?? null;
          return done(refusal(request, access, token));
        }
        opts.auth.resolveSession(token, request.ip, request.method).then((actor) => {
          request.actor = actor;
          done(refusal(request, access, token));
        }, done);
      };
    }

    // The gate belongs to the routes, not to a URL test: the router decodes `/%61pi/orgs` to the
    // route `/api/orgs`, so whatever spelling reaches a handler has passed its route's own gate.
    app.addHook('onRoute', (route) => {
      if (!isApiPath(route.url)) return;
      route.onRequest = [gateOf(route), ...[route.onRequest ?? []].flat()];
    });
  },
  { name: 'auth' },
);
