import { Tag } from 'antd';
import { ledgerKindLabel, type LedgerKind } from '../../../../domain/ledger.js';

// Meetings red (the branch's own life), training and lessons blue, the rest (visits, disclosure,
// services, the plan) neutral: a checker scanning the list sees the meetings first.
const colors: Partial<Record<LedgerKind, string>> = {
  congress: 'red',
  committee: 'red',
  group: 'red',
  themeDay: 'volcano',
  orgLifeMeeting: 'volcano',
  democraticLifeMeeting: 'volcano',
  partyBuildingMeeting: 'magenta',
  quarterlyReportMeeting: 'magenta',
  lesson: 'blue',
  training: 'blue',
  annualPlan: 'gold',
};

export function LedgerKindTag({ kind }: { kind: LedgerKind }) {
  return (
    <Tag color={colors[kind]} style={{ marginInlineEnd: 0 }} data-testid="ledger-kind">
      {ledgerKindLabel(kind)}
    </Tag>
  );
}

export function AttendanceText({
  present,
  absent,
  rate,
}: {
  present: number;
  absent: number;
  rate: number | null;
}) {
  if (rate === null) return <span>—</span>;
  return <span data-testid="attendance-rate">{`出席 ${present}/${present + absent} · ${rate}%`}</span>;
}
