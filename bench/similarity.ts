// similarity: MinHash + LSH over 20,000 generated 5,000-character reports with planted copies — build time, query p95, recall and precision against exact brute force on a 2,000-report sample; and `shuping analyze` on seed 004.
//
// Reports are drawn deterministically (pure-rand): sentences of random characters from a pool of
// common ones, plus set phrases every report of the field uses, so unrelated reports share a little
// text as real ones do. Planted pairs copy a known share of another report's sentences.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { analyzeReport } from '../src/domain/analyzer/analyze.js';
import { LshIndex, exactJaccard, minhashSignature, shingleSet } from '../src/domain/analyzer/similarity.js';
import {
  buildFirst,
  log,
  machineInfo,
  printResult,
  quick,
  root,
  runBenchmark,
  tempDir,
} from './lib/common.js';

const reportCount = quick ? 2_000 : 20_000;
const sampleSize = quick ? 300 : 2_000;
const plantedPairs = quick ? 60 : 600;
const queryCount = quick ? 100 : 500;
const reportLength = 5_000;
const threshold = 0.5;
const targets = { buildSeconds: 60, queryP95Ms: 50, recall: 0.95, precision: 0.95 };

const pool =
  '党员支部组织建设工作学习教育管理服务群众发展村镇社区干部制度活动经济基层书记责任落实开展加强推进提高' +
  '全面深入规范完善健全创新强化巩固提升促进领导班子队伍作风纪律监督考核整改问题措施成效亮点思想政治理论' +
  '集体收入产业项目合作社农户脱贫振兴乡村治理平安法治文化卫生环境生态资金投入场所阵地活动室便民中心网格';
const setPhrases = [
  '坚持以习近平新时代中国特色社会主义思想为指导',
  '认真履行党建工作第一责任人职责',
  '严格落实三会一课制度',
  '扎实开展主题党日活动',
  '持续加强基层党组织标准化规范化建设',
  '充分发挥基层党组织战斗堡垒作用和党员先锋模范作用',
  '进一步夯实党的执政基础',
  '推动全面从严治党向基层延伸',
  '不断提升组织力和政治功能',
  '把党建工作与中心工作同谋划同部署同落实',
];

type Rng = ReturnType<typeof xoroshiro128plus>;
const int = (rng: Rng, min: number, max: number) => uniformInt(rng, min, max);

function sentenceOf(rng: Rng): string {
  if (int(rng, 0, 9) === 0) return setPhrases[int(rng, 0, setPhrases.length - 1)]! + '。';
  const length = int(rng, 14, 40);
  let s = '';
  for (let i = 0; i < length; i++) s += pool[int(rng, 0, pool.length - 1)];
  return s + (int(rng, 0, 2) ? '，' : '。');
}

function sentencesOf(rng: Rng): string[] {
  const out: string[] = [];
  let length = 0;
  while (length < reportLength) {
    const s = sentenceOf(rng);
    out.push(s);
    length += s.length;
  }
  return out;
}

