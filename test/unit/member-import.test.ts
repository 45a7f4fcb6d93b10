import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  duplicateProblems,
  formatCell,
  isBlankRow,
  mapHeaders,
  memberColumns,
  memberRowProblems,
  orgColumns,
  parseCell,
  parseDay,
  parseRow,
  type CellValue,
  type ColumnSpec,
  type MemberColumnKey,
  type ParsedValue,
  type RowError,
} from '../../src/domain/member-import.js';

const column = (key: string) => [...memberColumns, ...orgColumns].find((c) => c.key === key)! as ColumnSpec;
const today = '2026-11-24';

/** Any real day from 1900 to 2099 as YYYY-MM-DD. */
const isoDay = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('parseDay', () => {
  it('reads date cells, Excel serial numbers and the common typed forms', () => {
    expect(parseDay(new Date('2020-07-01T00:00:00Z'))).toBe('2020-07-01');
    expect(parseDay(44_013)).toBe('2020-07-01');
    for (const text of [
      '2020-07-01',
      '2020/7/1',
      '2020.07.01',
      '2020年7月1日',
      '2020年07月01',
      '20200701',
      ' 2020-7-1 ',
    ])
      expect(parseDay(text), text).toBe('2020-07-01');
  });

  it('refuses days that do not exist, and anything else', () => {
    for (const value of [
      '2025-02-30',
      '2025-13-01',
      '1899-12-31',
      '2100-01-01',
      '昨天',
      '',
      1.5,
      -3,
      true,
      null,
    ])
      expect(parseDay(value as CellValue), String(value)).toBeNull();
  });

  it('reads back every day a date cell can hold, and its slash form', () => {
    fc.assert(
      fc.property(isoDay, (day) => {
        expect(parseDay(formatCell(column('birthDate'), day))).toBe(day);
        const [y, m, d] = day.split('-').map(Number);
        expect(parseDay(`${y}/${m}/${d}`)).toBe(day);
      }),
    );
  });
});

