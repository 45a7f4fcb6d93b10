import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { affectedBy, inboxKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getInbox, markRead } from '../api/inbox.js';
import { ProblemStatusTags } from '../components/problem-labels.js';
import type { MarkReadInput } from '../../../../contract/inbox.js';

/** 我的待办: the items to work on or verify, and the reminders and daily digests received. */
export function InboxPage() {
  const { data, error, isPending } = useQuery({
    queryKey: inboxKeys.list(),
    queryFn: ({ signal }) => getInbox(signal),
  });
  const read = useSubmit({
    submit: (input: MarkReadInput) => markRead(input),
    invalidates: affectedBy.inbox,
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const tasks = data?.tasks ?? [];
  const notifications = data?.notifications ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的待办
      </Typography.Title>
      <Card
        title={`待办（${data?.tasksTotal ?? 0}）`}
        loading={isPending}
        data-testid="inbox-tasks"
        extra={data && data.tasksTotal > tasks.length ? `显示期限最早的 ${tasks.length} 项` : undefined}
      >
        <List
          dataSource={tasks}
          locale={{ emptyText: <Empty description="暂无须办理的整改问题" /> }}
          renderItem={(task) => (
            <List.Item data-testid="inbox-task">
              <List.Item.Meta
                title={
                  <Link to={`/problems/${task.problemId}`} style={{ overflowWrap: 'anywhere' }}>
                    {task.text}
                  </Link>
                }
                description={
                  <Space size={4} wrap>
                    <Tag color={task.action === 'verify' ? 'gold' : 'blue'}>
                      {task.action === 'verify' ? '待核验' : '待整改'}
                    </Tag>
                    <ProblemStatusTags status={task.status} daysOverdue={task.daysOverdue} />
                    <Typography.Text type="secondary">
                      {task.orgName} · 期限 {task.deadline}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={`消息（未读 ${data?.unread ?? 0}）`}
        loading={isPending}
        data-testid="inbox-notifications"
        extra={
          <Button
            size="small"
            disabled={!data || data.unread === 0}
            loading={read.submitting && read.input !== undefined && 'all' in read.input}
            onClick={() => read.run({ all: true })}
            data-testid="inbox-read-all"
          >
            全部已读
          </Button>
        }
      >
        <List
          dataSource={notifications}
          locale={{ emptyText: <Empty description="暂无消息" /> }}
          renderItem={(n) => (
            <List.Item
              data-testid="inbox-notification"
              actions={
                n.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        loading={
                          read.submitting &&
                          read.input !== undefined &&
                          'ids' in read.input &&
                          read.input.ids[0] === n.id
                        }
                        onClick={() => read.run({ ids: [n.id] })}
                        data-testid="inbox-read"
                      >
                        标为已读
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    {!n.readAt && <Badge status="processing" aria-label="未读" />}
                    <Tag>{n.kind === 'reminder' ? '催办' : '每日提醒'}</Tag>
                    <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                  </Space>
                }
                description={
                  <span style={{ overflowWrap: 'anywhere' }}>
                    {n.problemId === null ? n.text : <Link to={`/problems/${n.problemId}`}>{n.text}</Link>}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
