import { PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Result,
  Select,
  Space,
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
import { rosterLists, type RosterList } from '../../../../domain/roster.js';
import { ApiError, errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { SearchBox } from '../../../shared/search-box.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { memberKeys, orgKeys } from '../../../shared/query-keys.js';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { getOrg } from '../../../shared/orgs/get-org.js';
import { FilterBar } from '../../../shared/filter-bar.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { listMembers } from '../api/list-members.js';
import { MemberDetailDrawer } from '../components/member-detail-drawer.js';
import { MemberFormModal, type MemberFormMode } from '../components/member-form-modal.js';
import { MemberFlagTags, StageTag } from '../components/member-tags.js';
import { TransferModal } from '../components/transfer-modal.js';
import { memberFilterQuery, memberFiltersFrom, rosterListOf } from '../filters.js';
import type { ListMembersParams, Member } from '../../../../contract/members.js';
import { ExportRosterButton } from '../../../shared/export-roster-button.js';

const choices = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value: value as string, label: labels[value] }));

const listLabels: Record<RosterList, string> = {
  members: '党员（正式、预备）',
  activists: '入党积极分子、发展对象',
  applicants: '入党申请人',
};

/** Ages the ageing warning and the statistics speak of; another age from a link is offered as well. */
const commonMinAges = [35, 60, 70, 80];
const ageOptions = (current: number | undefined) =>
  [...new Set([...commonMinAges, ...(current ? [current] : [])])]
    .sort((a, b) => a - b)
    .map((age) => ({ value: String(age), label: `${age}岁及以上` }));

/** The drop-down filters of the toolbar: what each shows, and how its choice reads and sets the query. */
const choiceFilters: {
  key: string;
  label: string;
  width: number;
  options: (p: ListMembersParams) => { value: string; label: string }[];
  get: (p: ListMembersParams) => string | undefined;
  set: (value: string | undefined) => Partial<ListMembersParams>;
}[] = [
  {
    key: 'list',
    label: '名册',
    width: 180,
    options: () => choices(rosterLists, listLabels),
    get: (p) => p.list,
    set: (v) => ({ list: v as RosterList | undefined }),
  },
  {
    key: 'stage',
    label: '人员类别',
    width: 140,
    options: () => choices(stages, stageLabels),
    get: (p) => p.stage,
    set: (v) => ({ stage: v as Stage | undefined }),
  },
  {
    key: 'gender',
    label: '性别',
    width: 90,
    options: () => choices(genders, genderLabels),
    get: (p) => p.gender,
    set: (v) => ({ gender: v as Gender | undefined }),
  },
  {
    key: 'flag',
    label: '身份标记',
    width: 130,
    options: () => choices(memberFlags, memberFlagLabels),
    get: (p) => p.flag,
    set: (v) => ({ flag: v as MemberFlag | undefined }),
  },
  {
    key: 'mobile',
    label: '流动情况',
    width: 110,
    options: () => [
      { value: 'true', label: '流动中' },
      { value: 'false', label: '非流动' },
    ],
    get: (p) => (p.mobile === undefined ? undefined : String(p.mobile)),
    set: (v) => ({ mobile: v === undefined ? undefined : v === 'true' }),
  },
  {
    key: 'minAge',
    label: '年龄',
    width: 130,
    options: (p) => ageOptions(p.minAge),
    get: (p) => (p.minAge === undefined ? undefined : String(p.minAge)),
    set: (v) => ({ minAge: v === undefined ? undefined : Number(v) }),
  },
];

type Filters = Omit<ListMembersParams, 'page' | 'pageSize'>;

