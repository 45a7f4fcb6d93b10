import { Radio, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { ballotGrades } from '../../../../domain/meetings.js';
import { gradeLabelSets, type Grade } from '../../../../domain/results/grades.js';
import type { BallotItem } from '../../../../domain/meetings.js';

export type SheetChoices = Record<string, Record<string, Grade>>;

interface Props {
  reporters: readonly { orgId: number; orgName: string }[];
  items: readonly BallotItem[];
  choices: SheetChoices;
  onChange: (choices: SheetChoices) => void;
  /** The cell the number keys fill: its index in reporter-then-item order. */
  cursor: number;
  onCursor: (cursor: number) => void;
}

const keyHint = ballotGrades.map((g, i) => `${i + 1} ${gradeLabelSets.appraisal[g]}`).join('　');

/**
 * A paper sheet's grid, reporters by items, typed as the card reads: keys 1–4 (好/较好/一般/差)
 * fill the current cell and move to the next, arrows and Backspace move back and forth; the radio
 * buttons take the mouse.
 */
export function PaperEntryGrid({ reporters, items, choices, onChange, cursor, onCursor }: Props) {
  const cells = reporters.flatMap((r) => items.map((item) => ({ orgId: String(r.orgId), item: item.key })));
  const set = (index: number, grade: Grade) => {
    const { orgId, item } = cells[index]!;
    onChange({ ...choices, [orgId]: { ...choices[orgId], [item]: grade } });
  };
  const move = (to: number) => onCursor(Math.max(0, Math.min(to, cells.length - 1)));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const n = Number(event.key);
    if (Number.isInteger(n) && n >= 1 && n <= ballotGrades.length) {
      event.preventDefault();
      set(cursor, ballotGrades[n - 1]!);
      move(cursor + 1);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(cursor + 1);
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp' || event.key === 'Backspace') {
      event.preventDefault();
      move(cursor - 1);
    }
  };
  return (
    <div
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="paper-entry-grid"
      aria-label={`纸质票选择：数字键 ${keyHint}，自动跳到下一格`}
      data-testid="paper-grid"
    >
      <Typography.Text type="secondary">
        点击此处后用数字键录入：{keyHint}；方向键或退格键移动。
      </Typography.Text>
      <table>
        <thead>
          <tr>
            <th>述职组织</th>
            {items.map((item) => (
              <th key={item.key}>{item.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reporters.map((r, row) => (
            <tr key={r.orgId}>
              <th scope="row">{r.orgName}</th>
              {items.map((item, column) => {
                const index = row * items.length + column;
                return (
                  <td
                    key={item.key}
                    className={index === cursor ? 'paper-entry-current' : undefined}
                    data-testid={`paper-cell-${r.orgId}-${item.key}`}
                  >
                    <Radio.Group
                      size="small"
                      optionType="button"
                      value={choices[String(r.orgId)]?.[item.key]}
                      onChange={(e) => {
                        set(index, e.target.value as Grade);
                        move(index + 1);
                      }}
                      options={ballotGrades.map((g) => ({ value: g, label: gradeLabelSets.appraisal[g] }))}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
