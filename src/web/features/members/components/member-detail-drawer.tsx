import { EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  branchRoleLabels,
  educationLabels,
  genderLabels,
  mobileDirectionLabels,
  villageCommitteeRoleLabels,
} from '../../../../domain/member-base.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { todayIso } from '../../../shared/date-values.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { memberKeys } from '../../../shared/query-keys.js';
import { getMember } from '../api/get-member.js';
import { listMobileRecords } from '../api/list-mobile-records.js';
import { listTransfers } from '../api/list-transfers.js';
import type { Member, MobileRecord } from '../../../../contract/members.js';
import { MemberActivity } from './member-activity.js';
import { MemberFlagTags, StageTag } from './member-tags.js';
import { MobileRecordModal, type MobileRecordMode } from './mobile-record-modal.js';

interface Props {
  memberId: number | null;
  canWrite: boolean;
  onClose: () => void;
  onEdit: (member: Member) => void;
  onTransfer: (member: Member) => void;
}

const dash = (v: string | null) => v ?? '—';

export function MemberDetailDrawer({ memberId, canWrite, onClose, onEdit, onTransfer }: Props) {
  const [mobileMode, setMobileMode] = useState<MobileRecordMode | null>(null);
  const [mobileOpen, setMobileOpen] = useState(false);
  const id = memberId ?? 0;
  const member = useQuery({
    queryKey: memberKeys.detail(id),
    queryFn: memberId === null ? skipToken : ({ signal }) => getMember(memberId, signal),
    placeholderData: keepPreviousData,
  });
  const transfers = useQuery({
    queryKey: memberKeys.transfers(id),
    queryFn: memberId === null ? skipToken : ({ signal }) => listTransfers(memberId, signal),
    placeholderData: keepPreviousData,
  });
  const mobile = useQuery({
    queryKey: memberKeys.mobileRecords(id),
    queryFn: memberId === null ? skipToken : ({ signal }) => listMobileRecords(memberId, signal),
    placeholderData: keepPreviousData,
  });
  const m = member.data?.id === memberId ? member.data : undefined;
  const today = todayIso();

  const stageDates = m && (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 2 }}
      items={[
        { key: 'applied', label: '申请入党', children: formatDate(m.appliedOn) },
        { key: 'activist', label: '确定为积极分子', children: formatDate(m.activistOn) },
        { key: 'candidate', label: '确定为发展对象', children: formatDate(m.candidateOn) },
        { key: 'probationary', label: '入党（预备党员）', children: formatDate(m.probationaryOn) },
        { key: 'full', label: '转正', children: formatDate(m.fullOn) },
        {
          key: 'due',
          label: '应转正日期',
          children: m.conversionDueOn ? (
            <Space size={4}>
              {formatDate(m.conversionDueOn)}
              {m.conversionDueOn < today && <Tag color="error">已逾期</Tag>}
            </Space>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );

  return (
    <Drawer
      title={m ? `党员详情：${m.name}` : '党员详情'}
      open={memberId !== null}
      onClose={onClose}
      size="large"
      data-testid="member-drawer"
      extra={
        m &&
        canWrite &&
        !m.leftOn && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => onEdit(m)}>
              编辑
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => onTransfer(m)}>
              转接组织关系
            </Button>
          </Space>
        )
      }
    >
      {member.error && !m ? <Alert type="error" showIcon title={errorText(member.error)} /> : null}
      {!m && !member.error && <Skeleton active />}
      {m && (
        <Tabs
          items={[
            {
              key: 'info',
              label: '基本信息',
              children: (
                <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                  <Descriptions
                    bordered
                    size="small"
                    column={{ xs: 1, sm: 2 }}
                    items={[
                      { key: 'name', label: '姓名', children: m.name },
                      { key: 'gender', label: '性别', children: genderLabels[m.gender] },
                      { key: 'stage', label: '人员类别', children: <StageTag stage={m.stage} /> },
                      { key: 'org', label: '所属党组织', children: m.orgName },
                      { key: 'ethnicity', label: '民族', children: dash(m.ethnicity) },
                      { key: 'birth', label: '出生日期', children: formatDate(m.birthDate) },
                      {
                        key: 'education',
                        label: '学历',
                        children: m.education ? educationLabels[m.education] : '—',
                      },
                      {
                        key: 'idCard',
                        label: '身份证号码',
                        children: <span data-testid="member-id-card">{dash(m.idCard)}</span>,
                      },
                      { key: 'phone', label: '联系电话', children: dash(m.phone) },
                      { key: 'occupation', label: '职业', children: dash(m.occupation) },
                      {
                        key: 'branchRole',
                        label: '支部职务',
                        children: m.branchRole ? branchRoleLabels[m.branchRole] : '—',
                      },
                      {
                        key: 'vcRole',
                        label: '村（居）委会职务',
                        children: m.villageCommitteeRole
                          ? villageCommitteeRoleLabels[m.villageCommitteeRole]
                          : '—',
                      },
                      {
                        key: 'flags',
                        label: '身份标记',
                        span: { xs: 1, sm: 2 },
                        children: <MemberFlagTags member={m} />,
                      },
                    ]}
                  />
                  <section>
                    <Typography.Title level={5}>发展阶段</Typography.Title>
                    {stageDates}
                  </section>
                  <section>
                    <Typography.Title level={5}>组织关系转接记录</Typography.Title>
                    <Table
                      data-testid="transfer-history"
                      rowKey="id"
                      size="small"
                      pagination={false}
                      loading={transfers.isFetching}
                      dataSource={transfers.data?.items ?? []}
                      locale={{ emptyText: transfers.error ? errorText(transfers.error) : '没有转接记录' }}
                      columns={[
                        { title: '转接日期', dataIndex: 'transferredOn', width: 110 },
                        { title: '转出组织', dataIndex: 'fromOrgName' },
                        { title: '转入组织', dataIndex: 'toOrgName' },
                        { title: '备注', dataIndex: 'note', render: dash },
                      ]}
                    />
                  </section>
                  <section>
                    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                      <Typography.Title level={5}>流动党员记录</Typography.Title>
                      {canWrite && (
                        <Button
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => {
                            setMobileMode({ kind: 'create', memberId: m.id });
                            setMobileOpen(true);
                          }}
                        >
                          登记流动
                        </Button>
                      )}
                    </Space>
                    <Table<MobileRecord>
                      data-testid="mobile-records"
                      rowKey="id"
                      size="small"
                      pagination={false}
                      loading={mobile.isFetching}
                      scroll={{ x: 760 }}
                      dataSource={mobile.data?.items ?? []}
                      locale={{
                        emptyText: mobile.error ? (
                          errorText(mobile.error)
                        ) : (
                          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="不是流动党员" />
                        ),
                      }}
                      columns={[
                        {
                          title: '流向',
                          dataIndex: 'direction',
                          width: 64,
                          render: (d: MobileRecord['direction']) => mobileDirectionLabels[d],
                        },
                        { title: '地点', dataIndex: 'place' },
                        { title: '活动证号', dataIndex: 'certificateNo', render: dash },
                        { title: '流入地党组织', dataIndex: 'hostOrgName', render: dash },
                        {
                          title: '联系人',
                          key: 'contact',
                          render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' ') || '—',
                        },
                        {
                          title: '起止',
                          key: 'period',
                          render: (_, r) => `${r.startedOn} 至 ${r.endedOn ?? '今'}`,
                        },
                        ...(canWrite
                          ? [
                              {
                                title: '操作',
                                key: 'actions',
                                width: 64,
                                render: (_: unknown, r: MobileRecord) => (
                                  <Button
                                    type="link"
                                    size="small"
                                    onClick={() => {
                                      setMobileMode({ kind: 'edit', record: r });
                                      setMobileOpen(true);
                                    }}
                                  >
                                    修改
                                  </Button>
                                ),
                              },
                            ]
                          : []),
                      ]}
                    />
                  </section>
                  {canWrite && (
                    <Typography.Text type="secondary">
                      党员信息不可删除：去世、出党或转出本系统时，请在“编辑”中登记离开日期和原因，历史记录将保留。
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { key: 'activity', label: '活动记录', children: <MemberActivity memberId={m.id} /> },
          ]}
        />
      )}
      <MobileRecordModal
        open={mobileOpen}
        mode={mobileMode}
        onClose={() => setMobileOpen(false)}
        onSaved={() => setMobileOpen(false)}
      />
    </Drawer>
  );
}
