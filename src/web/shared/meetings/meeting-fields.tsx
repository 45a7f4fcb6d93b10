import { Tag } from 'antd';
import { votingStateLabels, type VotingState } from '../../../domain/meetings.js';
import { DateField, TextField } from '../form-fields.js';

/** 名称, 日期, 地点: the same fields when a meeting is created and when it is edited. */
export function MeetingBasicFields({ autoFocus }: { autoFocus?: boolean }) {
  return (
    <>
      <TextField name="name" label="名称" max={100} required autoFocus={autoFocus} />
      <DateField name="heldOn" label="日期" required="请选择召开日期" />
      <TextField name="venue" label="地点" max={100} placeholder="如：县委常委会议室" />
    </>
  );
}

const votingColors: Record<VotingState, string> = {
  notOpened: 'default',
  open: 'processing',
  closed: 'green',
};

/** 未开始 / 投票中 / 已结束: the cycle's meeting list and the meeting page show it alike. */
export function VotingStateTag({ voting }: { voting: VotingState }) {
  return (
    <Tag color={votingColors[voting]} data-testid="voting-state">
      {votingStateLabels[voting]}
    </Tag>
  );
}
