// The 计票结果 protocol of a closed vote, as the xlsx and the printed page both lay it out: the
// meeting's facts, then per reporter and item the count of each grade in each tally group. One
// source for both, so the signed paper and the file sent upward never disagree.
import { ballotGrades, votingModeLabels, type VotingMode } from './meetings.js';
import { gradeLabelSets, type Grade } from './results/grades.js';

export type CountKey = Grade | 'abstain';
/** What a tally cell counts, in the order the protocol prints them. */
export const tallyCountColumns: readonly { key: CountKey; label: string }[] = [
  ...ballotGrades.map((g) => ({ key: g, label: gradeLabelSets.appraisal[g] })),
  { key: 'abstain', label: '弃权' },
];

export interface ProtocolFact {
  label: string;
  value: string | number;
}

export interface ProtocolFactsInput {
  name: string;
  heldOn: string;
  venue: string;
  votingMode: VotingMode;
  /** Formal codes per panelist category: 发出 and 已使用. */
  categories: readonly { label: string; issued: number; used: number }[];
  /** Ballots counted in the tally (in 逐人投票 one per reporter voted for). */
  ballots: number;
  /** Why the vote does not count, or null. */
  problem: string | null;
}

/** Sheet 1 and the printed page's head: name, date, venue, 投票方式, codes per category, validity. */
export function protocolFacts(input: ProtocolFactsInput): ProtocolFact[] {
  const issued = input.categories.reduce((s, c) => s + c.issued, 0);
  const used = input.categories.reduce((s, c) => s + c.used, 0);
  return [
    { label: '评议会', value: input.name },
    { label: '日期', value: input.heldOn },
    { label: '地点', value: input.venue },
    { label: '投票方式', value: votingModeLabels[input.votingMode] },
    ...input.categories.flatMap((c) => [
      { label: `${c.label}：发出测评码`, value: c.issued },
      { label: `${c.label}：已使用`, value: c.used },
    ]),
    { label: '合计发出测评码', value: issued },
    { label: '合计已使用', value: used },
    { label: '计入的测评票', value: input.ballots },
    { label: '测评是否有效', value: input.problem ?? '有效（收回测评票超过发出测评码的半数）' },
  ];
}

export interface TallyLike {
  groups: readonly { key: string; label: string; ballots: number }[];
  reporters: readonly {
    orgName: string;
    items: readonly { label: string; byGroup: Record<string, Record<CountKey, number>> }[];
  }[];
}

export interface ProtocolColumn {
  key: string;
  header: string;
}

/**
 * Sheet 2: one row per reporter and item, a column per group and grade (the group named only when
 * there are several, as on the meeting page), counts as numbers.
 */
export function protocolTallyTable(tally: TallyLike): {
  columns: ProtocolColumn[];
  rows: Record<string, string | number>[];
} {
  const several = tally.groups.length > 1;
  const columns: ProtocolColumn[] = [
    { key: 'number', header: '序号' },
    { key: 'reporter', header: '述职组织' },
    { key: 'item', header: '测评项目' },
    ...tally.groups.flatMap((g) =>
      tallyCountColumns.map((c) => ({
        key: `${g.key}.${c.key}`,
        header: several ? `${g.label}（${g.ballots} 票）${c.label}` : c.label,
      })),
    ),
  ];
  const rows = tally.reporters.flatMap((r, i) =>
    r.items.map((item) => {
      const row: Record<string, string | number> = { number: i + 1, reporter: r.orgName, item: item.label };
      for (const g of tally.groups)
        for (const c of tallyCountColumns) row[`${g.key}.${c.key}`] = item.byGroup[g.key]?.[c.key] ?? 0;
      return row;
    }),
  );
  return { columns, rows };
}
