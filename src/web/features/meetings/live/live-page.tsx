import { Alert, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { liveTurnoutRows } from '../../../../domain/live-tally.js';
import { votingStateLabels, type VotingState } from '../../../../domain/meetings.js';
import { errorText } from '../../../shared/api-client.js';
import { getMeeting, liveKeys } from './api.js';
import { GradeChart } from './grade-chart.js';
import { Screen, vh } from './screen.js';
import { useLiveTurnout } from './use-live-turnout.js';

const stateColors: Record<VotingState, string> = { notOpened: '#ffe58f', open: '#b7eb8f', closed: '#fff' };

/** 大屏: turnout per panelist category while voting runs, the grades once it has closed. */
export function LivePage() {
  const id = Number(useParams().id);
  const meeting = useQuery({
    queryKey: liveKeys.meeting(id),
    queryFn: ({ signal }) => getMeeting(id, signal),
  });
  const { turnout, error } = useLiveTurnout(id);
  const failure = meeting.error ?? error;
  if (failure) return <Alert type="error" showIcon title={errorText(failure)} />;
  if (!meeting.data || !turnout) return <Spin size="large" />;

  const rows = liveTurnoutRows(meeting.data.categories, turnout.categories);
  const closed = turnout.voting === 'closed';
  // 逐人投票: the reporter whose voting is open, named from the meeting (events carry no names).
  const open = turnout.reporter;
  const openName = open && meeting.data.reporters.find((r) => r.orgId === open.orgId)?.orgName;
  return (
    <Screen
      testId="meeting-live"
      title={meeting.data.name}
      badge={
        <span data-testid="live-state" style={{ color: stateColors[turnout.voting] }}>
          {votingStateLabels[turnout.voting]}
        </span>
      }
    >
      {open && (
        <div data-testid="live-reporter" style={{ fontSize: vh(4.4, 22), fontWeight: 700 }}>
          正在投票：{openName} 已投 {open.used} / 应发 {open.issued}
        </div>
      )}
      <section
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(8em, auto) 1fr auto',
          alignItems: 'center',
          columnGap: vh(2.4, 12),
          rowGap: vh(closed ? 0.8 : 1.8, 6),
          fontSize: vh(closed ? 2.6 : 4, closed ? 16 : 22),
        }}
      >
        {rows.length === 0 && <div style={{ gridColumn: '1 / -1' }}>尚未生成测评码</div>}
        {rows.map((row) => (
          <div key={row.category} style={{ display: 'contents' }} data-testid={`live-row-${row.category}`}>
            <div style={{ fontWeight: 600 }}>{row.label}</div>
            <div style={{ height: '0.8em', background: '#f0e0d6', borderRadius: 6, overflow: 'hidden' }}>
              <div style={{ width: `${row.share * 100}%`, height: '100%', background: '#d4380d' }} />
            </div>
            <div style={{ fontVariantNumeric: 'tabular-nums', textAlign: 'right' }}>
              已投 {row.used} / 应发 {row.issued}
            </div>
          </div>
        ))}
      </section>
      <section
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'baseline',
          gap: vh(2, 12),
          borderTop: '2px solid #e8d5c4',
          paddingTop: vh(1.2, 6),
        }}
      >
        <div data-testid="live-total" style={{ fontSize: vh(closed ? 3.6 : 5.6, 22), fontWeight: 700 }}>
          合计 已投 {turnout.used} / 应发 {turnout.issued}
        </div>
        <div
          data-testid="live-validity"
          style={{
            fontSize: vh(2.8, 16),
            color: turnout.problem ? '#a8071a' : '#237804',
            textAlign: 'right',
          }}
        >
          {turnout.issued === 0 ? '' : (turnout.problem ?? `收回测评票超过发出的半数，测评有效`)}
        </div>
      </section>
      {closed && <GradeChart meeting={meeting.data} />}
    </Screen>
  );
}
