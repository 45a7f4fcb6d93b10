import { Alert, Card, Space, Spin, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { VotingStateTag } from '../../../shared/meetings/meeting-fields.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { useAuth } from '../../../shared/session/auth-context.js';
import { getMeeting } from '../api/meetings.js';
import { CodesPanel } from '../components/codes-panel.js';
import { LeaderReviewsPanel } from '../components/leader-reviews-panel.js';
import { MeetingSettings } from '../components/meeting-settings.js';
import { PaperBallotsPanel } from '../components/paper-ballots-panel.js';
import { TallyPanel } from '../components/tally-panel.js';
import { VotingPanel } from '../components/voting-panel.js';
import { meetingKindLabels } from '../../../../domain/meetings.js';

/** The tabs, each reachable by `?tab=` so a reload keeps it. */
const tabKeys = ['settings', 'codes', 'voting', 'paper', 'reviews', 'tally'] as const;

/**
 * 述职评议会: its settings until voting opens, its 测评码, the vote, the paper ballots (统一投票
 * only), the leaders' reviews and, after closing, the tally.
 */
export function MeetingPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const { data: meeting, error } = useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: ({ signal }) => getMeeting(id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!meeting) return <Spin />;
  const writable = can('cycle.write');
  const asked = searchParams.get('tab');
  // A 满意度测评 runs on phones alone and has no leaders' reviews.
  const survey = meeting.kind === 'satisfaction';
  const paper = meeting.rules.votingMode === 'allAtOnce' && !survey;
  const shown = (k: (typeof tabKeys)[number]) =>
    (k !== 'tally' || meeting.voting === 'closed') &&
    (k !== 'paper' || paper) &&
    (k !== 'reviews' || !survey);
  const tab = tabKeys.find((k) => k === asked && shown(k)) ?? 'settings';
  return (
    <Card
      title={
        <Space wrap>
          <Link to={`/cycles/${meeting.cycleId}?tab=meetings`}>{meetingKindLabels[meeting.kind]}</Link>
          <span>/</span>
          <Typography.Text strong data-testid="meeting-name">
            {meeting.name}
          </Typography.Text>
          <VotingStateTag voting={meeting.voting} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" className="no-print">
        {meeting.heldOn}
        {meeting.venue && ` · ${meeting.venue}`} · {meeting.reporters.length} 个
        {survey ? '测评对象' : '述职组织'}
        {/* The big screen and presenter mode follow reporters on stage; a survey has none. */}
        {!survey && (
          <>
            {' '}
            · <Link to={`/meetings/${id}/live`}>大屏</Link> ·{' '}
            <Link to={`/meetings/${id}/present`}>述职演示</Link>
          </>
        )}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'settings' ? {} : { tab: key }, { replace: true })}
        items={[
          {
            key: 'settings',
            label: survey ? '测评设置' : '评议会设置',
            // Remounted after each save or state change, so the form starts from what the server holds.
            children: <MeetingSettings key={meeting.updatedAt} meeting={meeting} writable={writable} />,
          },
          { key: 'codes', label: '测评码', children: <CodesPanel meeting={meeting} writable={writable} /> },
          { key: 'voting', label: '投票', children: <VotingPanel meeting={meeting} writable={writable} /> },
          ...(paper
            ? [
                {
                  key: 'paper',
                  label: '纸质票',
                  children: <PaperBallotsPanel meeting={meeting} writable={writable} />,
                },
              ]
            : []),
          ...(survey
            ? []
            : [{ key: 'reviews', label: '领导评议', children: <LeaderReviewsPanel meeting={meeting} /> }]),
          ...(meeting.voting === 'closed'
            ? [{ key: 'tally', label: '计票结果', children: <TallyPanel meeting={meeting} /> }]
            : []),
        ]}
      />
    </Card>
  );
}
