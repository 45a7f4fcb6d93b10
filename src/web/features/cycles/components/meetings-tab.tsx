import { Alert, App, Button, Empty, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { VotingStateTag } from '../../../shared/meetings/meeting-fields.js';
import { affectedBy, meetingKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { deleteMeeting, listMeetings } from '../api/meetings.js';
import { CreateMeetingModal } from './create-meeting-modal.js';
import { SatisfactionCoveragePanel } from './satisfaction-coverage.js';
import { meetingKindLabels } from '../../../../domain/meetings.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { MeetingList } from '../../../../contract/meetings.js';

type MeetingRow = MeetingList['items'][number];

const purpose =
  '述职评议会上，各述职组织书记依次现场述职，评议人用手机扫测评码对每位书记逐项评价（好、较好、一般、差），结果计入民主测评；村民代表大会的满意度测评（满意、基本满意、不满意）计入满意度。';

/** 述职评议会 of a cycle: open one to set its order, codes and voting; delete one that has no ballots. */
export function MeetingsTab({ cycle }: { cycle: Cycle }) {
  const phone = useIsPhone();
  const { modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const { data, error, isFetching } = useQuery({
    queryKey: meetingKeys.list(cycle.id),
    queryFn: ({ signal }) => listMeetings(cycle.id, signal),
  });
  const remove = useSubmit({ submit: deleteMeeting, invalidates: affectedBy.meetings });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;

  const open = (m: MeetingRow) => (
    <Link to={`/meetings/${m.id}`} data-testid={`meeting-open-${m.id}`}>
      {m.name}
    </Link>
  );
  const deleteButton = (m: MeetingRow) => {
    const button = (
      <Button
        type="link"
        danger
        size="small"
        disabled={m.hasBallots}
        aria-label={`删除${m.name}`}
        onClick={() =>
          modal.confirm({
            title: `删除“${m.name}”？`,
            content: '评议会的述职顺序、测评项目和测评码一并删除，不能恢复。',
            okText: '删除',
            okButtonProps: { danger: true },
            cancelText: '取消',
            onOk: () => remove.runAsync(m.id).catch(() => undefined),
          })
        }
      >
        删除
      </Button>
    );
    return m.hasBallots ? (
      <Tooltip title="已有测评票，不能删除（模拟测评票可先清除）">{button}</Tooltip>
    ) : (
      button
    );
  };
  const actions = (m: MeetingRow) => [
    <Link key="open" to={`/meetings/${m.id}`}>
      {cycle.writable ? '管理' : '查看'}
    </Link>,
    ...(cycle.writable ? [<span key="delete">{deleteButton(m)}</span>] : []),
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {cycle.writable && (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="meeting-create">
          新建评议会或满意度测评
        </Button>
      )}
      {data.items.length === 0 ? (
        <Empty
          description={
            <Space orientation="vertical" size={4}>
              <span>本周期还没有述职评议会。</span>
              <Typography.Text type="secondary">{purpose}</Typography.Text>
            </Space>
          }
        />
      ) : phone ? (
        <List
          dataSource={data.items}
          loading={isFetching}
          renderItem={(m) => (
            <List.Item actions={actions(m)}>
              <List.Item.Meta
                title={open(m)}
                description={
                  <Space wrap size={4}>
                    <Tag>{meetingKindLabels[m.kind]}</Tag>
                    <span>{m.heldOn}</span>
                    {m.venue && <span>{m.venue}</span>}
                    <VotingStateTag voting={m.voting} />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<MeetingRow>
          rowKey="id"
          size="small"
          loading={isFetching || remove.submitting}
          dataSource={data.items}
          pagination={false}
          data-testid="meetings"
          columns={[
            { title: '名称', render: (_, m) => open(m) },
            { title: '类型', width: 100, render: (_, m) => meetingKindLabels[m.kind] },
            { title: '日期', dataIndex: 'heldOn', width: 120 },
            { title: '地点', dataIndex: 'venue', render: (v: string) => v || '—' },
            { title: '投票状态', width: 100, render: (_, m) => <VotingStateTag voting={m.voting} /> },
            { title: '操作', width: 140, render: (_, m) => <Space size={0}>{actions(m)}</Space> },
          ]}
        />
      )}
      <SatisfactionCoveragePanel cycleId={cycle.id} />
      <CreateMeetingModal cycle={cycle} open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
