import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Grid,
  Select,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { auditKeys } from '../../../shared/query-keys.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { listAudit } from '../api/list-audit.js';
import { AuditDiff } from '../components/audit-diff.js';
import {
  actionColors,
  actionLabel,
  actionLabels,
  entityTypeLabels,
  filterableEntityTypes,
  label,
} from '../labels.js';
import { auditActions } from '../../../../domain/audit.js';
import type { AuditEntry, ListAuditParams } from '../../../../contract/audit.js';

const entityOptions = filterableEntityTypes.map((t) => ({ value: t, label: entityTypeLabels[t] }));
const actionOptions = auditActions.map((a) => ({ value: a, label: actionLabels[a] }));

type Range = [Dayjs | null, Dayjs | null] | null;

/** A short human name of the object an entry is about, from its snapshots. */
function subjectName(entry: AuditEntry): string | null {
  for (const snap of [entry.after, entry.before]) {
    if (!snap) continue;
    for (const key of ['name', 'displayName', 'username']) {
      const value = snap[key];
      if (typeof value === 'string' && value) return value;
    }
  }
  return null;
}

export function AuditPage() {
  const [params, setParams] = useState<ListAuditParams>({ page: 1, pageSize: 20 });
  const [range, setRange] = useState<Range>(null);
  const [actor, setActor] = useState<{ id: number; name: string } | null>(null);
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const {
    data,
    error,
    isFetching: loading,
    refetch,
  } = useQuery({
    queryKey: auditKeys.list(params),
    queryFn: ({ signal }) => listAudit(params, signal),
    placeholderData: keepPreviousData,
  });

  function filter(patch: Partial<ListAuditParams>) {
    setParams((p) => ({ ...p, ...patch, page: 1 }));
  }

  const renderActor = (entry: AuditEntry) =>
    entry.unattributed ? (
      <Typography.Text type="secondary">匿名（按设计不记录）</Typography.Text>
    ) : entry.actorId !== null ? (
      <Tooltip title="只看此人的操作">
        <a
          href={`#actor-${entry.actorId}`}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setActor({ id: entry.actorId!, name: entry.actorName ?? `#${entry.actorId}` });
            filter({ actorId: entry.actorId ?? undefined });
          }}
        >
          {entry.actorName ?? `#${entry.actorId}`}
        </a>
      </Tooltip>
    ) : (
      <Typography.Text type="secondary">{entry.actorName ?? '系统'}</Typography.Text>
    );
  // An unattributed entry keeps only its day (UTC midnight): a local time of day would be made up.
  const renderTime = (entry: AuditEntry) =>
    entry.unattributed ? entry.at.slice(0, 10) : formatDateTime(entry.at);
  const renderAction = (entry: AuditEntry) => (
    <Tag color={(actionColors as Record<string, string>)[entry.action] ?? 'default'}>
      {actionLabel(entry.action, entry.entityType)}
    </Tag>
  );
  const renderSubject = (entry: AuditEntry) => {
    const name = subjectName(entry);
    return (
      <span>
        <Typography.Text type="secondary">{label(entityTypeLabels, entry.entityType)}</Typography.Text>{' '}
        {name ?? (entry.entityId ? `#${entry.entityId}` : '')}
      </span>
    );
  };

  const columns: TableColumnsType<AuditEntry> = isPhone
    ? [
        {
          title: '记录',
          key: 'entry',
          render: (_, entry) => (
            <div>
              <div>
                {renderAction(entry)} {renderSubject(entry)}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {renderTime(entry)} · {renderActor(entry)}
              </Typography.Text>
            </div>
          ),
        },
      ]
    : [
        { title: '时间', key: 'at', width: 170, render: (_, entry) => renderTime(entry) },
        { title: '操作人', key: 'actor', width: 130, render: (_, entry) => renderActor(entry) },
        { title: '操作', key: 'action', width: 110, render: (_, entry) => renderAction(entry) },
        { title: '对象', key: 'entity', render: (_, entry) => renderSubject(entry) },
        {
          title: 'IP 地址',
          dataIndex: 'ip',
          key: 'ip',
          width: 140,
          render: (ip: string | null) => ip ?? '—',
        },
      ];

  return (
    <Card title="审计日志" data-testid="audit-page">
      <div className="page-toolbar no-print">
        <Select<string | null>
          className="toolbar-field"
          style={{ width: 180 }}
          placeholder="全部对象"
          aria-label="对象类型"
          allowClear
          options={entityOptions}
          value={params.entityType ?? null}
          onChange={(v) => filter({ entityType: v ?? undefined })}
        />
        <Select<string | null>
          className="toolbar-field"
          style={{ width: 140 }}
          placeholder="全部操作"
          aria-label="操作类型"
          allowClear
          options={actionOptions}
          value={params.action ?? null}
          onChange={(v) => filter({ action: v ?? undefined })}
        />
        <DatePicker.RangePicker
          aria-label="时间范围"
          className="toolbar-field"
          style={{ width: 260 }}
          value={range}
          allowEmpty={[true, true]}
          presets={[
            { label: '今天', value: [dayjs().startOf('day'), dayjs().endOf('day')] },
            { label: '最近 7 天', value: [dayjs().subtract(6, 'day').startOf('day'), dayjs().endOf('day')] },
            {
              label: '最近 30 天',
              value: [dayjs().subtract(29, 'day').startOf('day'), dayjs().endOf('day')],
            },
          ]}
          onChange={(next) => {
            setRange(next);
            filter({
              from: next?.[0] ? next[0].startOf('day').toISOString() : undefined,
              to: next?.[1] ? next[1].endOf('day').toISOString() : undefined,
            });
          }}
        />
        <div className="toolbar-field" style={{ width: 220 }}>
          <OrgPicker
            aria-label="按组织筛选"
            placeholder="全部组织（含下级）"
            value={params.orgId ?? null}
            onChange={(orgId) => filter({ orgId: orgId ?? undefined })}
          />
        </div>
        {actor && (
          <Tag
            closable
            color="processing"
            onClose={() => {
              setActor(null);
              filter({ actorId: undefined });
            }}
          >
            操作人：{actor.name}
          </Tag>
        )}
        <div className="toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
          刷新
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={isPhone ? undefined : { x: 760 }}
        expandable={{
          expandedRowRender: (entry) => <AuditDiff entry={entry} />,
          expandRowByClick: true,
        }}
        locale={{ emptyText: '没有符合条件的审计记录' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page, pageSize) =>
            setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
    </Card>
  );
}
