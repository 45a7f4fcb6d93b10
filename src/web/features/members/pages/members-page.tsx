import { PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Grid,
  Input,
  Select,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  educationLabels,
  genderLabels,
  genders,
  memberFlagLabels,
  memberFlags,
  stageLabels,
  stages,
  type Gender,
  type MemberFlag,
  type Stage,
} from '../../../../domain/member-base.js';
import { errorText } from '../../../lib/api-client.js';
import { formatDate } from '../../../lib/format.js';
import { useQuery } from '../../../lib/use-query.js';
import { useAuth } from '../../auth/auth-context.js';
import { OrgPicker } from '../../orgs/components/org-picker.js';
import { listMembers } from '../api/list-members.js';
import { MemberDetailDrawer } from '../components/member-detail-drawer.js';
import { MemberFormModal, type MemberFormMode } from '../components/member-form-modal.js';
import { MemberFlagTags, StageTag } from '../components/member-tags.js';
import { TransferModal } from '../components/transfer-modal.js';
import { memberFilterQuery } from '../filters.js';
import type { ListMembersParams, Member } from '../../../../contract/members.js';
import { ExportRosterButton } from '../../imports/components/export-roster-button.js';

const choices = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value: value as string, label: labels[value] }));

/** The drop-down filters of the toolbar: what each shows, and how its choice reads and sets the query. */
const choiceFilters: {
  key: string;
  label: string;
  width: number;
  options: { value: string; label: string }[];
  get: (p: ListMembersParams) => string | undefined;
  set: (value: string | undefined) => Partial<ListMembersParams>;
}[] = [
  {
    key: 'stage',
    label: '人员类别',
    width: 140,
    options: choices(stages, stageLabels),
    get: (p) => p.stage,
    set: (v) => ({ stage: v as Stage | undefined }),
  },
  {
    key: 'gender',
    label: '性别',
    width: 90,
    options: choices(genders, genderLabels),
    get: (p) => p.gender,
    set: (v) => ({ gender: v as Gender | undefined }),
  },
  {
    key: 'flag',
    label: '身份标记',
    width: 130,
    options: choices(memberFlags, memberFlagLabels),
    get: (p) => p.flag,
    set: (v) => ({ flag: v as MemberFlag | undefined }),
  },
  {
    key: 'mobile',
    label: '流动情况',
    width: 110,
    options: [
      { value: 'true', label: '流动中' },
      { value: 'false', label: '非流动' },
    ],
    get: (p) => (p.mobile === undefined ? undefined : String(p.mobile)),
    set: (v) => ({ mobile: v === undefined ? undefined : v === 'true' }),
  },
];

