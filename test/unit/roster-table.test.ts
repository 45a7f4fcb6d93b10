import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  columnsOf,
  rowBlock,
  spacerRow,
  tableRows,
  visibleRows,
} from '../../src/web/features/members/roster-table.js';
import type { RosterRow } from '../../src/contract/members.js';

const row = (extra: Partial<RosterRow>): RosterRow => ({
  id: 1,
  name: '张三',
  gender: 'male',
  birthDate: '1980-01-02',
  education: null,
  idCard: null,
  stage: 'full',
  appliedOn: null,
  activistOn: null,
  candidateOn: null,
  probationaryOn: '2010-07-01',
  fullOn: '2011-07-01',
  orgName: '一村党支部',
  phone: null,
  ...extra,
});

describe('roster rows as HTML text', () => {
  it('escapes whatever a record holds, so no entered text becomes markup', () => {
    const html = tableRows(
      [row({ name: '<img src=x onerror=alert(1)>', orgName: `"甲"&'乙'`, phone: '</td><td>' })],
      columnsOf.members,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;甲&quot;&amp;&#39;乙&#39;');
    expect(html).toContain('&lt;/td&gt;&lt;td&gt;');
    // One row: its number and one cell per column, no more.
    expect(html.match(/<td>/g)).toHaveLength(columnsOf.members.length + 1);
  });

  it('numbers the rows and shows a dash for what is missing', () => {
    const html = tableRows([row({}), row({ id: 2, name: '李四' })], columnsOf.members);
    expect(html.startsWith('<tr><td>1</td><td>张三</td>')).toBe(true);
    expect(html).toContain('<tr><td>2</td><td>李四</td>');
    expect(html).toContain('<td>—</td>');
  });
});

describe('the rows the screen renders', () => {
  it('always covers what the window shows, within the list, in whole blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.double({ min: 15, max: 60, noNaN: true }),
        fc.double({ min: -2_000, max: 700_000, noNaN: true }),
        fc.integer({ min: 200, max: 2_000 }),
        (total, rowHeight, scrolledPast, viewportHeight) => {
          const [start, end] = visibleRows(total, rowHeight, scrolledPast, viewportHeight);
          expect(0 <= start && start <= end && end <= total).toBe(true);
          if (start < total) expect(start % rowBlock).toBe(0);
          if (end < total) expect(end % rowBlock).toBe(0);
          // Every row at least partly inside the window is rendered.
          const firstSeen = Math.max(0, Math.floor(scrolledPast / rowHeight));
          const lastSeen = Math.min(total, Math.ceil((scrolledPast + viewportHeight) / rowHeight));
          if (firstSeen < lastSeen) {
            expect(start).toBeLessThanOrEqual(firstSeen);
            expect(end).toBeGreaterThanOrEqual(lastSeen);
          }
          // A window of rows, not the list: about three screens.
          expect(end - start).toBeLessThanOrEqual(3 * Math.ceil(viewportHeight / rowHeight) + 2 * rowBlock);
        },
      ),
    );
  });

  it('starts at the top and renders a county of ten thousand as a hundred rows or so', () => {
    expect(visibleRows(10_000, 30, 0, 900)).toEqual([0, 60]);
    expect(visibleRows(10_000, 30, -200, 900)).toEqual([0, 60]);
    expect(visibleRows(10_000, 30, 150_000, 900)).toEqual([4960, 5060]);
    expect(visibleRows(10_000, 30, 299_500, 900)).toEqual([9940, 10_000]);
    expect(visibleRows(0, 30, 0, 900)).toEqual([0, 0]);
  });

  it('numbers rows from where the window starts; spacers only where rows are left out', () => {
    expect(tableRows([row({})], columnsOf.members, 61).startsWith('<tr><td>61</td>')).toBe(true);
    expect(spacerRow(0, 11)).toBe('');
    expect(spacerRow(600, 11)).toBe(
      '<tr class="roster-spacer" aria-hidden="true"><td colspan="11" style="height:600px"></td></tr>',
    );
  });
});
