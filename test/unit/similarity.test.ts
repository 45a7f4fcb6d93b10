import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSeed } from '../helpers/seeds.js';
import { findingsAgainst } from '../../src/domain/analyzer/compare.js';
import {
  LshIndex,
  estimateJaccard,
  exactJaccard,
  minhashSignature,
  normalizeForShingles,
  repeatedPassages,
  sharedPassages,
  shingleSet,
} from '../../src/domain/analyzer/similarity.js';

/** Sentences of random common characters: two drawn texts share almost no 5-gram. */
const hanzi =
  '党员支部组织建设工作学习教育管理服务群众发展村镇社区干部制度活动经济基层书记责任落实开展加强推进提高';
const sentence = fc
  .array(fc.constantFrom(...hanzi), { minLength: 12, maxLength: 30 })
  .map((chars) => chars.join('') + '。');
const sentences = fc.array(sentence, { minLength: 6, maxLength: 30 });

describe('shingles and Jaccard', () => {
  it('normalizes punctuation, spacing and full-width letters away, keeping offsets', () => {
    const text = '一、加强 ＡＢ建设，\n推进！';
    const n = normalizeForShingles(text);
    expect(n.text).toBe('一加强ab建设推进');
    expect([...n.offsets].map((o) => text[o]).join('')).toBe('一加强ＡＢ建设推进');
  });

  it('exact Jaccard equals a Set-based count', () => {
    fc.assert(
      fc.property(sentences, sentences, (a, b) => {
        const sa = shingleSet(a.join(''));
        const sb = shingleSet(b.join(''));
        const setA = new Set(sa);
        const common = [...sb].filter((h) => setA.has(h)).length;
        const union = new Set([...sa, ...sb]).size;
        expect(exactJaccard(sa, sb)).toBeCloseTo(union ? common / union : 0, 12);
      }),
      { numRuns: 50 },
    );
  });

  it('MinHash estimates Jaccard within 0.15', () => {
    fc.assert(
      fc.property(sentences, sentences, fc.integer({ min: 0, max: 100 }), (a, b, percent) => {
        const shared = a.slice(0, Math.round((a.length * percent) / 100));
        const x = shingleSet(a.join(''));
        const y = shingleSet([...shared, ...b].join(''));
        const estimate = estimateJaccard(minhashSignature(x), minhashSignature(y));
        expect(Math.abs(estimate - exactJaccard(x, y))).toBeLessThan(0.15);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the LSH index', () => {
  it('finds a copy with a few sentences changed and not an unrelated report', () => {
    fc.assert(
      fc.property(sentences, sentences, sentence, (original, other, changed) => {
        fc.pre(original.length >= 10);
        const index = new LshIndex<string>();
        index.add('original', minhashSignature(shingleSet(original.join(''))));
        index.add('other', minhashSignature(shingleSet(other.join(''))));
        const copy = [...original.slice(0, -1), changed].join('');
        const found = index.similar(minhashSignature(shingleSet(copy)), 0.5).map((m) => m.key);
        expect(found).toEqual(['original']);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses bands that do not cover the signature', () => {
    expect(() => new LshIndex(10, 3)).toThrow();
  });
});

describe('shared passages', () => {
  it('seeds 001 and 002 share two passages, one with a word changed, at their places in both', () => {
    const a = readSeed('001_');
    const b = readSeed('002_');
    const passages = sharedPassages(a, b);
    expect(passages.map((p) => p.text)).toEqual([
      '把一批思想好、能力强、年龄轻、文化高的优秀人才选拔到村领导岗位',
      '为进一步调动广大农村基层干部的工作积极性',
    ]);
    expect(b.slice(passages[0]!.b.start, passages[0]!.b.end)).toBe(
      '把一批思想好、能力强、年纪轻、文化高的优秀人才选拔到村领导岗位',
    );
    expect(b.slice(passages[1]!.b.start, passages[1]!.b.end)).toBe(passages[1]!.text);
  });

  it('finds a planted passage in texts that otherwise share nothing, and nothing else', () => {
    fc.assert(
      fc.property(sentences, sentences, sentence, (a, b, planted) => {
        fc.pre(planted.length > 16);
        const x = [...a.slice(0, 3), planted, ...a.slice(3)].join('');
        const y = [...b.slice(0, 2), planted, ...b.slice(2)].join('');
        const passages = sharedPassages(x, y);
        expect(passages.some((p) => p.text.includes(planted.slice(0, -1)))).toBe(true);
        for (const p of passages) expect(x.slice(p.a.start, p.a.end)).toBe(p.text);
      }),
      { numRuns: 40 },
    );
  });
});

describe('repeated passages', () => {
  it('finds a passage a report repeats from its own earlier text', () => {
    const text = readSeed('004_');
    const paragraph = text.split('\n')[3]!;
    const repeats = repeatedPassages(text + paragraph.slice(0, 60) + '\n');
    expect(repeats).toHaveLength(1);
    // Spans run from letter to letter: punctuation at either end is not part of the passage.
    const passage = paragraph.slice(0, 60).replace(/[，。、“”；]+$/u, '');
    expect(repeats[0]!.text).toBe(passage);
    expect(text.slice(repeats[0]!.first.start, repeats[0]!.first.end)).toBe(passage);
    expect(repeats[0]!.repeat.start).toBeGreaterThan(text.length - 1);
  });

  it('finds none in the seeds as they are', () => {
    for (const prefix of ['000_', '001_', '002_', '003_', '004_'])
      expect(repeatedPassages(readSeed(prefix))).toEqual([]);
  });
});

describe('findingsAgainst', () => {
  const report = (highlights: string) =>
    [
      '某村党支部书记2026年度抓基层党建工作述职报告',
      '一、基本情况',
      '截至2026年12月31日，本村共有党员36名（其中女党员8名），预备党员2名，入党积极分子3名。',
      '二、履职工作特色和亮点',
      highlights,
    ].join('\n');

  it('finds nothing in what every report shares: the title, the headings, the 基本情况 from the data', () => {
    const found = findingsAgainst(report('组织党员清理河道垃圾，修缮了村里的文化广场。'), [
      { name: '邻村党支部', text: report('开办了农民夜校，请农技员讲授果树嫁接技术。') },
    ]);
    expect(found).toEqual([]);
  });

  it('finds nothing in 上年度问题整改情况, written from the problem list', () => {
    const rectified = [
      '三、上年度问题整改情况',
      '上年度以来列入问题清单的问题共 2 个，已整改销号 1 个，正在整改 1 个，其中逾期 1 个。',
      '1．上年度查摆问题的整改跟踪不到位，个别问题反复出现。已于2026年5月6日整改销号。整改措施：建立月度督办台账，每月通报整改进度。',
    ].join('\n');
    const found = findingsAgainst(`${report('组织党员清理河道垃圾。')}\n${rectified}`, [
      { name: '邻村党支部', text: `${report('开办了农民夜校。')}\n${rectified}` },
    ]);
    expect(found).toEqual([]);
  });

  it('finds a sentence the writer copied, with the other report’s passage and its context', () => {
    const sentence = '开办了农民夜校，请农技员每月讲授一次果树嫁接和病虫害防治技术';
    const text = report(`今年${sentence}。`);
    // Of so short a text the sentence is most of it: the whole is similar too.
    const found = findingsAgainst(text, [{ name: '邻村党支部', text: report(`去年${sentence}。`) }]);
    expect(found.map((f) => f.kind).sort()).toEqual(['copiedPassage', 'similarReport']);
    const [finding, ...rest] = found.filter((f) => f.kind === 'copiedPassage');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'copiedPassage', source: { name: '邻村党支部' } });
    expect(text.slice(finding!.span.start, finding!.span.end)).toContain('请农技员每月讲授');
    const { before, passage, after } = finding!.source!;
    expect(passage).toContain('请农技员每月讲授');
    expect(`${before}${passage}${after}`).toContain('去年开办了农民夜校');
  });
});
