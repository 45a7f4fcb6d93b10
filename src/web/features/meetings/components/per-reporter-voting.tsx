import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { votingStateLabels } from '../../../../domain/meetings.js';
import { TurnoutRows } from './turnout-rows.js';
import type { Meeting, Turnout, VotingInput } from '../../../../contract/meetings.js';

const stateColors = { notOpened: 'default', open: 'processing', closed: 'success' } as const;

/**
 * 逐人投票: the reporters in order, each opened after their report and closed before the next
 * (the server allows one open at a time, each once); the open reporter's 已投/应发; the final end.
 */
export function PerReporterVoting({
  meeting,
  turnout,
  writable,
  busy,
  onChange,
  onEnd,
}: {
  meeting: Meeting;
  turnout: Turnout | undefined;
  writable: boolean;
  busy: boolean;
  onChange: (input: VotingInput) => void;
  onEnd: () => void;
}) {
  const open = meeting.reporters.find((r) => r.voting === 'open');
  const next = meeting.reporters.find((r) => r.voting === 'notOpened');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="per-reporter-voting">
      <Alert
        type="info"
        showIcon
        title={
          open
            ? `正在对“${open.orgName}”投票：结束后再开始下一位。`
            : next
              ? `逐人投票：请在“${next.orgName}”述职后开始对其投票。`
              : '各位述职人的投票均已结束，请结束本次测评。'
        }
      />
      {turnout?.reporter && (
        <>
          <Typography.Text strong>
            {turnout.reporter.orgName}：已投 {turnout.reporter.used}/{turnout.reporter.issued}
          </Typography.Text>
          <TurnoutRows rows={turnout.reporter.categories} testId="reporter-turnout" />
        </>
      )}
      <List
        size="small"
        bordered
        dataSource={meeting.reporters}
        renderItem={(r) => (
          <List.Item
            data-testid={`reporter-voting-${r.orgId}`}
            actions={
              writable
                ? [
                    r.voting === 'open' ? (
                      <Button
                        key="close"
                        danger
                        size="small"
                        loading={busy}
                        onClick={() => onChange({ action: 'close', orgId: r.orgId })}
                      >
                        结束投票
                      </Button>
                    ) : r.voting === 'notOpened' ? (
                      <Button
                        key="open"
                        type={r === next && !open ? 'primary' : 'default'}
                        size="small"
                        disabled={!!open}
                        loading={busy}
                        onClick={() => onChange({ action: 'open', orgId: r.orgId })}
                      >
                        开始投票
                      </Button>
                    ) : null,
                  ]
                : []
            }
          >
            <Space wrap>
              <Typography.Text>
                {r.position}. {r.orgName}
              </Typography.Text>
              <Tag color={stateColors[r.voting]}>{votingStateLabels[r.voting]}</Tag>
            </Space>
          </List.Item>
        )}
      />
      {writable && meeting.voting === 'open' && (
        <Button danger type="primary" onClick={onEnd} data-testid="voting-close">
          结束本次测评
        </Button>
      )}
    </Space>
  );
}
