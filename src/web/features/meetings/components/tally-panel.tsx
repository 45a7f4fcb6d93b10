import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { buildUrl, errorText } from '../../../shared/api-client.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { getTally } from '../api/meetings.js';
import { SurveyTally } from './survey-tally.js';
import { TallyTables } from './tally-tables.js';
import type { Meeting } from '../../../../contract/meetings.js';

/** 计票结果 after closing: per reporter, per item, the count of each grade in each group; the protocol's links. */
export function TallyPanel({ meeting }: { meeting: Meeting }) {
  const navigate = useNavigate();
  const { data, error } = useQuery({
    queryKey: meetingKeys.tally(meeting.id),
    queryFn: ({ signal }) => getTally(meeting.id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;
  const ballots = data.groups.reduce((s, g) => s + g.ballots, 0);
  const survey = meeting.kind === 'satisfaction';
  return (
    <div className="tally" data-testid="tally">
      <Space className="no-print" style={{ marginBottom: 12 }} wrap>
        {survey ? (
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        ) : (
          <>
            <Button
              icon={<DownloadOutlined />}
              href={buildUrl(`/meetings/${meeting.id}/protocol.xlsx`)}
              data-testid="protocol-xlsx"
            >
              导出 Excel
            </Button>
            <Button
              icon={<PrinterOutlined />}
              onClick={() => void navigate(`/meetings/${meeting.id}/protocol/print`)}
            >
              打印计票表
            </Button>
          </>
        )}
      </Space>
      <h2 className="roster-title">
        {meeting.name}
        {survey ? '结果' : '民主测评计票结果'}
      </h2>
      <p className="roster-meta">
        {meeting.heldOn} {meeting.venue} · 收回有效测评票 {ballots} 张
        {data.groups.length > 1 && `（${data.groups.map((g) => `${g.label} ${g.ballots} 张`).join('，')}）`}
      </p>
      {data.problem && <Alert type="warning" showIcon title={data.problem} style={{ marginBottom: 12 }} />}
      {survey ? (
        <>
          <Typography.Paragraph type="secondary" className="no-print">
            满意率 =（满意 + 基本满意）÷ 有效票 ×
            100%，按第一题计算，计入综合评价的“满意度”；本村测评码使用未过半数的不计。
          </Typography.Paragraph>
          <SurveyTally tally={data} />
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary" className="no-print">
            不足 3 票的评议人类别并入“其他”，以免从计票结果看出个人的选择。
          </Typography.Paragraph>
          <TallyTables tally={data} />
        </>
      )}
    </div>
  );
}
