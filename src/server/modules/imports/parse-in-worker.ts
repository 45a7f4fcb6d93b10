// ExcelJS's SAX parsing of a large sheet leaves hundreds of MiB of garbage that V8 collects only
// when its heap limit nears, which in the server's main isolate is far away. In a worker with its
// own small heap the garbage stays bounded and is gone with the worker, and the HTTP thread keeps
// answering (progress polls among others) while the file is read.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MemberColumnKey, OrgColumnKey, RowError } from '../../../domain/member-import.js';
import { AppError } from '../../errors.js';
import type { ProgressHandle } from './progress.js';
import { type ParseMessage, type ParsedRow, type SheetKind } from './sheet-parser.js';

/** The worker's heap: ExcelJS's streaming read of 100,000 rows runs in about half of it. */
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

export interface ParseOptions<S extends SheetKind> {
  kind: S;
  maxRows: number;
  day: string;
  progress: ProgressHandle;
  /** Called on the HTTP thread for every parsed row, for the rules that need the database's answers. */
  onRow: (parsed: ParsedRow<KeyOf<S>>, errors: RowError[]) => void;
}

type KeyOf<S extends SheetKind> = S extends 'members' ? MemberColumnKey : OrgColumnKey;

/** Parses the data sheet of `file` in a worker; throws the same AppErrors the parsing would. */
export function parseInWorker<S extends SheetKind>(
  file: Buffer,
  { kind, maxRows, day, progress, onRow }: ParseOptions<S>,
): Promise<{ rows: ParsedRow<KeyOf<S>>[]; errors: RowError[] }> {
  progress.update({ phase: 'reading' });
  const rows: ParsedRow<KeyOf<S>>[] = [];
  const errors: RowError[] = [];
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry, {
      eval: fromSources,
      workerData: { file, kind, maxRows, day },
      resourceLimits: { maxOldGenerationSizeMb: parseWorkerHeapMb },
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
      if (message.type === 'rows') {
        errors.push(...message.errors);
        for (const parsed of message.rows as ParsedRow<KeyOf<S>>[]) {
          onRow(parsed, errors);
          rows.push(parsed);
        }
        progress.update({ done: rows.length });
      } else if (message.type === 'end') {
        progress.update({ phase: 'validating', done: rows.length, total: rows.length });
        settle(() => resolve({ rows, errors }));
      } else {
        const { statusCode, code, message: text, details } = message;
        settle(() => reject(new AppError(statusCode, code, text, details)));
      }
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex() : error)),
    );
    worker.on('exit', () => settle(() => reject(tooComplex())));
  });
}
