import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSeed } from '../helpers/seeds.js';
import { analyzeReport } from '../../src/domain/analyzer/analyze.js';
import { findFigures } from '../../src/domain/analyzer/figures.js';
import { chineseNumeralValue } from '../../src/domain/analyzer/numerals.js';
import { basicsTableFindings, registryFindings } from '../../src/domain/analyzer/registry.js';
import { findPlaceholders } from '../../src/domain/analyzer/placeholders.js';
import { spanOf, type TextSpan } from '../../src/domain/analyzer/span.js';
import { cleanReport } from '../helpers/report-generator.js';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

/** A village report as a secretary would write it: real-looking, every figure right, nothing left blank. */
const handWritten = `石门村党支部书记抓基层党建工作述职报告
一、基本情况
石门村辖6个村民小组，共有农户412户。村党支部现有党员58名，其中正式党员55名，预备党员3名；女党员12人，占21%。党支部下设3个党小组。
二、履职工作特色和亮点
（一）抓学习教育。全年组织集中学习12次，开展主题党日活动12次，党员参学率保持在九成以上。
（二）抓阵地建设。投资8.5万元改造村级活动场所，新建党员活动室1间。
（三）抓为民服务。建立党员联系户制度，每名党员联系7户左右群众，全年为群众办实事26件。
三、存在的主要问题及原因
（一）党员年龄结构老化，40岁以下党员只有9名。原因是青年大多外出务工，发展对象来源不足。
（二）集体经济收入单一，主要依靠土地租金。原因是缺少懂经营的带头人，产业项目谋划不够。
四、下一步工作思路和举措
（一）从返乡创业青年中培养入党积极分子，改善党员年龄结构，逐步解决党员老化问题。
（二）成立土地股份合作社，引进懂经营的带头人，发展特色种植，增加集体经济收入。
`;

describe('Chinese numerals', () => {
  it('reads counts as reports write them', () => {
    expect(chineseNumeralValue('二十五')).toBe(25);
    expect(chineseNumeralValue('十二')).toBe(12);
    expect(chineseNumeralValue('一百零五')).toBe(105);
    expect(chineseNumeralValue('两千三百')).toBe(2300);
    expect(chineseNumeralValue('三万五千')).toBe(35000);
    expect(chineseNumeralValue('四')).toBe(4);
    expect(chineseNumeralValue('三三')).toBeNull();
    expect(chineseNumeralValue('十十')).toBeNull();
  });

  it('agrees with the digits for every number below a hundred thousand', () => {
    const digits = '零一二三四五六七八九';
    const write = (n: number): string => {
      if (n >= 10_000)
        return write(Math.floor(n / 10_000)) + '万' + (n % 10_000 ? lower(n % 10_000, true) : '');
      return lower(n, false);
    };
    const lower = (n: number, afterWan: boolean): string => {
      let out = '';
      let zero = false;
      for (const [unit, size] of [
        ['千', 1000],
        ['百', 100],
        ['十', 10],
      ] as const) {
        const d = Math.floor(n / size) % 10;
        if (d) {
          out += (zero || (afterWan && !out && size < 1000) ? '零' : '') + digits[d] + unit;
          zero = false;
        } else if (out || afterWan) zero = true;
      }
      const ones = n % 10;
      if (ones) out += (zero && out ? '零' : '') + digits[ones];
      return out || '零';
    };
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => chineseNumeralValue(write(n)) === n));
  });
});

