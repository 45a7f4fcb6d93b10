import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { skipToken, useQuery } from '@tanstack/react-query';
import { orgKeys } from '../query-keys.js';
import { useCurrentUser } from '../session/auth-context.js';
import { listOrgs } from '../orgs/list-orgs.js';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export interface StatisticsParamsState {
  /** The org to show: from the URL, else the user's own org, else the first root; null while unknown. */
  orgId: number | null;
  asOf: string;
  /** False once it is known that the user reaches no org at all. */
  hasOrgs: boolean | null;
  /** Moves to another org or day as a new history entry, so the browser's back button returns. */
  go: (next: { orgId?: number; asOf?: string }) => void;
}

/** `?orgId=&asOf=` of the statistics pages, with the defaults filled in (own scope root, today). */
export function useStatisticsParams(): StatisticsParamsState {
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const fromUrl = Number(search.get('orgId'));
  const explicit = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : null;
  const day = search.get('asOf');
  const asOf = day && isoDay.test(day) && dayjs(day).isValid() ? day : dayjs().format('YYYY-MM-DD');

  // Admins are bound to no org: their default is the first root of the tree.
  const needRoots = explicit === null && user.orgId === null;
  const roots = useQuery({
    queryKey: orgKeys.children(null),
    queryFn: needRoots ? ({ signal }) => listOrgs(null, signal) : skipToken,
  });
  const orgId = explicit ?? user.orgId ?? roots.data?.items[0]?.id ?? null;
  const hasOrgs = orgId !== null ? true : roots.data ? false : null;

  function go(next: { orgId?: number; asOf?: string }) {
    const params: Record<string, string> = {};
    const target = next.orgId ?? orgId;
    if (target !== null) params.orgId = String(target);
    params.asOf = next.asOf ?? asOf;
    setSearch(params);
  }

  return { orgId, asOf, hasOrgs, go };
}
