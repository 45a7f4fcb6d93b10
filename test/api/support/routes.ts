import type * as Fastify from 'fastify';
import type { RouteOptions } from 'fastify';
import type { RouteAccess } from '../../../src/server/http/route-config.js';

/**
 * Every route the app registers, seen through an onRoute hook added to each Fastify instance.
 * A test file installs it with
 *   vi.mock('fastify', async (importOriginal) => (await import('./support/routes.js')).collectRoutes(await importOriginal()));
 */
const registered: RouteOptions[] = [];

type FastifyModule = typeof Fastify;

export function collectRoutes(actual: FastifyModule): FastifyModule {
  const factory = ((options?: object) => {
    const app = actual.default(options as never);
    // The same options object reaches every onRoute hook; later hooks (the docs' public marking)
    // still show in it when it is read after the app is ready.
    app.addHook('onRoute', (route) => {
      registered.push(route as unknown as RouteOptions);
    });
    return app;
  }) as unknown as FastifyModule['default'];
  return { ...actual, default: factory, fastify: factory } as FastifyModule;
}

export interface RouteInfo {
  /** "METHOD /url" with a trailing slash removed; HEAD routes fold into their GET. */
  key: string;
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasBody: boolean;
  hasQuery: boolean;
  /** Body fields that hold a day (`format: date`), alone or as one branch of a union. */
  bodyDates: string[];
  /** Query parameters that hold a day. */
  queryDates: string[];
  /** The status codes (or ranges such as `4xx`) the route declares a response schema for. */
  responses: string[];
  /** Left out of the OpenAPI document (the docs' own routes). */
  hidden: boolean;
}

interface RouteSchema {
  body?: SchemaNode;
  querystring?: SchemaNode;
  response?: Record<string, unknown>;
  hide?: boolean;
}

interface SchemaNode {
  format?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
}

const holdsDay = (node: SchemaNode): boolean => node.format === 'date' || (node.anyOf ?? []).some(holdsDay);

function dateFields(node: SchemaNode | undefined): string[] {
  return Object.entries(node?.properties ?? {})
    .filter(([, field]) => holdsDay(field))
    .map(([name]) => name);
}

export function registeredRoutes(): RouteInfo[] {
  if (registered.length === 0)
    throw new Error('no routes collected: is fastify mocked with collectRoutes()?');
  const normal = (url: string) => (url.length > 1 ? url.replace(/\/$/, '') : url);
  const gets = new Set(registered.filter((r) => [r.method].flat().includes('GET')).map((r) => normal(r.url)));
  const byKey = new Map<string, RouteInfo>();
  for (const route of registered) {
    const url = normal(route.url);
    for (const method of [route.method].flat()) {
      // Fastify answers HEAD for every GET; those are the GET route's own business.
      if (method === 'HEAD' && gets.has(url)) continue;
      const key = `${method} ${url}`;
      const schema = route.schema as RouteSchema | undefined;
      const info: RouteInfo = {
        key,
        method,
        url,
        access: route.config?.access,
        hasBody: Boolean(schema?.body),
        hasQuery: Boolean(schema?.querystring),
        bodyDates: dateFields(schema?.body),
        queryDates: dateFields(schema?.querystring),
        responses: Object.keys(schema?.response ?? {}),
        hidden: schema?.hide === true,
      };
      const seen = byKey.get(key);
      if (seen && JSON.stringify(seen.access) !== JSON.stringify(info.access))
        throw new Error(`${key} is registered twice with different access rules`);
      byKey.set(key, info);
    }
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}
