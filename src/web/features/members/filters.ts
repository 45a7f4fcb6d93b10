import type { MemberFlag } from '../../../domain/member-base.js';
import type { ListMembersParams } from '../../../contract/members.js';

const filterKeys = ['orgId', 'q', 'stage', 'gender', 'flag', 'mobile', 'includeLeft'] as const;

/** The list filters as a query string, so the printable roster shows the same people as the table. */
export function memberFilterQuery(params: Partial<ListMembersParams>): string {
  const out = new URLSearchParams();
  for (const key of filterKeys) {
    const value = params[key];
    if (value !== undefined && value !== '') out.set(key, String(value));
  }
  return out.toString();
}

export function memberFiltersFrom(search: URLSearchParams): Omit<ListMembersParams, 'page' | 'pageSize'> {
  const orgId = Number(search.get('orgId'));
  const bool = (key: string) => (search.has(key) ? search.get(key) === 'true' : undefined);
  return {
    ...(orgId > 0 ? { orgId } : {}),
    q: search.get('q') ?? undefined,
    stage: (search.get('stage') as ListMembersParams['stage']) ?? undefined,
    gender: (search.get('gender') as ListMembersParams['gender']) ?? undefined,
    flag: (search.get('flag') as MemberFlag | null) ?? undefined,
    mobile: bool('mobile'),
    includeLeft: bool('includeLeft'),
  };
}
