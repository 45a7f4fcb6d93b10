import { Alert, Grid, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { orgLevelLabels } from '../../../../domain/org-tree.js';
import { aged60PlusLabel } from '../../../../domain/statistics.js';
import { errorText } from '../../../shared/api-client.js';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ChildFigures } from '../hooks/use-child-figures.js';

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** The next level down with its key figures; a name opens that org's dashboard. */
export function ChildOrgsTable({
  query,
  orgLink,
}: {
  query: UseQueryResult<ChildFigures[]>;
  orgLink: (orgId: number) => string;
}) {
  const isPhone = Grid.useBreakpoint().md === false;
  if (query.error) return <Alert type="error" showIcon title={errorText(query.error)} />;

  const columns: TableColumnsType<ChildFigures> = [
    {
      title: '组织',
      key: 'name',
      render: (_, { org }) => <Link to={orgLink(org.id)}>{org.name}</Link>,
    },
    ...(isPhone
      ? []
      : [
          {
            title: '层级',
            key: 'level',
            width: 80,
            render: (_: unknown, c: ChildFigures) => orgLevelLabels[c.org.level],
          },
        ]),
    {
      title: '基层组织',
      key: 'branches',
      align: 'right',
      render: (_, c) => c.stats.orgs.branchTotal,
    },
    { title: '党员', key: 'members', align: 'right', render: (_, c) => c.stats.members.total },
    ...(isPhone
      ? []
      : ([
          {
            title: '女党员占比',
            key: 'female',
            align: 'right',
            render: (_, c) => percent(c.stats.members.female.percent),
          },
          {
            title: '预备党员',
            key: 'probationary',
            align: 'right',
            render: (_, c) => c.stats.members.probationary,
          },
          {
            title: '积极分子',
            key: 'activists',
            align: 'right',
            render: (_, c) => c.stats.members.activists,
          },
          {
            title: '流出党员',
            key: 'mobile',
            align: 'right',
            render: (_, c) => c.stats.members.mobile.outflow.count,
          },
        ] as TableColumnsType<ChildFigures>)),
    {
      title: aged60PlusLabel,
      key: 'aged',
      align: 'right',
      render: (_, c) => percent(c.stats.members.age.aged60Plus.percent),
    },
  ];

  return (
    <Table<ChildFigures>
      data-testid="child-orgs"
      size="small"
      rowKey={(c) => c.org.id}
      columns={columns}
      dataSource={query.data ?? []}
      loading={query.isFetching}
      pagination={false}
      locale={{ emptyText: query.isFetching ? '加载中…' : '没有下级组织' }}
    />
  );
}