export function MembersPage() {
  const { can } = useAuth();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = can('member.write');
  const showsIdCard = can('member.idCard');
  // The filters live in the URL, so a warning's link opens the list already filtered.
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = memberFiltersFrom(searchParams);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const params: ListMembersParams = { ...filters, ...paging };
  const [formOpen, setFormOpen] = useState(false);
  const [formMode, setFormMode] = useState<MemberFormMode | null>(null);
  const [transferring, setTransferring] = useState<Member | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const openId = Number(searchParams.get('member')) || null;
  const isPhone = useIsPhone();

  const filteredOrg = useQuery({
    queryKey: orgKeys.detail(filters.orgId ?? 0),
    queryFn: filters.orgId ? ({ signal }) => getOrg(filters.orgId!, signal) : skipToken,
  });
  const orgRefused = filteredOrg.error instanceof ApiError && filteredOrg.error.status === 404;
  // A secretary sees one org: it is the org of every new member and of the export.
  const ownOrg =
    me.role === 'secretary' && me.orgId && me.orgName ? { id: me.orgId, name: me.orgName } : null;
  const currentOrg = filters.orgId
    ? filteredOrg.data
      ? { id: filteredOrg.data.id, name: filteredOrg.data.name }
      : null
    : ownOrg;

  const {
    data,
    error,
    isFetching: loading,
    refetch,
  } = useQuery({
    queryKey: memberKeys.list(params),
    queryFn: orgRefused ? skipToken : ({ signal }) => listMembers(params, signal),
    placeholderData: keepPreviousData,
  });

  function filter(patch: Partial<Filters>) {
    setPaging((p) => ({ ...p, page: 1 }));
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(memberFilterQuery({ ...memberFiltersFrom(prev), ...patch }));
        const member = prev.get('member');
        if (member) next.set('member', member);
        return next;
      },
      { replace: true },
    );
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

  function openCreate() {
    setFormMode({ kind: 'create', org: currentOrg });
    setFormOpen(true);
  }

  const activeFilters = (['q', ...choiceFilters.map((f) => f.key), 'includeLeft'] as const).filter(
    (key) => filters[key as keyof Filters] !== undefined,
  ).length;
  const filtered = activeFilters > 0;

  const nameLink = (m: Member) => (
    <a
      href={`/members?member=${m.id}`}
      onClick={(e) => {
        e.preventDefault();
        openMember(m.id);
      }}
    >
      {m.name}
    </a>
  );

  const columns: TableColumnsType<Member> = isPhone
    ? [
        {
          title: '党员',
          key: 'card',
          render: (_, m) => (
            <div data-testid="member-card">
              <Space size={6} wrap>
                <Typography.Text strong>{nameLink(m)}</Typography.Text>
                <StageTag stage={m.stage} />
                <Typography.Text type="secondary">
                  {genderLabels[m.gender]}
                  {m.birthDate ? ` · ${formatDate(m.birthDate)}生` : ''}
                </Typography.Text>
              </Space>
              <Typography.Text type="secondary" className="member-card-meta">
                {m.orgName}
                {m.probationaryOn ? ` · ${formatDate(m.probationaryOn)}入党` : ''}
              </Typography.Text>
              {m.phone && (
                <a className="member-card-meta" href={`tel:${m.phone}`}>
                  {m.phone}
                </a>
              )}
              <MemberFlagTags member={m} />
            </div>
          ),
        },
      ]
    : [
        {
          title: '姓名',
          dataIndex: 'name',
          key: 'name',
          width: 110,
          fixed: 'left',
          render: (_: string, m) => nameLink(m),
        },
        {
          title: '性别',
          dataIndex: 'gender',
          key: 'gender',
          width: 60,
          render: (g: Gender) => genderLabels[g],
        },
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
        {
          title: '入党日期',
          dataIndex: 'probationaryOn',
          key: 'probationaryOn',
          width: 110,
          render: formatDate,
        },
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
    filters.orgId && !filtered ? (
      <Empty description="该组织暂无党员" data-testid="members-empty">
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            新增党员
          </Button>
        )}
      </Empty>
    ) : filtered ? (
      '没有符合条件的人员'
    ) : (
      '暂无党员'
    );

  const filterFields = (
    <>
      <div className="toolbar-field" style={{ width: 240 }}>
        <OrgPicker
          aria-label="按组织筛选"
          placeholder="全部组织（含下级）"
          value={filters.orgId ?? null}
          selectedLabel={currentOrg?.id === filters.orgId ? currentOrg?.name : null}
          onChange={(orgId) => filter({ orgId: orgId ?? undefined })}
        />
      </div>
      <SearchBox
        query={filters.q}
        onSearch={(q) => filter({ q })}
        placeholder="姓名或电话"
        label="搜索党员"
        maxLength={50}
        width={200}
      />
      {choiceFilters.map((f) => (
        <Select<string | null>
          key={f.key}
          className="toolbar-field"
          style={{ width: f.width }}
          placeholder={f.label}
          aria-label={`按${f.label}筛选`}
          allowClear
          options={f.options(params)}
          value={f.get(params) ?? null}
          onChange={(v) => filter(f.set(v ?? undefined))}
        />
      ))}
      <Checkbox
        className="toolbar-field"
        checked={filters.includeLeft ?? false}
        onChange={(e) => filter({ includeLeft: e.target.checked || undefined })}
      >
        含已离开
      </Checkbox>
    </>
  );

  const actions = (
    <>
      {!isPhone && <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />}
      <Link
        to={`/members/roster?${memberFilterQuery({ ...filters, list: rosterListOf(filters) })}`}
        target="_blank"
      >
        <Button icon={<PrinterOutlined />}>打印花名册</Button>
      </Link>
      {currentOrg && <ExportRosterButton orgId={currentOrg.id} />}
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
          新增党员
        </Button>
      )}
    </>
  );

  if (orgRefused)
    return (
      <Card title="党员管理" data-testid="members-page">
        <Result
          status="warning"
          title="无权查看该组织或组织不存在"
          subTitle="链接中的组织不在您的管理范围内，或已被删除。"
          extra={
            <Button type="primary" onClick={() => filter({ orgId: undefined })}>
              查看我管理范围内的党员
            </Button>
          }
        />
      </Card>
    );

  return (
    <Card title="党员管理" data-testid="members-page">
      <FilterBar
        isPhone={isPhone}
        active={activeFilters + (filters.orgId ? 1 : 0)}
        onReset={() => setSearchParams(new URLSearchParams(), { replace: true })}
        actions={actions}
      >
        {filterFields}
      </FilterBar>
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
        scroll={isPhone ? undefined : { x: 1300 }}
        locale={{ emptyText: empty }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: !isPhone,
          simple: isPhone,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 人`,
          onChange: (page, pageSize) =>
            setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
      <MemberDetailDrawer
        memberId={openId}
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
          void message.success(`已将 ${member.name} 的组织关系转入「${member.orgName}」`);
        }}
      />
    </Card>
  );
}
