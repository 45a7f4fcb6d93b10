import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkGrowth,
  columnsOf,
  firstChunkRows,
  rowChunks,
  tableRows,
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

describe('roster rows in chunks', () => {
  it('covers every row once, in order, the first chunk no larger than a screenful', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), (total) => {
        const chunks = rowChunks(total);
        let next = 0;
        for (const [start, end] of chunks) {
          expect(start).toBe(next);
          expect(end).toBeGreaterThan(start);
          next = end;
        }
        expect(next).toBe(total);
        if (total > 0) expect(chunks[0]![1]).toBe(Math.min(total, firstChunkRows));
      }),
    );
  });

  it('grows, so that a county of thousands needs only a handful of appends', () => {
    expect(rowChunks(0)).toEqual([]);
    expect(rowChunks(5_000).length).toBeLessThanOrEqual(5);
    const [, second, third] = rowChunks(100_000);
    expect(third![1] - third![0]).toBe((second![1] - second![0]) * chunkGrowth);
  });

  it('numbers rows across chunks from where the chunk starts', () => {
    expect(tableRows([row({})], columnsOf.members, 61).startsWith('<tr><td>61</td>')).toBe(true);
  });
});
