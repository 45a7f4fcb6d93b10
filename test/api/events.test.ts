import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../src/server/app.js';
import { systemActor } from '../../src/server/http/actor.js';
import type { PublishedEvent } from '../../src/contract/events.js';
import { EventSource } from 'eventsource';
import { subscribeEvents } from '../../src/web/shared/events.js';
import { connectEvents, type SseClient } from '../helpers/sse-client.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, signedInUser, type OrgRow } from './support/fixtures.js';

const progress = (orgPath: string, jobId: string): PublishedEvent => ({
  type: 'job.progress',
  orgPath,
  data: { jobId, state: 'running', phase: null, done: 1, total: 10 },
});
const jobIdOf = (event: { data: unknown }) => (event.data as { jobId: string }).jobId;

describe(`server-sent events (${testDriver})`, () => {
  let t: TestContext;
  let base: string;
  let a1: OrgRow;
  let a1b: OrgRow;
  let b: OrgRow;
  let orgA1: Session;
  let secA1: Session;
  let orgB: Session;
  const clients: SseClient[] = [];
  const open = async (session: Session, lastEventId?: string) => {
    const client = connectEvents(`${base}/api/events`, session.cookie, lastEventId ? { lastEventId } : {});
    clients.push(client);
    await client.opened;
    return client;
  };

  /** Another app on the same database: on PostgreSQL a second instance with its own LISTEN connection. */
  const secondInstance = (): Promise<App> =>
    buildApp({
      database: t.database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
    });

  beforeAll(async () => {
    t = await createTestContext({ events: { heartbeatMs: 100, sessionCheckMs: 100, bufferSize: 5 } });
    const a = await createOrg(t, null, '甲县党委', 'county');
    a1 = await createOrg(t, a.id, '城关镇党委', 'committee');
    a1b = await createOrg(t, a1.id, '城关镇第一党支部', 'branch');
    b = await createOrg(t, null, '乙县党委', 'county');
    orgA1 = await signedInUser(t, 'orga1', 'organizer', a1.id);
    secA1 = await signedInUser(t, 'seca1', 'secretary', a1.id);
    orgB = await signedInUser(t, 'orgb', 'organizer', b.id);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t?.close();
  });

  it('delivers an event to clients whose scope holds its org, and only to them', async () => {
    const [org, secretary, other] = [await open(orgA1), await open(secA1), await open(orgB)];
    const id = await t.app.events.publish(progress(a1b.path, 'in-a1b'));
    const got = await org.next((e) => jobIdOf(e) === 'in-a1b', 1_000);
    expect(got).toEqual({
      id,
      type: 'job.progress',
      data: { jobId: 'in-a1b', state: 'running', phase: null, done: 1, total: 10 },
    });
    // A marker every client may see: once it arrived, the earlier event would have too.
    await t.app.events.publish(progress(a1.path, 'marker'));
    await secretary.next((e) => jobIdOf(e) === 'marker');
    expect(secretary.received.map(jobIdOf)).toEqual(['marker']);
    await t.app.events.publish(progress(b.path, 'in-b'));
    await other.next((e) => jobIdOf(e) === 'in-b');
    expect(other.received.map(jobIdOf)).toEqual(['in-b']);
  });

  it('delivers an event addressed to a user to that user alone', async () => {
    const [mine, theirs] = [await open(secA1), await open(orgA1)];
    await t.app.events.publish({
      type: 'job.progress',
      userId: secA1.userId,
      data: { jobId: 'mine', state: 'succeeded', phase: null, done: 3, total: 3 },
    });
    await t.app.events.publish(progress(a1.path, 'after'));
    await mine.next((e) => jobIdOf(e) === 'mine');
    await theirs.next((e) => jobIdOf(e) === 'after');
    expect(theirs.received.map(jobIdOf)).toEqual(['after']);
  });

  it('replays what a reconnecting client missed after its Last-Event-ID, in scope only', async () => {
    const first = await open(orgA1);
    const seen = await t.app.events.publish(progress(a1.path, 'seen'));
    await first.next((e) => e.id === seen);
    first.close();
    await t.app.events.publish(progress(b.path, 'missed-out-of-scope'));
    await t.app.events.publish(progress(a1b.path, 'missed-1'));
    const last = await t.app.events.publish(progress(a1.path, 'missed-2'));
    const again = await open(orgA1, seen);
    await again.next((e) => e.id === last);
    expect(again.received.map(jobIdOf)).toEqual(['missed-1', 'missed-2']);
  });

  it('sends refresh when it cannot tell what a client missed', async () => {
    const anchor = await t.app.events.publish(progress(a1.path, 'old'));
    // The buffer holds 5 events: 6 more push the client's last one out.
    for (let i = 0; i < 6; i++) await t.app.events.publish(progress(a1.path, `new-${i}`));
    const newest = await t.app.events.publish(progress(b.path, 'newest'));
    // publish returns once NOTIFY is sent; on PostgreSQL this instance hears it a moment later.
    await vi.waitFor(() => expect(t.app.events.since(newest)).not.toBeNull());
    const client = await open(orgA1, anchor);
    const refresh = await client.next((e) => e.type === 'refresh');
    expect(refresh).toEqual({ id: newest, type: 'refresh', data: { reason: 'missed' } });
    expect(client.received).toHaveLength(1);
    const unknown = await open(orgA1, 'not-an-id');
    expect((await unknown.next((e) => e.type === 'refresh')).data).toEqual({ reason: 'missed' });
  });

  it('streams with no caching, no proxy buffering, the security headers and heartbeats', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, {
      headers: { cookie: orgA1.cookie },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
  });

  it('refuses an anonymous client and one that will not take an event stream, in the API error shape', async () => {
    const anonymous = await fetch(`${base}/api/events`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const json = await fetch(`${base}/api/events`, {
      headers: { cookie: orgA1.cookie, accept: 'application/json' },
    });
    expect(json.status).toBe(406);
    expect(await json.json()).toMatchObject({
      code: 'NOT_ACCEPTABLE',
      message: expect.stringContaining('事件流'),
    });
    // A HEAD answers at once instead of holding a stream open.
    const head = await fetch(`${base}/api/events`, { method: 'HEAD', headers: { cookie: orgA1.cookie } });
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
  });

  it('ends the stream of a session that was logged out', async () => {
    const session = await t.login('orga1', 'Fixture-Pass-2026!');
    const res = await fetch(`${base}/api/events`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const ended = res.text();
    expect((await t.request(session, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    const started = performance.now();
    await ended;
    // The check runs every 100 ms here (15 s by default); on PostgreSQL the logout's NOTIFY must arrive first.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('web subscriber: after the server refuses its reconnect, it opens a new stream that replays from its last id', async () => {
    const first = await t.login('orga1', 'Fixture-Pass-2026!');
    let cookie = first.cookie;
    const opened: string[] = [];
    const sources: EventSource[] = [];
    const jobs: string[] = [];
    const stop = subscribeEvents(
      { 'job.progress': (data) => void jobs.push(data.jobId) },
      {
        connect(url) {
          opened.push(url);
          const sent = cookie;
          const source = new EventSource(`${base}${url}`, {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, cookie: sent } }),
          });
          sources.push(source);
          return source;
        },
      },
    );
    try {
      const until = async (done: () => boolean, what: string) => {
        for (let waited = 0; !done(); waited += 20) {
          if (waited > 15_000) throw new Error(`${what} did not happen; got ${jobs.join(', ')}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const arrived = (jobId: string) => until(() => jobs.includes(jobId), jobId);
      // Its stream is open once a marker published now arrives.
      for (let i = 0; !jobs.length; i++) {
        await t.app.events.publish(progress(a1.path, `ready-${i}`));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seen = await t.app.events.publish(progress(a1.path, 'seen'));
      await arrived('seen');
      // Logged out: the stream ends, EventSource's own reconnect (after about 3 s) gets 401 and gives up.
      expect((await t.request(first, 'POST', '/api/auth/logout')).statusCode).toBe(204);
      await until(() => sources[0]!.readyState === EventSource.CLOSED, 'giving up');
      cookie = (await t.login('orga1', 'Fixture-Pass-2026!')).cookie;
      // Published before the subscriber's next try (a second after giving up), so only a replay brings it.
      await t.app.events.publish(progress(a1.path, 'while-away'));
      expect(opened).toHaveLength(1);
      await arrived('while-away');
      expect(opened).toEqual(['/api/events', `/api/events?lastEventId=${seen}`]);
    } finally {
      stop();
    }
  });

  it('closes every open stream when the app closes', async () => {
    const second = await secondInstance();
    const url = await second.listen({ port: 0, host: '127.0.0.1' });
    const responses = await Promise.all(
      [orgA1, secA1, orgB].map((session) =>
        fetch(`${url}/api/events`, { headers: { cookie: session.cookie } }),
      ),
    );
    const ended = Promise.all(responses.map((res) => res.text()));
    const started = performance.now();
    await second.close();
    await ended;
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('pushes a job’s start, progress and end as job.progress to clients who may read the job, of every instance', async () => {
    // On PostgreSQL the job runs on a second instance and the clients listen on the first.
    const runner = testDriver === 'postgres' ? await secondInstance() : t.app;
    try {
      const [inScope, outOfScope] = [await open(orgA1), await open(orgB)];
      let step: (() => void) | undefined;
      const actor = {
        ...systemActor(),
        id: orgA1.userId,
        scope: { kind: 'subtree' as const, path: a1.path },
      };
      const job = await runner.jobs.start(actor, 'test.steps', a1.path, async ({ progress }) => {
        for (let done = 1; done <= 3; done++) {
          // Each step waits for the client to have seen the one before: no step is merged away.
          await new Promise<void>((resolve) => (step = resolve));
          progress({ phase: 'counting', done, total: 3 });
        }
        return { counted: 3 };
      });
      const ofJob = (e: { type: string; data: unknown }) =>
        e.type === 'job.progress' && jobIdOf(e) === job.id;
      for (let done = 1; done <= 3; done++) {
        await vi.waitFor(() => expect(step).toBeTypeOf('function'));
        const go = step!;
        step = undefined;
        go();
        await inScope.next((e) => ofJob(e) && (e.data as { done: number }).done === done);
      }
      const end = await inScope.next((e) => ofJob(e) && (e.data as { state: string }).state === 'succeeded');
      expect(end.data).toEqual({ jobId: job.id, state: 'succeeded', phase: 'counting', done: 3, total: 3 });
      const states = inScope.received.filter(ofJob).map((e) => (e.data as { state: string }).state);
      expect(states.at(-1)).toBe('succeeded');
      expect(states.slice(0, -1).every((state) => state === 'running')).toBe(true);
      const marker = await t.app.events.publish(progress(b.path, 'marker-jobs'));
      await outOfScope.next((e) => e.id === marker);
      expect(outOfScope.received.filter(ofJob)).toEqual([]);
    } finally {
      if (runner !== t.app) await runner.close();
    }
  });

  // On PostgreSQL the two instances share only the database; on PGlite they share the process too.
  it('delivers an event published on another instance within a second, in scope only', async () => {
    const second = await secondInstance();
    try {
      const [inScope, outOfScope] = [await open(orgA1), await open(orgB)];
      const started = performance.now();
      const id = await second.events.publish(progress(a1b.path, 'from-b'));
      const got = await inScope.next((e) => e.id === id, 1_000);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(jobIdOf(got)).toBe('from-b');
      const marker = await second.events.publish(progress(b.path, 'marker-b'));
      await outOfScope.next((e) => e.id === marker);
      expect(outOfScope.received.map(jobIdOf)).toEqual(['marker-b']);
    } finally {
      await second.close();
    }
  });
});