export function MembersPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const canWrite = can('member.write');
  const showsIdCard = can('member.idCard');
  const [searchParams, setSearchParams] = useSearchParams();
  const [params, setParams] = useState<ListMembersParams>(() => {
    const orgId = Number(searchParams.get('orgId'));
    return { page: 1, pageSize: 20, ...(orgId > 0 ? { orgId } : {}) };
  });
  const [orgName, setOrgName] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const [formMode, setFormMode] = useState<MemberFormMode | null>(null);
  const [transferring, setTransferring] = useState<Member | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [revision, setRevision] = useState(0);
  const openId = Number(searchParams.get('member')) || null;
  const isPhone = Grid.useBreakpoint().md === false;

  const { data, error, loading, reload } = useQuery(
    `members:${JSON.stringify(params)}:${revision}`,
    (signal) => listMembers(params, signal),
  );

  function filter(patch: Partial<ListMembersParams>) {
    setParams((p) => ({ ...p, ...patch, page: 1 }));
  }

  function openMember(id: number | null) {
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === null) next.delete('member');
        else next.set('member', String(id));
        return next;
      },
      { replace: id === null },
    );
  }

  function saved() {
    setRevision((v) => v + 1);
  }

  const filtered = Boolean(
    params.q || params.stage || params.gender || params.flag || params.mobile !== undefined,
  );

  const columns: TableColumnsType<Member> = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      width: 110,
      fixed: isPhone ? undefined : 'left',
      render: (name: string, m) => (
        <a
          href={`/members?member=${m.id}`}
          onClick={(e) => {
            e.preventDefault();
            openMember(m.id);
          }}
        >
          {name}
        </a>
      ),
    },
    { title: '性别', dataIndex: 'gender', key: 'gender', width: 60, render: (g: Gender) => genderLabels[g] },
    { title: '出生日期', dataIndex: 'birthDate', key: 'birthDate', width: 110, render: formatDate },
    {
      title: '学历',
      dataIndex: 'education',
      key: 'education',
      width: 100,
      render: (e: Member['education']) => (e ? educationLabels[e] : '—'),
    },
    {
      title: '身份证号码',
      dataIndex: 'idCard',
      key: 'idCard',
      width: 180,
      render: (v: string | null) => <span className="id-card">{v ?? '—'}</span>,
    },
    {
      title: '人员类别',
      dataIndex: 'stage',
      key: 'stage',
      width: 110,
      render: (s: Stage) => <StageTag stage={s} />,
    },
    { title: '所属党组织', dataIndex: 'orgName', key: 'orgName', ellipsis: true },
    { title: '入党日期', dataIndex: 'probationaryOn', key: 'probationaryOn', width: 110, render: formatDate },
    { title: '身份', key: 'flags', width: 180, render: (_, m) => <MemberFlagTags member={m} /> },
    {
      title: '联系电话',
      dataIndex: 'phone',
      key: 'phone',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
  ];

  const empty =
    params.orgId && !filtered ? (
      <Empty description="该组织暂无党员" data-testid="members-empty">
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormMode({ kind: 'create', org: orgName ? { id: params.orgId!, name: orgName } : null });
              setFormOpen(true);
            }}
          >
            新增党员
          </Button>
        )}
      </Empty>
    ) : filtered ? (
      '没有符合条件的人员'
    ) : (
      '暂无党员'
    );

  return (
    <Card title="党员管理" data-testid="members-page">
      <div className="page-toolbar no-print">
        <div className="toolbar-field" style={{ width: 240 }}>
          <OrgPicker
            aria-label="按组织筛选"
            placeholder="全部组织（含下级）"
            value={params.orgId ?? null}
            onChange={(orgId, hit) => {
              setOrgName(hit?.name ?? null);
              filter({ orgId: orgId ?? undefined });
            }}
          />
        </div>
        <Input.Search
          className="toolbar-field"
          style={{ width: 200 }}
          placeholder="姓名或电话"
          aria-label="搜索党员"
          maxLength={50}
          allowClear
          value={searchText}
          onChange={(e) => {
            setSearchText(e.target.value);
            if (!e.target.value) filter({ q: undefined });
          }}
          onSearch={(value) => filter({ q: value.trim() || undefined })}
        />
        {choiceFilters.map((f) => (
          <Select<string | null>
            key={f.key}
            className="toolbar-field"
            style={{ width: f.width }}
            placeholder={f.label}
            aria-label={`按${f.label}筛选`}
            allowClear
            options={f.options}
            value={f.get(params) ?? null}
            onChange={(v) => filter(f.set(v ?? undefined))}
          />
        ))}
        <Checkbox
          checked={params.includeLeft ?? false}
          onChange={(e) => filter({ includeLeft: e.target.checked || undefined })}
        >
          含已离开
        </Checkbox>
        <div className="toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
        <Link to={`/members/roster?${memberFilterQuery(params)}`} target="_blank">
          <Button icon={<PrinterOutlined />}>打印花名册</Button>
        </Link>
        {params.orgId && <ExportRosterButton orgId={params.orgId} />}
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormMode({
                kind: 'create',
                org: params.orgId && orgName ? { id: params.orgId, name: orgName } : null,
              });
              setFormOpen(true);
            }}
          >
            新增党员
          </Button>
        )}
      </div>
      {!showsIdCard && (
        <Typography.Paragraph type="secondary" className="no-print">
          身份证号码已脱敏显示；查看完整号码需要“查看身份证号”权限。
        </Typography.Paragraph>
      )}
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Table<Member>
        data-testid="members-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 1300 }}
        locale={{ emptyText: empty }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 人`,
          onChange: (page, pageSize) =>
            setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
      <MemberDetailDrawer
        memberId={openId}
        revision={revision}
        canWrite={canWrite}
        onClose={() => openMember(null)}
        onEdit={(member) => {
          setFormMode({ kind: 'edit', member });
          setFormOpen(true);
        }}
        onTransfer={(member) => {
          setTransferring(member);
          setTransferOpen(true);
        }}
      />
      <MemberFormModal
        open={formOpen}
        mode={formMode}
        showsIdCard={showsIdCard}
        onClose={() => setFormOpen(false)}
        onSaved={(member, mode) => {
          setFormOpen(false);
          saved();
          void message.success(
            mode.kind === 'create' ? `已新增党员 ${member.name}` : `已保存 ${member.name}`,
          );
        }}
      />
      <TransferModal
        open={transferOpen}
        member={transferring}
        onClose={() => setTransferOpen(false)}
        onTransferred={(member) => {
          setTransferOpen(false);
          saved();
          void message.success(`已将 ${member.name} 的组织关系转入「${member.orgName}」`);
        }}
      />
    </Card>
  );
}
