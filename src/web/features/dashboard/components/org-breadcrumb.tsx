import { Breadcrumb } from 'antd';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { orgKeys } from '../../../shared/query-keys.js';
import { getOrg } from '../../../shared/orgs/get-org.js';

/** The way up from the shown org to the top of the user's scope; each step opens that org's dashboard. */
export function OrgBreadcrumb({ orgId, orgLink }: { orgId: number; orgLink: (orgId: number) => string }) {
  const { data } = useQuery({
    queryKey: orgKeys.detail(orgId),
    queryFn: ({ signal }) => getOrg(orgId, signal),
  });
  if (!data || data.id !== orgId) return null;
  return (
    <Breadcrumb
      data-testid="dashboard-breadcrumb"
      style={{ marginBottom: 12 }}
      items={[
        ...data.ancestors.map((a) => ({ key: a.id, title: <Link to={orgLink(a.id)}>{a.name}</Link> })),
        { key: data.id, title: data.name },
      ]}
    />
  );
}