describe('figures', () => {
  it('reads the number, unit, subject and approximation', () => {
    const text =
      '全镇有25个行政村，共有党员1287人，投资45万余元，开展活动40余次，二十五个村建成服务站，近3000万元。';
    const figures = findFigures(text);
    const view = figures.map((f) => [f.text, f.value, f.unit, f.subject, f.approximate ?? '']);
    expect(view).toEqual([
      ['25个', 25, '个', '行政村', ''],
      ['1287人', 1287, '人', '党员', ''],
      ['45万余元', 45, '万元', '投资', 'over'],
      ['40余次', 40, '次', '开展活动', 'over'],
      ['二十五个', 25, '个', '村', ''],
      ['近3000万元', 3000, '万元', '', 'nearly'],
    ]);
    for (const f of figures) expect(slice(text, f.span)).toBe(f.text);
  });

  it('reads ranges and links a share to its count', () => {
    const figures = findFigures('每月开展3-5次活动；其中本科文化程度的8人，占67%。');
    expect(figures[0]).toMatchObject({ value: 3, upTo: 5, unit: '次' });
    expect(figures[2]).toMatchObject({ unit: '%', value: 67, shareOf: 1 });
  });

  it('leaves out slogans, ordinals, dates and words that only contain a numeral', () => {
    const figures = findFigures('落实“三项制度”，第三个季度，2010年5月，进一步加强，一个巩固一个，000人。');
    expect(figures).toEqual([]);
  });
});

describe('seed 004 as submitted', () => {
  const text = readSeed('004_');
  const analysis = analyzeReport(text);

  it('has its three parts', () => {
    expect(analysis.sections.map((s) => [s.title, s.kind])).toEqual([
      ['履职工作特色和亮点', 'highlights'],
      ['存在的主要问题及原因', 'problems'],
      ['下一步工作思路和举措', 'plans'],
    ]);
    for (const section of analysis.sections)
      expect(slice(text, section.span).startsWith(section.heading)).toBe(true);
  });

  it('reports every placeholder at its place', () => {
    const written = analysis.placeholders.map((p) => p.text);
    for (const expected of ['000人', '000%', '20XX年', '****']) expect(written).toContain(expected);
    expect(analysis.placeholders.some((p) => p.text === '***' && text[p.span.end] === '镇')).toBe(true);
    for (const p of analysis.placeholders) expect(slice(text, p.span)).toBe(p.text);
    const findings = analysis.findings.filter((f) => f.kind === 'placeholder');
    expect(findings).toHaveLength(analysis.placeholders.length);
    expect(findings.find((f) => slice(text, f.span) === '20XX年')?.message).toBe('“20XX年”中的年份未填写');
  });

  it('finds its four problems, their causes and four plans, each problem answered', () => {
    const { problems, causes, plans } = analysis.items;
    expect(problems.map((p) => p.title)).toEqual([
      '党员队伍老龄化',
      '村级党组织成员素质不高，管理方式陈旧',
      '非公企业和社会组织党建工作“短板”突出',
      '新吸纳党员存在着“少、低、偏”的问题',
    ]);
    expect(causes.map((c) => c.title)).toEqual([
      '精力投入不足',
      '创新办法不多',
      '工作力度不大',
      '督导问责不严',
    ]);
    expect(plans).toHaveLength(4);
    // The causes that follow problem (四) are the causes of all four, not part of (四).
    expect(slice(text, problems[3]!.span)).not.toContain('精力投入不足');
    for (const problem of problems) expect(problem.answeredBy.length).toBeGreaterThan(0);
    expect(plans[0]!.answers).toContain(0);
    expect(plans[1]!.answers).toEqual([1]);
    expect(plans[2]!.answers).toContain(2);
    for (const [i, problem] of problems.entries())
      for (const plan of problem.answeredBy) expect(plans[plan]!.answers).toContain(i);
    expect(analysis.findings.filter((f) => f.kind.startsWith('problemWithout'))).toEqual([]);
  });
});

describe('seed 002: figures that agree', () => {
  const analysis = analyzeReport(readSeed('002_'));

  it('32 branches = 23 + 6 + 3, and 8 of 12 is 67 %', () => {
    const sum = analysis.checks.find((c) => c.kind === 'sum' && c.message.startsWith('32个党支部'));
    expect(sum).toMatchObject({ consistent: true, message: '32个党支部 = 23 + 6 + 3，分项之和与总数一致' });
    const share = analysis.checks.find((c) => c.kind === 'share' && c.message.startsWith('8人 / 12名'));
    expect(share?.consistent).toBe(true);
    expect(analysis.findings.filter((f) => f.kind.startsWith('inconsistent'))).toEqual([]);
  });
});