describe('parseCell and formatCell', () => {
  it('are inverse for every enumeration, flag and text column', () => {
    const cases = [...memberColumns, ...orgColumns].flatMap((c): [ColumnSpec, ParsedValue][] =>
      c.kind === 'enum'
        ? Object.keys(c.labels).map((code) => [c, code])
        : c.kind === 'bool'
          ? [
              [c, true],
              [c, false],
            ]
          : c.kind === 'text'
            ? [[c, '文本']]
            : [],
    );
    for (const [c, value] of cases) {
      const errors: RowError[] = [];
      expect(parseCell(c, formatCell(c, value), 2, errors), `${c.header} ${String(value)}`).toBe(value);
      expect(errors).toEqual([]);
    }
  });

  it('explains a bad cell in Chinese, naming the column and row', () => {
    const errors: RowError[] = [];
    parseCell(column('gender'), '未知', 7, errors);
    parseCell(column('name'), '  ', 8, errors);
    parseCell(column('isTownLeader'), '也许', 9, errors);
    parseCell(column('sortOrder'), 1.5, 10, errors);
    parseCell(column('name'), '长'.repeat(51), 11, errors);
    expect(errors).toEqual([
      { row: 7, column: '性别', message: '“未知”不在可选值中（可选：男、女）' },
      { row: 8, column: '姓名', message: '必填，不能为空' },
      { row: 9, column: '乡镇领导班子成员', message: '应填写“是”或“否”，而不是“也许”' },
      { row: 10, column: '排序号', message: '应为 0 至 1000000 之间的整数' },
      { row: 11, column: '姓名', message: '不能超过 50 个字' },
    ]);
  });

  it('refuses text cells holding control, direction, zero-width or replacement characters', () => {
    const errors: RowError[] = [];
    parseCell(column('name'), '张\ufffd三', 2, errors);
    parseCell(column('occupation'), '农\u202e民', 3, errors);
    parseCell(column('name'), '李\u200b四', 4, errors);
    parseCell(column('ethnicity'), '汉\u0007族', 5, errors);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '姓名'],
      [3, '职业'],
      [4, '姓名'],
      [5, '民族'],
    ]);
    expect(errors[0]!.message).toContain('U+FFFD');
    expect(errors[1]!.message).toContain('U+202E');
  });

  it('stores text cells NFC-normalized', () => {
    const errors: RowError[] = [];
    expect(parseCell(column('name'), 'Re\u0301ne', 2, errors)).toBe('R\u00e9ne');
    expect(errors).toEqual([]);
  });

  it('takes an empty optional cell as null, or as 否 for a flag', () => {
    const errors: RowError[] = [];
    expect(parseCell(column('education'), null, 2, errors)).toBeNull();
    expect(parseCell(column('isFirstSecretary'), '', 2, errors)).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('mapHeaders', () => {
  const headers = memberColumns.map((c) => c.header as CellValue);

  it('finds the columns in any order, with or without the required mark', () => {
    const shuffled = ['姓名*', ' 性别 ', '所属组织（必填）', '人员类别', null];
    const map = mapHeaders(memberColumns, shuffled);
    expect(map.index).toEqual({ name: 0, gender: 1, orgRef: 2, stage: 3 });
    expect([map.missing, map.unknown, map.duplicated]).toEqual([[], [], []]);
  });

  it('reports missing required, unknown and repeated columns', () => {
    const map = mapHeaders(memberColumns, [...headers.filter((h) => h !== '姓名'), '备注', '性别']);
    expect(map.missing).toEqual(['姓名']);
    expect(map.unknown).toEqual(['备注']);
    expect(map.duplicated).toEqual(['性别']);
  });
});

describe('memberRowProblems', () => {
  function check(
    cells: Partial<Record<MemberColumnKey, CellValue>>,
    org: { dissolvedOn: string | null } = { dissolvedOn: null },
  ): RowError[] {
    const errors: RowError[] = [];
    const index = Object.fromEntries(memberColumns.map((c, i) => [c.key, i]));
    const row = memberColumns.map((c) => cells[c.key] ?? null);
    const values = parseRow(memberColumns, index, row, 5, errors);
    memberRowProblems(values, org, 5, today, errors);
    return errors;
  }
  const full = { orgRef: '1', name: '张三', gender: '男', stage: '正式党员', probationaryOn: '2000-07-01' };

  it('passes a consistent row', () => {
    expect(
      check({
        ...full,
        gender: '女',
        birthDate: '1949-12-31',
        fullOn: '2001-07-01',
        idCard: '11010519491231002x',
        phone: '0731-8888888',
      }),
    ).toEqual([]);
  });

  it('applies the single-create rules: ID number, phone, stage dates and their order', () => {
    const columns = (cells: Partial<Record<MemberColumnKey, CellValue>>) =>
      check(cells).map((e) => `${e.column}：${e.message}`);
    expect(columns({ ...full, idCard: '110105194912310021' })).toEqual([
      '身份证号码：身份证号码校验位不正确',
    ]);
    expect(columns({ ...full, phone: '123' })).toEqual(['联系电话：应为手机号或带区号的固定电话']);
    expect(columns({ ...full, probationaryOn: null })).toEqual([
      '人员类别：正式党员须填写入党日期或转正日期',
    ]);
    expect(columns({ ...full, fullOn: '2001-01-01' })).toEqual([
      '转正日期：预备期为一年，转正日期不能早于入党满一年',
    ]);
    expect(columns({ ...full, birthDate: '2001-01-01' })).toEqual([
      '入党日期：入党日期时未满18周岁（出生日期 2001-01-01）：申请入党须年满18周岁',
    ]);
    expect(columns({ ...full, birthDate: '2099-01-01' })[0]).toBe('出生日期：出生日期不能晚于今天');
    expect(columns({ ...full, stage: '预备党员', probationaryOn: today })).toEqual([]);
  });

  it('reports each problem under the column of the field it concerns', () => {
    const columns = (
      cells: Partial<Record<MemberColumnKey, CellValue>>,
      org?: { dissolvedOn: string | null },
    ) => check(cells, org).map((e) => e.column);
    const pipeline = { ...full, stage: '入党积极分子', probationaryOn: null };
    expect(check({ ...pipeline, appliedOn: '2020-03-01', activistOn: '2020-01-01' })).toEqual([
      { row: 5, column: '确定为积极分子日期', message: '确定为积极分子日期不能早于申请入党日期' },
    ]);
    expect(columns({ ...full, candidateOn: '2000-01-01', activistOn: '1999-06-01' })).toEqual([
      '确定为发展对象日期',
    ]);
    expect(columns({ ...full, fullOn: '2000-08-01' })).toEqual(['转正日期']);
    expect(columns({ ...full, idCard: '510231198503151014', gender: '女', birthDate: '1980-01-01' })).toEqual(
      ['性别', '出生日期'],
    );
    expect(check(full, { dissolvedOn: '2020-01-01' })).toEqual([
      { row: 5, column: '所属组织', message: '该组织已于 2020-01-01 撤销，不能再有党员编入' },
    ]);
  });
});

describe('duplicateProblems', () => {
  it('flags every repeat of a key once, naming its first row', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }), { maxLength: 30 }),
        (keys) => {
          const rows = keys.map((key, i) => ({ row: i + 2, key }));
          const errors = duplicateProblems(rows, '身份证号码', '的身份证号码');
          const present = keys.filter((k) => k !== null);
          expect(errors).toHaveLength(present.length - new Set(present).size);
          for (const e of errors) {
            const key = keys[e.row - 2];
            expect(e.message).toBe(`与第 ${keys.indexOf(key!) + 2} 行的身份证号码重复`);
          }
        },
      ),
    );
  });
});

it('isBlankRow treats empty and whitespace cells as nothing', () => {
  expect(isBlankRow([null, '  ', ''])).toBe(true);
  expect(isBlankRow([null, 0])).toBe(false);
});
