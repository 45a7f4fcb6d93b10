import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Basics, Statistics } from '../../src/contract/statistics.js';
import { generateCounty } from '../../src/db/demo/generate.js';
import { aged60PlusLabel } from '../../src/domain/statistics.js';
import { today } from '../../src/server/clock.js';
import { demoSeed } from '../../src/server/modules/demo/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectStatus } from './support/fixtures.js';

describe(`statistics export (${testDriver})`, () => {
  let t: TestContext;
  const day = today();
  const county = generateCounty({ seed: demoSeed, today: day });
  const root = county.orgs.find((o) => o.parentId === null)!;
  const towns = county.orgs.filter((o) => o.parentId === root.id && o.level === 'committee');

  beforeAll(async () => {
    t = await createTestContext();
    expectStatus(await t.request(t.admin, 'POST', '/api/demo'), 201);
  }, 120_000);
  afterAll(() => t?.close());

  /** The exported sheet's figure rows by label: the cells of 数值, 单位 and 占比. */
  async function exported(orgId: number) {
    const res = expectStatus(
      await t.request(t.admin, 'GET', `/api/exports/statistics?orgId=${orgId}&asOf=${day}`),
      200,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('基本情况')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '项目', '数值', '单位', '占比']);
    const figures = new Map<string, { amount: ExcelJS.Cell; unit: ExcelJS.Cell; share: ExcelJS.Cell }>();
    // The figures, an empty row, the prose.
    for (let n = 2; n <= sheet.rowCount - 2; n++) {
      const row = sheet.getRow(n);
      figures.set(String(row.getCell(1).value), {
        amount: row.getCell(2),
        unit: row.getCell(3),
        share: row.getCell(4),
      });
    }
    expect(sheet.getRow(sheet.rowCount - 1).hasValues).toBe(false);
    return { figures, prose: sheet.getRow(sheet.rowCount).getCell(1).value };
  }

  it('carries numbers as numbers and rates as fractions shown as percentages', async () => {
    const stats = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics?orgId=${root.id}&asOf=${day}`),
      200,
    ).json() as Statistics;
    const basics = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics/basics?orgId=${root.id}&asOf=${day}`),
      200,
    ).json() as Basics;
    const { figures: sheet, prose } = await exported(root.id);
    expect([...sheet.keys()]).toEqual(basics.rows.map((r) => r.label));
    expect(prose).toBe(basics.text);

    for (const [label, cells] of sheet) {
      expect(cells.amount.type, label).toBe(ExcelJS.ValueType.Number);
      expect(String(cells.amount.value), label).not.toMatch(/[名个岁%]/);
    }
    const members = sheet.get('党员')!;
    expect(members.amount.value).toBe(stats.members.total);
    expect(members.unit.value).toBe('名');

    const women = sheet.get('女党员')!;
    expect(women.amount.value).toBe(stats.members.female.count);
    expect(women.share.type).toBe(ExcelJS.ValueType.Number);
    expect(women.share.value).toBe(Math.round(stats.members.female.percent! * 10) / 1000);
    expect(women.share.numFmt).toBe('0.0%');

    const aged = sheet.get(aged60PlusLabel)!;
    expect(aged.amount.value).toBe(stats.members.age.aged60Plus.count);
    expect(aged.share.value).toBe(Math.round(stats.members.age.aged60Plus.percent! * 10) / 1000);

    const covered = sheet.get('党的组织覆盖率')!;
    expect(covered.amount.value).toBe(Math.round(stats.nonPublic.covered.percent! * 10) / 1000);
    expect(covered.amount.numFmt).toBe('0.0%');

    expect(sheet.get('党员平均年龄')!.amount.value).toBe(stats.members.age.average);
  });

  it('lets the towns’ sheets be added up to the county’s', async () => {
    const county = (await exported(root.id)).figures;
    const sheets = (await Promise.all(towns.map((town) => exported(town.id)))).map((s) => s.figures);
    for (const label of [
      '党员',
      '女党员',
      '入党积极分子',
      '党支部（含党总支）',
      `${day.slice(0, 4)}年发展党员`,
    ]) {
      const sum = sheets.reduce((total, s) => total + ((s.get(label)?.amount.value as number) ?? 0), 0);
      expect(sum, label).toBe(county.get(label)!.amount.value);
    }
  });
});
