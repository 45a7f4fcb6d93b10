import { AutoComplete, Button, Empty, Progress, Radio, Skeleton, Space, Typography } from 'antd';
import { countAttendance } from '../../../../domain/ledger-record.js';
import type { AttendanceInput, LedgerMembers } from '../../../../contract/ledger.js';

const commonReasons = ['病假', '事假', '外出务工', '年老体弱', '因公出差'].map((value) => ({ value }));

interface Props {
  members: LedgerMembers['items'];
  /** The members of the day are still being read. */
  loading?: boolean;
  /** An org and a day are chosen: until then there is nobody to list yet. */
  ready: boolean;
  value?: AttendanceInput[];
  onChange?: (value: AttendanceInput[]) => void;
}

/**
 * Who attended, chosen from the org's party members on the day: each member marked 出席 or 缺席
 * (with a reason), all present with one tap, the attendance rate kept in view. Big targets: it is
 * filled in on a phone at the meeting.
 */
export function AttendancePicker({ members, loading, ready, value = [], onChange }: Props) {
  const byId = new Map(value.map((a) => [a.memberId, a]));
  // Only members of the day are kept: a change of day or org drops the others.
  const listed = value.filter((a) => members.some((m) => m.id === a.memberId));
  const { present, absent, rate } = countAttendance(listed);
  const set = (memberId: number, patch: Partial<AttendanceInput> | null) => {
    const rest = listed.filter((a) => a.memberId !== memberId);
    const before = byId.get(memberId);
    onChange?.(
      patch === null
        ? rest
        : [...rest, { memberId, present: true, absenceReason: null, ...before, ...patch }].sort(
            (a, b) => a.memberId - b.memberId,
          ),
    );
  };
  if (!ready)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="先选择组织和日期，再从当日本组织党员中选择" />
    );
  if (loading) return <Skeleton active />;
  if (members.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该组织当日没有党员" />;
  return (
    <div className="attendance-picker" data-testid="attendance-picker">
      <div className="attendance-summary">
        <Progress
          type="circle"
          size={56}
          percent={rate ?? 0}
          format={() => (rate === null ? '—' : `${rate}%`)}
        />
        <Space direction="vertical" size={0}>
          <Typography.Text strong data-testid="attendance-summary">
            {`应到 ${members.length} 人，登记 ${listed.length} 人：出席 ${present}，缺席 ${absent}`}
          </Typography.Text>
          <Typography.Text type="secondary">参会率 = 出席 ÷ 登记人数</Typography.Text>
        </Space>
      </div>
      <Space wrap style={{ margin: '8px 0' }}>
        <Button
          size="large"
          onClick={() =>
            onChange?.(
              members.map((m) => byId.get(m.id) ?? { memberId: m.id, present: true, absenceReason: null }),
            )
          }
          data-testid="attendance-all"
        >
          其余全部出席
        </Button>
        <Button size="large" onClick={() => onChange?.([])} disabled={listed.length === 0}>
          清空
        </Button>
      </Space>
      {members.map((m) => {
        const a = byId.get(m.id);
        const state = a ? (a.present ? 'present' : 'absent') : 'none';
        return (
          <div key={m.id} className="attendance-row" data-testid="attendance-row">
            <Typography.Text strong className="attendance-name">
              {m.name}
            </Typography.Text>
            <Radio.Group
              size="large"
              optionType="button"
              buttonStyle="solid"
              value={state}
              onChange={(e) => {
                const next = e.target.value as string;
                if (next === 'none') set(m.id, null);
                else
                  set(m.id, {
                    present: next === 'present',
                    absenceReason: next === 'present' ? null : (a?.absenceReason ?? null),
                  });
              }}
              options={[
                { value: 'present', label: '出席' },
                { value: 'absent', label: '缺席' },
                { value: 'none', label: '不登记' },
              ]}
              aria-label={`${m.name}的出席情况`}
            />
            {state === 'absent' && (
              <AutoComplete
                size="large"
                className="attendance-reason"
                options={commonReasons}
                value={a?.absenceReason ?? ''}
                onChange={(reason: string) => set(m.id, { present: false, absenceReason: reason || null })}
                placeholder="缺席原因（必填）"
                status={a?.absenceReason?.trim() ? undefined : 'error'}
                aria-label={`${m.name}的缺席原因`}
                maxLength={100}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
