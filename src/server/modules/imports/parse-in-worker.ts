// SAX parsing of a large sheet (an object per tag, a string per cell) leaves garbage that V8 collects
// only when its heap limit nears, which in the server's main isolate is far away. In a worker with its
// own small heap the garbage stays bounded and is gone with the worker, and the HTTP thread keeps
// answering (progress polls among others) while the file is read.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { JobContext } from '../../jobs/service.js';
import type { ParseJob, ParseMessage } from './sheet-parser.js';

/** The worker's heap: 100,000 rows read in 96 MiB but not in 64 (BENCHMARKS.md, import); room to spare. */
export const parseWorkerHeapMb = 160;

// Built, this module sits beside parse-worker.js. From sources (tests, tsx) the worker is the .ts
// file, imported through tsx's scoped loader: on Node 20 a worker does not take `--import` loaders.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
const workerEntry = fromSources ? tsxBootstrap(workerUrl) : workerUrl;

/** Worker code (CommonJS, as `eval` workers are) that imports the .ts worker through tsx's ESM API. */
function tsxBootstrap(url: URL): string {
  // The API's ESM build: its CommonJS build resolves its hooks to a wrong path inside a worker.
  const api = pathToFileURL(
    path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs'),
  );
  return `import(${JSON.stringify(api.href)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`;
}

const tooComplex = () =>
  new AppError(
    413,
    'IMPORT_FILE_TOO_COMPLEX',
    '文件过于复杂，读取时超出了服务器允许的内存，请删除多余的工作表、格式或拆分文件后重试',
  );

/** A batch of parsed rows, as the worker sends it. */
export type ParsedBatch = Extract<ParseMessage, { type: 'rows' | 'members' }>;

/**
 * Parses the data sheet of `file` in a worker, handing each batch to `onBatch` on this thread;
 * resolves to the number of rows, or throws the same AppErrors the parsing would.
 */
export function parseInWorker(
  file: Buffer,
  job: Omit<ParseJob, 'file'>,
  progress: JobContext['progress'],
  onBatch: (batch: ParsedBatch) => void,
  heapMb = parseWorkerHeapMb,
): Promise<number> {
  progress({ phase: 'reading' });
  let done = 0;
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry, {
      eval: fromSources,
      workerData: { ...job, file } satisfies ParseJob,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: ParseMessage) => {
      if (settled) return;
      if (message.type === 'end') {
        progress({ phase: 'validating', done, total: done });
        settle(() => resolve(done));
      } else if (message.type === 'failed') {
        const { statusCode, code, message: text, details } = message;
        settle(() => reject(new AppError(statusCode, code, text, details)));
      } else {
        onBatch(message);
        done += message.rows.length;
        // Rows are counted only as they are read; the share of the sheet's bytes behind them
        // estimates how many there are in all, so the bar moves while the file is read.
        const estimate = message.sheetRead > 0 ? Math.round(done / message.sheetRead) : null;
        progress({ done, total: estimate === null ? null : Math.max(done, estimate) });
      }
    });
    // Out of memory, or any other end without an answer: the file is refused, the server goes on.
    worker.on('error', () => settle(() => reject(tooComplex())));
    worker.on('exit', () => settle(() => reject(tooComplex())));
  });
}
