// Entry of the thread that parses an uploaded sheet (see parse-in-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { parseSheet, type ParseJob, type ParseMessage } from './sheet-parser.js';

const post = (message: ParseMessage) => parentPort!.postMessage(message);

parseSheet(workerData as ParseJob, post).catch((error: unknown) => {
  const e = error as {
    isAppError?: boolean;
    statusCode: number;
    code: string;
    message: string;
    details?: unknown;
  };
  // Anything else is a fault of ours, not of the file: the starter answers it as one.
  if (!e.isAppError) throw error;
  post({ type: 'failed', statusCode: e.statusCode, code: e.code, message: e.message, details: e.details });
});
