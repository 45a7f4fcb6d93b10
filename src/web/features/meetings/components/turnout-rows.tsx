import { Progress } from 'antd';
import type { Turnout } from '../../../../contract/meetings.js';

/** 已投/应发 per panelist category, as bars. */
export function TurnoutRows({ rows, testId }: { rows: Turnout['categories']; testId: string }) {
  return (
    <div className="turnout" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.category} className="turnout-row">
          <span className="turnout-label">{r.label}</span>
          <Progress percent={r.issued ? Math.round((r.used / r.issued) * 100) : 0} showInfo={false} />
          <span className="turnout-figure">
            {r.used}/{r.issued}
          </span>
        </div>
      ))}
    </div>
  );
}