describe('figures that do not agree', () => {
  it('a sum that misses its whole and a share that misses its count are findings', () => {
    const text =
      '一、基本情况\n全镇共有党支部412个，其中农村党支部10个，社区党支部11个，机关党支部390个。全村党员40名，其中女党员10人，占30%。\n';
    const analysis = analyzeReport(text);
    const kinds = analysis.findings.map((f) => f.kind);
    expect(kinds).toEqual(['inconsistentSum', 'inconsistentShare']);
    expect(analysis.findings[0]!.message).toBe('分项之和 10 + 11 + 390 = 411，与总数 412个党支部 不符');
    expect(analysis.findings[0]!.related.map((s) => slice(text, s))).toEqual(['10个', '11个', '390个']);
    expect(analysis.findings[1]!.message).toBe('10人女党员 占 40名党员 应为 25%，所写为 30%');
    expect(slice(text, analysis.findings[1]!.span)).toBe('30%');
  });

  it('a problem without cause or plan is a finding', () => {
    const text =
      '一、存在问题\n（一）组织生活不规范，记录不全。\n（二）集体经济薄弱，收入单一。\n二、下一步打算\n（一）严格落实组织生活制度，规范会议记录。\n';
    const analysis = analyzeReport(text);
    expect(analysis.findings.map((f) => [f.kind, slice(text, f.span)])).toEqual([
      ['problemWithoutCause', '（一）组织生活不规范，记录不全。'],
      ['problemWithoutCause', '（二）集体经济薄弱，收入单一。'],
      ['problemWithoutPlan', '（二）集体经济薄弱，收入单一。'],
    ]);
  });
});

