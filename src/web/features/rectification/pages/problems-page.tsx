import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Segmented, Select, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { problemSources, problemSourceLabels } from '../../../../domain/rectification/sources.js';
import { problemStatuses, problemStatusLabels } from '../../../../domain/rectification/workflow.js';
import { errorText } from '../../../shared/api-client.js';
import { FilterBar } from '../../../shared/filter-bar.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { cycleKeys, problemKeys } from '../../../shared/query-keys.js';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { listCycles, listProblems } from '../api/problems.js';
import { InspectionModal } from '../components/inspection-modal.js';
import { OverdueList } from '../components/overdue-list.js';
import { ProblemStatsView } from '../components/problem-stats.js';
import { ProblemTable } from '../components/problem-table.js';
import { ProblemStatusTags } from '../components/problem-labels.js';
import { ResponsibilityList } from '../components/responsibility-list.js';
import type { ProblemFilters, ProblemListQuery, ProblemSummary } from '../../../../contract/rectification.js';

type Filters = ProblemFilters;

type View = 'list' | 'responsibility' | 'overdue' | 'stats';
const views: View[] = ['list', 'responsibility', 'overdue', 'stats'];

/**
 * 问题整改: the problem list (问题清单), by owner and org its measures (责任清单), and for organizers
 * the overdue items of their subtree with 催办 (逾期清单).
 */
export function ProblemsPage() {
  const { can } = useAuth();
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  const [searchParams, setSearchParams] = useSearchParams();
  const canChase = can('rectification.manage');
  const asked = views.find((v) => v === searchParams.get('view')) ?? 'list';
  const view: View = asked === 'overdue' && !canChase ? 'list' : asked;
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [adding, setAdding] = useState(false);
  const params: ProblemListQuery = { ...filters, ...paging };
  const { data, error, isFetching } = useQuery({
    queryKey: problemKeys.list(params),
    queryFn: ({ signal }) => listProblems(params, signal),
    placeholderData: keepPreviousData,
    enabled: view === 'list',
  });
  const { data: cycles } = useQuery({
    queryKey: cycleKeys.list({}),
    queryFn: ({ signal }) => listCycles(signal),
  });
  const set = (patch: Partial<Filters>) => {
    setPaging((p) => ({ ...p, page: 1 }));
    setFilters((f) => ({ ...f, ...patch }));
  };
  const selectFilters: {
    key: 'cycleId' | 'status' | 'source' | 'overdue';
    label: string;
    width: number;
    options: { value: number | string | boolean; label: string }[];
  }[] = [
    {
      key: 'cycleId',
      label: '考核周期',
      width: 200,
      options: (cycles?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
    },
    {
      key: 'status',
      label: '状态',
      width: 120,
      options: problemStatuses.map((s) => ({ value: s, label: problemStatusLabels[s] })),
    },
    {
      key: 'source',
      label: '来源',
      width: 140,
      options: problemSources.map((s) => ({ value: s, label: problemSourceLabels[s] })),
    },
    {
      key: 'overdue',
      label: '逾期',
      width: 130,
      options: [
        { value: true, label: '逾期未销号' },
        { value: false, label: '未逾期' },
      ],
    },
  ];
  const active = Object.values(filters).filter((v) => v !== undefined).length;

  const columns: TableColumnsType<ProblemSummary> = isPhone
    ? [
        {
          title: '问题',
          key: 'card',
          render: (_, p) => (
            <div data-testid="problem-card">
              <Link to={`/problems/${p.id}`}>{p.text}</Link>
              <div>
                <ProblemStatusTags status={p.status} daysOverdue={p.daysOverdue} />
              </div>
              <Typography.Text type="secondary">
                {p.orgName} · {problemSourceLabels[p.source]} · 期限 {p.deadline}
              </Typography.Text>
            </div>
          ),
        },
      ]
    : [
        {
          title: '问题',
          render: (_, p) => (
            <Link to={`/problems/${p.id}`} data-testid="problem-link">
              {p.text}
            </Link>
          ),
        },
        { title: '组织', dataIndex: 'orgName', width: 180 },
        { title: '来源', width: 120, render: (_, p) => problemSourceLabels[p.source] },
        {
          title: '状态',
          width: 170,
          render: (_, p) => <ProblemStatusTags status={p.status} daysOverdue={p.daysOverdue} />,
        },
        { title: '整改期限', dataIndex: 'deadline', width: 110 },
        { title: '措施', dataIndex: 'measures', width: 70, align: 'right' },
      ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }} className="no-print">
        问题整改
      </Typography.Title>
      <Space className="no-print" wrap>
        <Segmented
          value={view}
          onChange={(v) => setSearchParams(v === 'list' ? {} : { view: v }, { replace: true })}
          options={[
            { value: 'list', label: '问题清单' },
            { value: 'responsibility', label: '责任清单' },
            ...(canChase ? [{ value: 'overdue', label: '逾期清单' }] : []),
            { value: 'stats', label: '整改统计' },
          ]}
          data-testid="problems-view"
        />
        <Link to="/problems/board">
          <Button icon={<BarChartOutlined />} data-testid="problems-board">
            晒单
          </Button>
        </Link>
      </Space>
      {view === 'stats' ? (
        <ProblemStatsView />
      ) : (
        <>
          <FilterBar
            isPhone={isPhone}
            active={active}
            onReset={() => setFilters({})}
            actions={
              can('rectification.manage') && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setAdding(true)}
                  data-testid="problem-new"
                >
                  新增问题
                </Button>
              )
            }
          >
            {me.role !== 'secretary' && (
              <OrgPicker
                value={filters.orgId ?? null}
                onChange={(id) => set({ orgId: id ?? undefined })}
                placeholder="组织（含下级）"
                aria-label="按组织筛选"
                style={{ width: isPhone ? '100%' : 200 }}
              />
            )}
            {view !== 'overdue' &&
              selectFilters.map(({ key, label, width, options }) => (
                <Select
                  key={key}
                  className="toolbar-field"
                  allowClear
                  placeholder={label}
                  value={filters[key]}
                  onChange={(value?: Filters[typeof key]) => set({ [key]: value })}
                  options={options}
                  style={{ width: isPhone ? '100%' : width }}
                  aria-label={`按${label}筛选`}
                  data-testid={`problems-${key}`}
                />
              ))}
          </FilterBar>
          {view === 'overdue' ? (
            <OverdueList orgId={filters.orgId ?? me.orgId} />
          ) : view === 'responsibility' ? (
            <ResponsibilityList filters={filters} />
          ) : error ? (
            <Alert type="error" showIcon title={errorText(error)} />
          ) : (
            <ProblemTable
              items={data?.items}
              total={data?.total}
              loading={isFetching}
              columns={columns}
              isPhone={isPhone}
              paging={paging}
              onPage={setPaging}
              emptyText="没有符合条件的整改问题"
              noun="问题"
              data-testid="problems-table"
            />
          )}
        </>
      )}
      <InspectionModal open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
}
