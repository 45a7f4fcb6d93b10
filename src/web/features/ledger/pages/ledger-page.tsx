import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ledgerKindDefinitions, ledgerKinds, type LedgerKind } from '../../../../domain/ledger.js';
import { errorText } from '../../../shared/api-client.js';
import { FilterBar } from '../../../shared/filter-bar.js';
import { formatDate } from '../../../shared/format.js';
import { ImportPanel } from '../../../shared/imports/import-panel.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { ledgerKeys } from '../../../shared/query-keys.js';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { listLedger } from '../api/ledger.js';
import { LedgerDetailDrawer } from '../components/ledger-detail-drawer.js';
import { AttendanceText, LedgerKindTag } from '../components/ledger-kind-tag.js';
import type { LedgerRecord, ListLedgerParams } from '../../../../contract/ledger.js';

const kindOptions = ledgerKinds.map((k) => ({ value: k, label: ledgerKindDefinitions[k].label }));

/** The filters, kept in the URL so a link (a member's history, a checker's drill-down) opens them. */
function filtersFrom(params: URLSearchParams): Omit<ListLedgerParams, 'page' | 'pageSize'> {
  const number = (key: string) => Number(params.get(key)) || undefined;
  const text = (key: string) => params.get(key) || undefined;
  return {
    orgId: number('orgId'),
    kind: text('kind') as LedgerKind | undefined,
    from: text('from'),
    to: text('to'),
    memberId: number('memberId'),
  };
}

/** 工作台账: the records of the orgs in scope, newest first, with filters, detail and import. */
export function LedgerPage() {
  const { can } = useAuth();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const canWrite = can('ledger.write');
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFrom(searchParams);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [importing, setImporting] = useState(false);
  const params: ListLedgerParams = { ...filters, ...paging };
  const openId = Number(searchParams.get('record')) || null;

  const { data, error, isFetching } = useQuery({
    queryKey: ledgerKeys.list(params),
    queryFn: ({ signal }) => listLedger(params, signal),
    placeholderData: keepPreviousData,
  });

  function set(patch: Record<string, string | number | undefined>) {
    setPaging((p) => ({ ...p, page: 1 }));
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch))
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        return next;
      },
      { replace: true },
    );
  }

  const active = (['orgId', 'kind', 'from', 'memberId'] as const).filter(
    (k) => filters[k] !== undefined,
  ).length;
  const open = (id: number | null) => set({ record: id ?? undefined });

  const columns: TableColumnsType<LedgerRecord> = isPhone
    ? [
        {
          title: '台账',
          key: 'card',
          render: (_, r) => (
            <div data-testid="ledger-card">
              <Space size={6} wrap>
                <LedgerKindTag kind={r.kind} />
                <Typography.Text type="secondary">{formatDate(r.heldOn)}</Typography.Text>
                {r.late && <Tag color="orange">补录</Tag>}
              </Space>
              <Typography.Text strong className="ledger-card-topic">
                {r.topic}
              </Typography.Text>
              <Typography.Text type="secondary" className="member-card-meta">
                {r.orgName}
                {r.attendance.rate !== null && ' · '}
                {r.attendance.rate !== null && <AttendanceText {...r.attendance} />}
              </Typography.Text>
            </div>
          ),
        },
      ]
    : [
        { title: '日期', dataIndex: 'heldOn', width: 110, render: (d: string) => formatDate(d) },
        {
          title: '类型',
          dataIndex: 'kind',
          width: 170,
          render: (k: LedgerKind) => <LedgerKindTag kind={k} />,
        },
        {
          title: '主题',
          dataIndex: 'topic',
          render: (topic: string, r) => (
            <Space size={4}>
              <a
                href={`/ledger?record=${r.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  open(r.id);
                }}
              >
                {topic}
              </a>
              {r.late && <Tag color="orange">{`补录 ${formatDate(r.enteredOn)}`}</Tag>}
            </Space>
          ),
        },
        { title: '组织', dataIndex: 'orgName', width: 180 },
        { title: '主持人', dataIndex: 'hostName', width: 100, render: (h: string | null) => h ?? '—' },
        {
          title: '参会情况',
          key: 'attendance',
          width: 150,
          render: (_, r) => <AttendanceText {...r.attendance} />,
        },
        { title: '附件', dataIndex: 'fileCount', width: 70, render: (n: number) => (n ? n : '—') },
      ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        工作台账
      </Typography.Title>
      <FilterBar
        isPhone={isPhone}
        active={active}
        onReset={() =>
          set({ orgId: undefined, kind: undefined, from: undefined, to: undefined, memberId: undefined })
        }
        actions={
          canWrite && (
            <Space wrap>
              {!isPhone && (
                <Button icon={<FileExcelOutlined />} onClick={() => setImporting(true)}>
                  从 Excel 导入
                </Button>
              )}
              <Button
                type="primary"
                size={isPhone ? 'large' : 'middle'}
                icon={<PlusOutlined />}
                onClick={() => navigate('/ledger/new')}
                data-testid="ledger-new"
              >
                记录台账
              </Button>
            </Space>
          )
        }
      >
        {me.role !== 'secretary' && (
          <OrgPicker
            value={filters.orgId ?? null}
            onChange={(id) => set({ orgId: id ?? undefined })}
            placeholder="组织（含下级）"
            aria-label="按组织筛选"
            style={{ width: isPhone ? '100%' : 220 }}
          />
        )}
        <Select
          className="toolbar-field"
          allowClear
          placeholder="台账类型"
          options={kindOptions}
          value={filters.kind}
          onChange={(kind?: string) => set({ kind })}
          style={{ width: isPhone ? '100%' : 200 }}
          aria-label="按类型筛选"
        />
        <DatePicker.RangePicker
          className="toolbar-field"
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          onChange={(range) =>
            set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
          inputReadOnly={isPhone}
          aria-label="按日期筛选"
        />
      </FilterBar>
      {error && <Alert type="error" showIcon message={errorText(error)} />}
      <Table<LedgerRecord>
        rowKey="id"
        size={isPhone ? 'small' : 'middle'}
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        showHeader={!isPhone}
        onRow={isPhone ? (r) => ({ onClick: () => open(r.id) }) : undefined}
        locale={{
          emptyText: (
            <Empty
              description={active ? '没有符合条件的台账记录' : '还没有台账记录'}
              data-testid="ledger-empty"
            >
              {canWrite && !active && (
                <Link to="/ledger/new">
                  <Button type="primary">记录第一条台账</Button>
                </Link>
              )}
            </Empty>
          ),
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
          simple: isPhone,
        }}
        data-testid="ledger-table"
      />
      <LedgerDetailDrawer id={openId} canWrite={canWrite} onClose={() => open(null)} />
      <Drawer title="从 Excel 导入台账" open={importing} onClose={() => setImporting(false)} size={640}>
        <ImportPanel
          kind="ledger"
          what="台账记录"
          templatePath="/ledger/import/template"
          uploadPath="/ledger/import"
          links={
            <Button size="small" onClick={() => setImporting(false)}>
              查看台账
            </Button>
          }
        />
      </Drawer>
    </Space>
  );
}