/** A report that keeps `share` of `source`'s sentences in order and writes the rest anew. */
function copyOf(rng: Rng, source: string[], share: number): string[] {
  return source.map((s) => (int(rng, 0, 999) < share * 1000 ? s : sentenceOf(rng)));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const work = tempDir('similarity');

async function main() {
  const machine = machineInfo();
  log(
    `similarity benchmark${quick ? ' (--quick)' : ''} · ${machine.cpuModel} × ${machine.cores} · node ${machine.node}`,
  );
  const rng = xoroshiro128plus(2026);

  // Planted pairs: half at the front (so the sample holds them), half spread through the rest.
  let started = performance.now();
  const texts: string[] = [];
  const pairs: [number, number][] = [];
  const shareOf = (i: number) => 0.2 + (0.75 * i) / Math.max(1, plantedPairs - 1);
  for (let i = 0; i < plantedPairs / 2; i++) {
    const source = sentencesOf(rng);
    texts.push(source.join(''), copyOf(rng, source, shareOf(2 * i)).join(''));
    pairs.push([texts.length - 2, texts.length - 1]);
  }
  const spread = Math.floor((reportCount - texts.length) / (plantedPairs / 2 + 1));
  for (let i = 0; texts.length < reportCount; i++) {
    const source = sentencesOf(rng);
    texts.push(source.join(''));
    if (pairs.length < plantedPairs && i % spread === spread - 1 && texts.length < reportCount) {
      texts.push(copyOf(rng, source, shareOf(2 * (pairs.length - plantedPairs / 2) + 1)).join(''));
      pairs.push([texts.length - 2, texts.length - 1]);
    }
  }
  const queries: { text: string; copies?: number }[] = [];
  for (let i = 0; i < queryCount; i++) {
    const source = sentencesOf(rng);
    queries.push(
      i % 2
        ? { text: source.join('') }
        : {
            text: copyOf(rng, texts[(i * 37) % reportCount]!.split(/(?<=[，。])/u), 0.8).join(''),
            copies: (i * 37) % reportCount,
          },
    );
  }
  const meanLength = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
  log(
    `generated ${texts.length} reports (mean ${meanLength.toFixed(0)} characters, ${pairs.length} planted pairs) and ${queries.length} queries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // ---- build ----
  started = performance.now();
  let shingleMs = 0;
  let signatureMs = 0;
  const signatures: Int32Array[] = [];
  const index = new LshIndex<number>();
  for (let i = 0; i < texts.length; i++) {
    let t = performance.now();
    const set = shingleSet(texts[i]!);
    shingleMs += performance.now() - t;
    t = performance.now();
    const signature = minhashSignature(set);
    signatureMs += performance.now() - t;
    signatures.push(signature);
    index.add(i, signature);
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const memory = process.memoryUsage();
  log(
    `built the index of ${index.size} in ${buildSeconds.toFixed(1)} s (shingles ${(shingleMs / 1000).toFixed(1)} s, signatures ${(signatureMs / 1000).toFixed(1)} s, bands ${(buildSeconds - (shingleMs + signatureMs) / 1000).toFixed(1)} s); rss ${Math.round(memory.rss / 2 ** 20)} MiB, heap ${Math.round(memory.heapUsed / 2 ** 20)} MiB`,
  );

  // ---- queries ----
  const latencies: number[] = [];
  let copiesFound = 0;
  let copiesAsked = 0;
  for (const query of queries) {
    const t = performance.now();
    const set = shingleSet(query.text);
    const found = index.similar(minhashSignature(set), threshold, (key) =>
      exactJaccard(set, shingleSet(texts[key]!)),
    );
    latencies.push(performance.now() - t);
    if (query.copies !== undefined) {
      copiesAsked++;
      if (found.some((m) => m.key === query.copies)) copiesFound++;
    }
  }
  latencies.sort((a, b) => a - b);
  const queryP50 = percentile(latencies, 0.5);
  const queryP95 = percentile(latencies, 0.95);
  log(
    `query (shingles + signature + candidates + estimates, exact Jaccard where the estimate is within 0.15 of the threshold): p50 ${queryP50.toFixed(2)} ms, p95 ${queryP95.toFixed(2)} ms; planted copies (80 %) found ${copiesFound}/${copiesAsked}`,
  );

  // ---- planted pairs over the whole index ----
  const plantedExact = pairs.map(([a, b]) => exactJaccard(shingleSet(texts[a]!), shingleSet(texts[b]!)));
  const plantedAbove = pairs.filter((_, i) => plantedExact[i]! >= threshold);
  const plantedFound = plantedAbove.filter(([a, b]) => {
    const set = shingleSet(texts[a]!);
    return index
      .similar(signatures[a]!, threshold, (key) => exactJaccard(set, shingleSet(texts[key]!)))
      .some((m) => m.key === b);
  }).length;
  const plantedRecall = plantedAbove.length ? plantedFound / plantedAbove.length : 1;
  log(
    `planted pairs with exact Jaccard ≥ ${threshold}: ${plantedAbove.length} (of ${pairs.length}; exact ${Math.min(...plantedExact).toFixed(2)}–${Math.max(...plantedExact).toFixed(2)}), found ${plantedFound}: recall ${plantedRecall.toFixed(3)}`,
  );

  // ---- baseline: exact brute force over the sample ----
  started = performance.now();
  const sets = texts.slice(0, sampleSize).map((t) => shingleSet(t));
  const exactPairs = new Set<string>();
  let comparisons = 0;
  for (let a = 0; a < sampleSize; a++)
    for (let b = a + 1; b < sampleSize; b++) {
      comparisons++;
      if (exactJaccard(sets[a]!, sets[b]!) >= threshold) exactPairs.add(`${a}-${b}`);
    }
  const bruteSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const sampleIndex = new LshIndex<number>();
  for (let i = 0; i < sampleSize; i++) sampleIndex.add(i, signatures[i]!);
  const lshPairs = new Set<string>();
  for (let a = 0; a < sampleSize; a++)
    for (const match of sampleIndex.similar(signatures[a]!, threshold, (key) =>
      exactJaccard(sets[a]!, sets[key]!),
    ))
      if (match.key > a) lshPairs.add(`${a}-${match.key}`);
  const lshSampleSeconds = (performance.now() - started) / 1000;
  const truePositives = [...lshPairs].filter((p) => exactPairs.has(p)).length;
  const recall = exactPairs.size ? truePositives / exactPairs.size : 1;
  const precision = lshPairs.size ? truePositives / lshPairs.size : 1;
  log(
    `sample of ${sampleSize}: exact brute force ${comparisons} pairs in ${bruteSeconds.toFixed(1)} s → ${exactPairs.size} pairs ≥ ${threshold}; LSH all-pairs ${lshSampleSeconds.toFixed(2)} s → ${lshPairs.size} pairs; recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`,
  );

  // ---- the analyzer on seed 004, in process and through the CLI ----
  const seeds = path.resolve(root, '../shared/seeds');
  const seedFile = path.join(
    seeds,
    fs.readdirSync(seeds).find((name) => name.startsWith('004_'))!,
  );
  const seedText = fs.readFileSync(seedFile, 'utf8');
  const inProcess: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    analyzeReport(seedText);
    inProcess.push(performance.now() - t);
  }
  inProcess.sort((a, b) => a - b);
  buildFirst();
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'bin/shuping.mjs'), 'analyze', '--json', seedFile],
      { cwd: work, encoding: 'utf8' },
    );
    cli.push(performance.now() - t);
    if (run.status !== 0) throw new Error(`shuping analyze failed: ${run.stderr}`);
  }
  cli.sort((a, b) => a - b);
  log(
    `seed 004: analyzeReport p50 ${percentile(inProcess, 0.5).toFixed(2)} ms; \`shuping analyze --json\` (a whole process) median ${percentile(cli, 0.5).toFixed(0)} ms`,
  );

  const met = {
    build: buildSeconds <= targets.buildSeconds,
    query: queryP95 <= targets.queryP95Ms,
    recall: recall >= targets.recall && plantedRecall >= targets.recall,
    precision: precision >= targets.precision,
  };
  log(
    `targets: build ≤ ${targets.buildSeconds} s ${met.build ? 'met' : 'NOT met'}; query p95 ≤ ${targets.queryP95Ms} ms ${met.query ? 'met' : 'NOT met'}; recall ≥ ${targets.recall} ${met.recall ? 'met' : 'NOT met'}; precision ≥ ${targets.precision} ${met.precision ? 'met' : 'NOT met'}`,
  );
  printResult({
    benchmark: 'similarity',
    quick,
    machine,
    reports: texts.length,
    meanLength: Math.round(meanLength),
    plantedPairs: pairs.length,
    build: {
      seconds: round(buildSeconds),
      shingleSeconds: round(shingleMs / 1000),
      signatureSeconds: round(signatureMs / 1000),
      rssMiB: Math.round(memory.rss / 2 ** 20),
      heapMiB: Math.round(memory.heapUsed / 2 ** 20),
    },
    query: {
      count: queries.length,
      p50Ms: round(queryP50, 2),
      p95Ms: round(queryP95, 2),
      plantedCopiesFound: copiesFound,
      plantedCopiesAsked: copiesAsked,
    },
    planted: { aboveThreshold: plantedAbove.length, found: plantedFound, recall: round(plantedRecall, 3) },
    sample: {
      size: sampleSize,
      bruteForceSeconds: round(bruteSeconds),
      exactPairs: exactPairs.size,
      lshSeconds: round(lshSampleSeconds, 2),
      lshPairs: lshPairs.size,
      recall: round(recall, 3),
      precision: round(precision, 3),
    },
    seed004: {
      analyzeP50Ms: round(percentile(inProcess, 0.5), 2),
      cliMedianMs: Math.round(percentile(cli, 0.5)),
    },
    targets,
    met,
  });
}

runBenchmark(work, [], main);
