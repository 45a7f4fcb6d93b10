import { describe, expect, it } from 'vitest';
import { columnsOf, tableRows } from '../../src/web/features/members/roster-table.js';
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
