import { Tag } from 'antd';
import {
  cycleKindLabels,
  cyclePeriodName,
  cycleStatusLabels,
  type CycleStatus,
} from '../../../../domain/cycles.js';
import { targetLetterStatusLabels, type TargetLetterStatus } from '../../../../domain/target-letters.js';
import type { Cycle } from '../../../../contract/cycles.js';

const statusColors: Record<CycleStatus, string> = {
  draft: 'default',
  open: 'processing',
  reviewing: 'orange',
  closed: 'green',
};

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  return (
    <Tag color={statusColors[status]} data-testid="cycle-status">
      {cycleStatusLabels[status]}
    </Tag>
  );
}

/** 2026年第二季度（季度） */
export const cyclePeriodText = (cycle: Pick<Cycle, 'kind' | 'year' | 'part'>) =>
  `${cyclePeriodName(cycle.kind, cycle.year, cycle.part)}（${cycleKindLabels[cycle.kind]}）`;

const letterColors: Record<TargetLetterStatus, string> = {
  draft: 'default',
  issued: 'blue',
  acknowledged: 'green',
};

export function LetterStatusTag({ status }: { status: TargetLetterStatus }) {
  return <Tag color={letterColors[status]}>{targetLetterStatusLabels[status]}</Tag>;
}
