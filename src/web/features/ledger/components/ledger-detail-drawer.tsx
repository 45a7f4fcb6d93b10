import { DeleteOutlined, EditOutlined, PaperClipOutlined } from '@ant-design/icons';
import { skipToken, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Image,
  List,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { formatDate, formatDateTime } from '../../../shared/format.js';
import { affectedBy, ledgerKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { deleteLedgerRecord, getLedgerRecord } from '../api/ledger.js';
import { AttendanceText, LedgerKindTag } from './ledger-kind-tag.js';

interface Props {
  id: number | null;
  canWrite: boolean;
  onClose: () => void;
}

/** One record: its fields, who attended, photos and files; edit, and delete after a confirmation. */
export function LedgerDetailDrawer({ id, canWrite, onClose }: Props) {
  const isPhone = useIsPhone();
  const { modal, message } = App.useApp();
  const { data: record, error } = useQuery({
    queryKey: ledgerKeys.detail(id ?? 0),
    queryFn: id ? ({ signal }) => getLedgerRecord(id, signal) : skipToken,
  });
  const remove = useSubmit({
    submit: deleteLedgerRecord,
    invalidates: affectedBy.ledger,
    onSuccess: () => {
      message.success('台账记录已删除');
      onClose();
    },
  });

  const confirmDelete = () =>
    modal.confirm({
      title: '删除这条台账记录？',
      content: '参加人员登记和附件将一并删除，且不能恢复。删除操作会记入审计日志。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => remove.runAsync(record!.id),
    });

  const images = record?.files.filter((f) => f.type.startsWith('image/')) ?? [];
  const others = record?.files.filter((f) => !f.type.startsWith('image/')) ?? [];
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title="台账记录"
      placement={isPhone ? 'bottom' : 'right'}
      size={isPhone ? '90%' : 560}
      extra={
        record &&
        canWrite && (
          <Space>
            <Link to={`/ledger/${record.id}/edit`}>
              <Button icon={<EditOutlined />}>修改</Button>
            </Link>
            <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="ledger-delete">
              删除
            </Button>
          </Space>
        )
      }
    >
      {error ? (
        <Alert type="error" showIcon message={errorText(error)} />
      ) : !record ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="ledger-detail">
          <Space wrap>
            <LedgerKindTag kind={record.kind} />
            {record.late && <Tag color="orange">{`补录（${formatDate(record.enteredOn)}录入）`}</Tag>}
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {record.topic}
          </Typography.Title>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="组织">{record.orgName}</Descriptions.Item>
            <Descriptions.Item label="日期">{formatDate(record.heldOn)}</Descriptions.Item>
            <Descriptions.Item label="主持人">{record.hostName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="地点">{record.place ?? '—'}</Descriptions.Item>
            {record.hours !== null && (
              <Descriptions.Item label="学时">{`${record.hours} 小时`}</Descriptions.Item>
            )}
            <Descriptions.Item label="参会情况">
              <AttendanceText {...record.attendance} />
            </Descriptions.Item>
            <Descriptions.Item label="录入">
              {`${record.enteredByName ?? '—'} · ${formatDateTime(record.enteredAt)}`}
            </Descriptions.Item>
          </Descriptions>
          {record.attendees.length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>参加人员</Typography.Text>}
              bordered
              dataSource={record.attendees}
              renderItem={(a) => (
                <List.Item>
                  <span>{a.name}</span>
                  {a.present ? (
                    <Tag color="green">出席</Tag>
                  ) : (
                    <Tag color="red">{`缺席：${a.absenceReason}`}</Tag>
                  )}
                </List.Item>
              )}
            />
          )}
          {record.minutes && (
            <div>
              <Typography.Text strong>会议记录</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
                {record.minutes}
              </Typography.Paragraph>
            </div>
          )}
          {images.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap>
                {images.map((f) => (
                  <Image
                    key={f.id}
                    src={`/api/files/${f.id}`}
                    alt={f.name}
                    width={96}
                    height={96}
                    style={{ objectFit: 'cover' }}
                  />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          {others.map((f) => (
            <a key={f.id} href={`/api/files/${f.id}`}>
              <PaperClipOutlined /> {f.name}
            </a>
          ))}
        </Space>
      )}
    </Drawer>
  );
}
