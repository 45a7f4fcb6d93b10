import { rosterListStages, rosterLists, type RosterList } from '../../../domain/roster.js';
import type { ListMembersParams } from '../../../contract/members.js';

type Filters = Omit<ListMembersParams, 'page' | 'pageSize'>;

const filterKeys = [
  'orgId',
  'q',
  'list',
  'stage',
  'gender',
  'flag',
  'mobile',
  'minAge',
  'includeLeft',
] as const satisfies readonly (keyof Filters)[];

/** The list filters as a query string, so the printable roster and links show the same people as the table. */
export function memberFilterQuery(params: Partial<ListMembersParams>): string {
  const out = new URLSearchParams();
  for (const key of filterKeys) {
    const value = params[key];
    if (value !== undefined && value !== '') out.set(key, String(value));
  }
  return out.toString();
}

export function memberFiltersFrom(search: URLSearchParams): Filters {
  const positive = (key: string) => {
    const n = Number(search.get(key) ?? NaN);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const bool = (key: string) => (search.has(key) ? search.get(key) === 'true' : undefined);
  const list = search.get('list');
  const filters: Filters = {
    orgId: positive('orgId'),
    q: search.get('q') || undefined,
    list: rosterLists.includes(list as RosterList) ? (list as RosterList) : undefined,
    stage: (search.get('stage') as Filters['stage']) || undefined,
    gender: (search.get('gender') as Filters['gender']) || undefined,
    flag: (search.get('flag') as Filters['flag']) || undefined,
    mobile: bool('mobile'),
    minAge: positive('minAge'),
    includeLeft: bool('includeLeft'),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Filters;
}

/** The printed list the table's people belong to: the one holding the chosen stage, else the list chosen. */
export function rosterListOf(params: Filters): RosterList | undefined {
  if (params.stage) return rosterLists.find((l) => rosterListStages[l].includes(params.stage!));
  return params.list;
}
