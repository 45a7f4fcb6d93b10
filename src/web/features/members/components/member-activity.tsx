import { Alert, Empty, List, Select, Space, Statistic, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ledgerKindLabel } from '../../../../domain/ledger.js';
import { errorText } from '../../../shared/api-client.js';
import { ledgerKeys } from '../../../shared/query-keys.js';
import { getMemberHistory } from '../api/get-member-history.js';
import type { MemberHistoryItem } from '../../../../contract/ledger.js';

function presence(item: MemberHistoryItem) {
  if (item.present === true) return <Tag color="green">出席</Tag>;
  if (item.present === false)
    return <Tag color="orange">缺席{item.absenceReason ? `：${item.absenceReason}` : ''}</Tag>;
  return null;
}

/** 活动记录: the member's year in the ledger (meetings attended or missed, with reasons) and training hours. */
export function MemberActivity({ memberId }: { memberId: number }) {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const { data, error, isFetching } = useQuery({
    queryKey: ledgerKeys.memberHistory(memberId, year),
    queryFn: ({ signal }) => getMemberHistory(memberId, year, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="member-activity">
      <Select
        value={year}
        onChange={setYear}
        style={{ width: 120 }}
        aria-label="年度"
        options={Array.from({ length: 6 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }))}
      />
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      {data && (
        <Space size="large" wrap>
          <Statistic title="出席" value={data.attended} suffix="次" />
          <Statistic title="缺席" value={data.absent} suffix="次" />
          <Statistic title="培训学时" value={data.trainingHours} suffix="小时" />
        </Space>
      )}
      <List
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${year}年没有活动记录`} />,
        }}
        renderItem={(item) => (
          <List.Item key={item.recordId}>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Typography.Text strong>{item.heldOn}</Typography.Text>
                <Tag>{ledgerKindLabel(item.kind)}</Tag>
                {presence(item)}
                {item.hosted && <Tag color="blue">主持</Tag>}
              </Space>
              <Typography.Text>{item.topic}</Typography.Text>
              <Typography.Text type="secondary">
                {item.orgName}
                {item.hours !== null ? ` · ${item.hours}学时` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
