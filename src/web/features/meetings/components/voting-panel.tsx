import { Alert, App, Button, Empty, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { affectedBy, meetingKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { clearRehearsal, getTurnout, setVoting } from '../api/meetings.js';
import { PerReporterVoting } from './per-reporter-voting.js';
import { TurnoutRows } from './turnout-rows.js';
import type { Meeting, VotingInput } from '../../../../contract/meetings.js';

/** Polling until the live tally's server-sent events reach this page too. */
const refreshMs = 3000;

const confirmTexts = {
  open: {
    title: '开始投票？',
    content: '开始后评议人即可凭测评码投票；评议会设置、述职顺序和测评项目不能再修改。',
    okText: '开始投票',
  },
  close: {
    title: '结束投票？',
    content: '结束后选票锁定，不可再投，未用的测评码作废；随后可查看计票结果。',
    okText: '结束投票',
  },
} as const;

/** 开始投票 / 结束投票, 已投/应发 per category while open, and clearing the rehearsal. */
export function VotingPanel({ meeting, writable }: { meeting: Meeting; writable: boolean }) {
  const { modal } = App.useApp();
  const { data: turnout } = useQuery({
    queryKey: meetingKeys.turnout(meeting.id),
    queryFn: ({ signal }) => getTurnout(meeting.id, signal),
    refetchInterval: meeting.voting === 'open' ? refreshMs : false,
  });
  const voting = useSubmit({
    submit: (input: VotingInput) => setVoting(meeting.id, input),
    invalidates: affectedBy.meetings,
  });
  const clear = useSubmit({ submit: () => clearRehearsal(meeting.id), invalidates: affectedBy.meetings });
  const confirm = (action: 'open' | 'close') =>
    modal.confirm({
      ...confirmTexts[action],
      okButtonProps: { danger: action === 'close' },
      cancelText: '取消',
      onOk: () => voting.runAsync({ action }).catch(() => undefined),
    });
  const perReporter = meeting.rules.votingMode === 'perReporter';
  const rehearsalCodes = turnout?.rehearsal.reduce((s, r) => s + r.issued, 0) ?? 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {voting.error && <Alert type="error" showIcon title={voting.error} />}
      {perReporter && meeting.voting !== 'closed' && (
        <PerReporterVoting
          meeting={meeting}
          turnout={turnout}
          writable={writable}
          busy={voting.submitting}
          onChange={(input) => voting.runAsync(input).catch(() => undefined)}
          onEnd={() => confirm('close')}
        />
      )}
      {!perReporter && writable && meeting.voting !== 'closed' && (
        <Space wrap>
          {meeting.voting === 'notOpened' ? (
            <Button type="primary" onClick={() => confirm('open')} data-testid="voting-open">
              开始投票
            </Button>
          ) : (
            <Button danger type="primary" onClick={() => confirm('close')} data-testid="voting-close">
              结束投票
            </Button>
          )}
          {meeting.voting === 'notOpened' && (
            <Typography.Text type="secondary">可先用模拟测评码试投，正式投票前清除。</Typography.Text>
          )}
        </Space>
      )}
      {meeting.voting === 'closed' && (
        <Alert type="success" showIcon title="投票已结束，选票已锁定。计票结果见“计票结果”。" />
      )}
      {turnout && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            投票情况（已投/应发）
            {meeting.voting === 'open' && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                每 3 秒刷新
              </Typography.Text>
            )}
          </Typography.Title>
          {turnout.categories.length === 0 ? (
            <Empty description="还没有正式测评码，请先在“测评码”中生成" />
          ) : (
            <>
              <TurnoutRows rows={turnout.categories} testId="turnout" />
              <Typography.Text strong data-testid="turnout-total">
                合计 {turnout.used}/{turnout.issued}
              </Typography.Text>
            </>
          )}
          {turnout.problem && meeting.voting !== 'notOpened' && (
            <Alert
              type={meeting.voting === 'open' ? 'info' : 'warning'}
              showIcon
              title={meeting.voting === 'open' ? `如现在结束：${turnout.problem}` : turnout.problem}
              data-testid="turnout-problem"
            />
          )}
          {rehearsalCodes > 0 && (
            <>
              <Typography.Title level={5} style={{ margin: 0 }}>
                模拟测评（另计，不计入结果）
              </Typography.Title>
              <TurnoutRows rows={turnout.rehearsal} testId="turnout-rehearsal" />
              {writable && (
                <Button
                  danger
                  style={{ alignSelf: 'flex-start' }}
                  loading={clear.submitting}
                  onClick={() =>
                    modal.confirm({
                      title: '清除模拟测评？',
                      content: '模拟测评的测评码和测评票全部删除，不能恢复；正式测评不受影响。',
                      okText: '清除',
                      okButtonProps: { danger: true },
                      cancelText: '取消',
                      onOk: () => clear.runAsync(undefined).catch(() => undefined),
                    })
                  }
                  data-testid="rehearsal-clear"
                >
                  清除模拟测评
                </Button>
              )}
            </>
          )}
        </>
      )}
    </Space>
  );
}