describe('clean reports', () => {
  const noFalseAlarm = (text: string) => {
    const analysis = analyzeReport(text);
    expect(analysis.placeholders).toEqual([]);
    expect(analysis.findings).toEqual([]);
    expect(analysis.checks.every((c) => c.consistent)).toBe(true);
    return analysis;
  };

  it('a hand-written village report has no finding, and its figures are checked', () => {
    const analysis = noFalseAlarm(handWritten);
    expect(analysis.sections.map((s) => s.kind)).toEqual(['basics', 'highlights', 'problems', 'plans']);
    expect(analysis.checks.map((c) => c.message)).toEqual([
      '58名党员 = 55 + 3，分项之和与总数一致',
      '12人 / 58名党员 = 20.69%，与所写 21% 一致',
    ]);
    expect(analysis.items.problems.map((p) => p.answeredBy)).toEqual([[0], [1]]);
  });

  it('generated reports have no finding and every part, figure and item found', () => {
    fc.assert(
      fc.property(cleanReport, (report) => {
        const analysis = noFalseAlarm(report.text);
        expect(analysis.sections.map((s) => s.kind)).toEqual(report.kinds);
        expect(analysis.items.problems).toHaveLength(report.problems);
        expect(analysis.items.plans).toHaveLength(report.plans);
        const written = analysis.figures.map((f) => f.text);
        for (const figure of report.figures) expect(written).toContain(figure);
        expect(analysis.checks.filter((c) => c.kind === 'sum')).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('placeholders', () => {
  it('finds every form a blank takes and nothing in filled-in text', () => {
    const text = '20**年，XX村，××同志，占比；[ ]，＿＿，共有党员00名，**镇。';
    expect(findPlaceholders(text).map((p) => p.text)).toEqual([
      '20**年',
      'XX',
      '××',
      '占比；',
      '[ ]',
      '＿＿',
      '00名',
      '**',
    ]);
    expect(findPlaceholders('2024年，XL码，共有党员100名，占比25%；第1000次。')).toEqual([]);
  });
});

describe('figures against the registry', () => {
  const registry = [
    { label: '党员', amount: 58, unit: '名' },
    { label: '其中：正式党员', amount: 55, unit: '名' },
    { label: '其中：预备党员', amount: 3, unit: '名' },
    { label: '女党员', amount: 12, unit: '名' },
    { label: '党支部（含党总支）', amount: 1, unit: '个' },
  ];

  it('flags a 基本情况 figure edited away from the registry, showing both values', () => {
    const text = handWritten.replace(
      '现有党员58名，其中正式党员55名，预备党员3名；女党员12人',
      '现有党员60名，其中正式党员57名，预备党员3名；女党员12人',
    );
    const analysis = analyzeReport(text);
    const found = registryFindings(analysis.sections, analysis.figures, registry, '2026-12-31', text);
    expect(found.map((f) => [slice(text, f.span), f.message])).toEqual([
      ['60名', '所写“党员60名”与党员信息库不符：截至2026年12月31日为58名'],
      ['57名', '所写“正式党员57名”与党员信息库不符：截至2026年12月31日为55名'],
    ]);
  });

  it('compares counts of people only where they speak of the members as a whole', () => {
    const check = (sentence: string) => {
      const text = handWritten.replace('党支部下设3个党小组。', sentence);
      const analysis = analyzeReport(text);
      return registryFindings(analysis.sections, analysis.figures, registry, '2026-12-31', text).map((f) =>
        slice(text, f.span),
      );
    };
    // Another group counted with the members' words: 流动党员's women, the leaders' education.
    expect(check('流动党员共3名（其中女党员1名）。')).toEqual([]);
    expect(check('村“两委”干部5名，女党员2名。')).toEqual([]);
    // The members' own breakdown, in brackets or after them, is compared.
    expect(check('全村共有党员58名（其中女党员10名）。')).toEqual(['10名']);
    expect(check('共有党员58名，女党员10名。')).toEqual(['10名']);
  });

  it('flags a table row edited away from the registry’s printed value, and only that row', () => {
    const rows = [
      { label: '党员', value: '60名', span: spanOf(10, 16) },
      { label: '女党员', value: '１２名（占２０．７％）', span: spanOf(17, 28) },
      { label: '其中：预备党员', value: '', span: spanOf(29, 37) },
      { label: '已不在信息库中的项目', value: '3个', span: spanOf(38, 50) },
    ];
    const printed = [
      { label: '党员', value: '58名' },
      { label: '女党员', value: '12名（占20.7%）' },
      { label: '其中：预备党员', value: '3名' },
    ];
    expect(basicsTableFindings(rows, printed, '2026-12-31')).toEqual([
      {
        kind: 'registryMismatch',
        message: '所写“党员：60名”与党员信息库不符：截至2026年12月31日为58名',
        span: spanOf(10, 16),
        related: [],
      },
      {
        kind: 'registryMismatch',
        message: '“其中：预备党员”未填写数据：党员信息库截至2026年12月31日为3名',
        span: spanOf(29, 37),
        related: [],
      },
    ]);
  });

  it('leaves the table’s figures to the table check, so one edit is one finding', () => {
    // A value written in words names its subject as prose does.
    const text = '村党支部书记述职报告\n一、基本情况\n全村共有党员58名。\n党员：共有党员60名\n';
    const line = spanOf(text.indexOf('党员：'), text.length - 1);
    const analysis = analyzeReport(text, [line]);
    const check = (lines: TextSpan[]) =>
      registryFindings(analysis.sections, analysis.figures, registry, '2026-12-31', text, lines).map((f) =>
        slice(text, f.span),
      );
    expect(check([])).toEqual(['60名']);
    expect(check([line])).toEqual([]);
  });

  it('finds nothing where the figures are the registry’s, or outside 基本情况', () => {
    const analysis = analyzeReport(handWritten);
    expect(
      registryFindings(analysis.sections, analysis.figures, registry, '2026-12-31', handWritten),
    ).toEqual([]);
    const elsewhere = analyzeReport(handWritten.replace('40岁以下党员只有9名', '党员只有9名'));
    expect(
      registryFindings(
        elsewhere.sections,
        elsewhere.figures,
        registry,
        '2026-12-31',
        handWritten.replace('40岁以下党员只有9名', '党员只有9名'),
      ),
    ).toEqual([]);
  });
});
