// An open-loop burst of POSTs: request i is due at i × window / n whatever the server's answers so
// far, as panelists press 提交 when they finish, not when the previous phone got its answer. A
// request's latency runs from its due time (not its send time) to the end of its answer, so
// queueing in the client counts against the server too.
import http from 'node:http';

export interface BurstRequest {
  path: string;
  body: string;
}

export interface BurstAnswer {
  status: number;
  body: string;
  latencyMs: number;
}

function post(agent: http.Agent, base: URL, request: BurstRequest, due: number): Promise<BurstAnswer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: request.path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, body, latencyMs: performance.now() - due }),
        );
      },
    );
    // A request that found no answer is an error of the run, status 0.
    req.once('error', (error) =>
      resolve({ status: 0, body: error.message, latencyMs: performance.now() - due }),
    );
    req.end(request.body);
  });
}

/** Sends `requests` spread evenly over `windowMs`, on at most `sockets` connections. */
export async function openLoopBurst(
  baseUrl: string,
  requests: BurstRequest[],
  windowMs: number,
  sockets: number,
): Promise<{ answers: BurstAnswer[]; sentWithinMs: number; lastAnswerMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  const started = performance.now();
  const step = windowMs / requests.length;
  let lastSent = 0;
  try {
    const answers = await Promise.all(
      requests.map(async (request, i) => {
        const due = started + i * step;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        lastSent = Math.max(lastSent, performance.now() - started);
        return post(agent, base, request, due);
      }),
    );
    return { answers, sentWithinMs: lastSent, lastAnswerMs: performance.now() - started };
  } finally {
    agent.destroy();
  }
}

/** The value below which `p` per cent of `values` lie (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))]!;
}
