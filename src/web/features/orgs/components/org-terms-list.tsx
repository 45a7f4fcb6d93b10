import { Alert, Table, Typography } from 'antd';
import { orgLevelLabels } from '../../../../domain/org-tree.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { orgKeys } from '../../../shared/query-keys.js';
import { listOrgTerms } from '../api/list-org-terms.js';
import type { Org } from '../../../../contract/orgs.js';
import { TermStatusTag } from './term-status-tag.js';

/** The API's default page size: page 1 is then the dashboard's cached request. */
const termsPageSize = 20;

interface Props {
  /** The subtree to look at; null for the user's whole scope. */
  orgId: number | null;
  onOpenOrg?: (org: Org) => void;
}

/** 换届提醒: orgs of the subtree whose term ends within 90 days or has already ended. */
export function OrgTermsList({ orgId, onOpenOrg }: Props) {
  const [page, setPage] = useState(1);
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: orgKeys.terms({ orgId, page }),
    queryFn: ({ signal }) => listOrgTerms(orgId, page, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="org-terms">
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 8 }} /> : null}
      <Table<Org>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: termsPageSize,
          total: data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
        scroll={{ x: 760 }}
        locale={{ emptyText: '没有 90 天内届满或超期未换届的党组织' }}
        columns={[
          {
            title: '党组织',
            dataIndex: 'name',
            width: 220,
            render: (name: string, org) =>
              onOpenOrg ? <Typography.Link onClick={() => onOpenOrg(org)}>{name}</Typography.Link> : name,
          },
          { title: '层级', dataIndex: 'level', width: 90, render: (l: Org['level']) => orgLevelLabels[l] },
          { title: '书记', dataIndex: 'secretaryName', width: 100, render: (v: string | null) => v ?? '—' },
          { title: '任期开始', dataIndex: 'termStartedOn', width: 110, render: formatDate },
          { title: '任期届满', dataIndex: 'termEndsOn', width: 110, render: formatDate },
          {
            title: '换届状态',
            dataIndex: 'termStatus',
            width: 130,
            render: (s: Org['termStatus']) => <TermStatusTag status={s} />,
          },
        ]}
      />
    </div>
  );
}
