import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { protocolFacts } from '../../../../domain/meeting-protocol.js';
import { errorText } from '../../../shared/api-client.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { getMeeting, getTally, getTurnout } from '../api/meetings.js';
import { TallyTables } from '../components/tally-tables.js';

/**
 * The 计票结果 protocol on A4, as the xlsx has it (the meeting's facts, then the tally), with lines
 * for the signatures of 计票人 and 监票人; the browser's 另存为 PDF makes the PDF.
 */
export function ProtocolPrintPage() {
  const id = Number(useParams().id);
  const meeting = useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: ({ signal }) => getMeeting(id, signal),
  });
  const tally = useQuery({ queryKey: meetingKeys.tally(id), queryFn: ({ signal }) => getTally(id, signal) });
  const turnout = useQuery({
    queryKey: meetingKeys.turnout(id),
    queryFn: ({ signal }) => getTurnout(id, signal),
  });
  const error = meeting.error ?? tally.error ?? turnout.error;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!meeting.data || !tally.data || !turnout.data) return <Spin />;
  const m = meeting.data;
  const facts = protocolFacts({
    name: m.name,
    heldOn: m.heldOn,
    venue: m.venue,
    votingMode: m.rules.votingMode,
    categories: turnout.data.categories,
    ballots: tally.data.groups.reduce((s, g) => s + g.ballots, 0),
    problem: tally.data.problem,
  });
  return (
    // Beyond three tally groups the columns fit only across a landscape page.
    <div
      className={`protocol-sheet${tally.data.groups.length > 3 ? ' protocol-wide' : ''}`}
      data-testid="protocol-sheet"
    >
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={`/meetings/${id}?tab=tally`}>返回评议会</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <h2 className="roster-title">{m.name}民主测评计票结果</h2>
      <table className="protocol-facts">
        <tbody>
          {facts.map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              <td>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="protocol-note">不足 3 票的评议人类别并入“其他”。</p>
      <TallyTables tally={tally.data} fit />
      <div className="protocol-signatures">
        <span>计票人：</span>
        <span>监票人：</span>
        <span>日期：</span>
      </div>
    </div>
  );
}
