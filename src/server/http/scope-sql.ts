import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Scope } from '../../domain/access.js';

/** The WHERE condition that keeps a query inside the actor's part of the org tree. */
export function withinScope(scope: Scope, path: AnyColumn | SQL): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'self':
      return sql`${path} = ${scope.path}::ltree`;
    case 'subtree':
      return sql`${path} <@ ${scope.path}::ltree`;
  }
}
