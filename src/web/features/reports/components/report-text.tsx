import type { CSSProperties, ReactNode } from 'react';

export interface TextMark {
  start: number;
  end: number;
  /** The finding it belongs to: clicking the mark selects it. */
  finding: number;
  /** The finding's own span, or the passage it compares with (the earlier copy, the parts of a sum). */
  role: 'span' | 'related';
}

/** The official layout's typefaces, with what a Windows, Mac or Linux desktop has. */
export const officialText: CSSProperties = {
  fontFamily: '仿宋_GB2312, FangSong, STFangsong, "Noto Serif CJK SC", serif',
  fontSize: 16,
  lineHeight: 1.9,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
};

function markStyle(role: TextMark['role'], active: boolean): CSSProperties {
  if (active) return { background: role === 'span' ? '#ffd666' : '#bae0ff', outline: '2px solid #fa8c16' };
  return role === 'span' ? { background: '#fff1b8' } : { background: '#e6f4ff' };
}

/**
 * A report's text with the findings' spans marked. Overlapping spans are cut into segments, each
 * marked by the first finding covering it, so every character is shown once and in order.
 */
export function ReportText({
  text,
  marks = [],
  active,
  onSelect,
}: {
  text: string;
  marks?: TextMark[];
  active?: number | null;
  onSelect?: (finding: number) => void;
}) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: ReactNode[] = [];
  const anchored = new Set<number>();
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i]!, points[i + 1]!];
    const covering = marks.filter((m) => m.start <= from && m.end >= to);
    const mark = covering.find((m) => m.finding === active) ?? covering[0];
    const piece = text.slice(from, to);
    if (!mark) {
      pieces.push(piece);
      continue;
    }
    // The first segment of a finding's own span is where the list scrolls to.
    const anchor = mark.role === 'span' && !anchored.has(mark.finding);
    if (anchor) anchored.add(mark.finding);
    pieces.push(
      <mark
        key={from}
        id={anchor ? `finding-${mark.finding}` : undefined}
        style={{
          ...markStyle(mark.role, mark.finding === active),
          padding: 0,
          cursor: onSelect ? 'pointer' : undefined,
        }}
        onClick={onSelect ? () => onSelect(mark.finding) : undefined}
      >
        {piece}
      </mark>,
    );
  }
  return (
    <div style={officialText} data-testid="report-text">
      {pieces}
    </div>
  );
}
