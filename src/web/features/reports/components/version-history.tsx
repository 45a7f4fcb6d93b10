import { Alert, Card, Col, Empty, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { diffChars } from 'diff';
import { useState, type ReactNode } from 'react';
import { errorText } from '../../../shared/api-client.js';
import { reportKeys } from '../../../shared/query-keys.js';
import { getReportVersion } from '../api/reports.js';
import { officialText } from './report-text.js';
import type { Report } from '../../../../contract/reports.js';

/** Two texts side by side: what the older has and the newer lacks struck out red, what is new green. */
function SideBySide({ older, newer }: { older: string; newer: string }) {
  const left: ReactNode[] = [];
  const right: ReactNode[] = [];
  diffChars(older, newer).forEach((part, i) => {
    if (part.removed)
      left.push(
        <del key={i} style={{ background: '#ffccc7', textDecorationColor: '#cf1322' }}>
          {part.value}
        </del>,
      );
    else if (part.added)
      right.push(
        <ins key={i} style={{ background: '#d9f7be', textDecoration: 'none' }}>
          {part.value}
        </ins>,
      );
    else {
      left.push(part.value);
      right.push(part.value);
    }
  });
  return (
    <Row gutter={16} data-testid="report-diff">
      <Col xs={24} md={12}>
        <div style={{ ...officialText, fontSize: 14 }} data-testid="report-diff-older">
          {left}
        </div>
      </Col>
      <Col xs={24} md={12}>
        <div style={{ ...officialText, fontSize: 14 }} data-testid="report-diff-newer">
          {right}
        </div>
      </Col>
    </Row>
  );
}

function useVersionText(report: Report, version: number) {
  return useQuery({
    queryKey: reportKeys.version(report.id, version),
    queryFn: ({ signal }) => getReportVersion(report.id, version, signal),
  });
}

function Compare({ report, older, newer }: { report: Report; older: number; newer: number }) {
  const a = useVersionText(report, older);
  const b = useVersionText(report, newer);
  const error = a.error ?? b.error;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!a.data || !b.data) return <Skeleton active />;
  if (a.data.text === b.data.text) return <Empty description="两个版本的正文相同" />;
  return <SideBySide older={a.data.text} newer={b.data.text} />;
}

/** Every submitted version, and any two of them compared side by side (the last two by default). */
export function VersionHistory({ report }: { report: Report }) {
  const count = report.versions.length;
  const [pair, setPair] = useState<[number, number]>([Math.max(1, count - 1), count]);
  const options = report.versions.map((v) => ({
    value: v.version,
    label: `第 ${v.version} 版（${v.submittedOn}）`,
  }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Table
        rowKey="version"
        size="small"
        pagination={false}
        dataSource={report.versions}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
          { title: '提交日期', dataIndex: 'submittedOn' },
          { title: '提交人', dataIndex: 'submittedByName', render: (n: string | null) => n ?? '—' },
          {
            title: '逾期',
            dataIndex: 'late',
            render: (late: boolean) => (late ? <Tag color="red">逾期</Tag> : '—'),
          },
          {
            title: '审查结论',
            dataIndex: 'decision',
            render: (d: string | null) =>
              d === 'accepted' ? (
                <Tag color="green">通过</Tag>
              ) : d === 'returned' ? (
                <Tag color="orange">退回</Tag>
              ) : (
                '待审查'
              ),
          },
        ]}
      />
      {count < 2 ? (
        <Typography.Text type="secondary">
          只有一个提交版本；退回后再次提交，即可在此对比修改之处。
        </Typography.Text>
      ) : (
        <Card
          size="small"
          title={
            <Space wrap>
              对比
              <Select
                value={pair[0]}
                options={options}
                onChange={(v) => setPair([v, pair[1]])}
                style={{ minWidth: 180 }}
                aria-label="较早的版本"
              />
              与
              <Select
                value={pair[1]}
                options={options}
                onChange={(v) => setPair([pair[0], v])}
                style={{ minWidth: 180 }}
                aria-label="较新的版本"
              />
            </Space>
          }
        >
          <Compare report={report} older={Math.min(...pair)} newer={Math.max(...pair)} />
        </Card>
      )}
    </Space>
  );
}
