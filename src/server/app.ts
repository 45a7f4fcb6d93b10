import fastifySseModule, { type fastifySSE } from '@fastify/sse';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions, type onSendHookHandler } from 'fastify';
import type { Database } from '../db/client.js';
import { watchChanges } from './cache/changes.js';
import { cacheMemberReads, cacheOrgReads, cacheUserReads } from './cache/scoped-reads.js';
import { systemClock, type Clock } from './clock.js';
import type { AppConfig } from './config.js';
import { publishJobProgress } from './jobs/progress-events.js';
import { createEventBus } from './events/bus.js';
import { eventRoutes } from './events/routes.js';
import { RequestLog, requestLogger } from './http/request-log.js';
import { jobRoutes } from './jobs/routes.js';
import { createJobRunner } from './jobs/service.js';
import { validatorCompiler } from './http/validation.js';
import { auditRoutes } from './modules/audit/routes.js';
import { createAuditService } from './modules/audit/service.js';
import { authRoutes } from './modules/auth/routes.js';
import { createAuthService } from './modules/auth/service.js';
import { cycleRoutes } from './modules/cycles/routes.js';
import { rectificationRoutes } from './modules/rectification/routes.js';
import { createRectificationService } from './modules/rectification/service.js';
import { createProblemBoardService } from './modules/rectification/board-service.js';
import { inboxRoutes } from './modules/rectification/inbox-routes.js';
import { createInboxService, rectificationDigestTask } from './modules/rectification/inbox.js';
import { spotCheckRoutes } from './modules/spot-checks/routes.js';
import { createSpotCheckService } from './modules/spot-checks/service.js';
import { targetLetterRoutes } from './modules/target-letters/routes.js';
import { ballotRoutes, meetingRoutes } from './modules/meetings/routes.js';
import { createMeetingService } from './modules/meetings/service.js';
import { paperBallotRoutes } from './modules/meetings/paper-ballot-routes.js';
import { createPaperBallotService } from './modules/meetings/paper-ballots.js';
import { createLeaderReviewService } from './modules/evaluations/leader-reviews.js';
import { evaluationRoutes, leaderReviewRoutes } from './modules/evaluations/routes.js';
import { createEvaluationDocuments } from './modules/evaluations/documents.js';
import { createEvaluationService } from './modules/evaluations/service.js';
import { createTurnoutEvents } from './modules/meetings/turnout-events.js';
import { problemCandidateRoutes } from './modules/rectification/candidate-routes.js';
import { createProblemCandidateService } from './modules/rectification/candidates.js';
import { reportRoutes } from './modules/reports/routes.js';
import { createReportService } from './modules/reports/service.js';
import { createReportsZip } from './modules/reports/reports-zip.js';
import { createTargetLetterService } from './modules/target-letters/service.js';
import { closedPeriodCovering, createCycleService } from './modules/cycles/service.js';
import { demoRoutes } from './modules/demo/routes.js';
import { createDemoService } from './modules/demo/service.js';
import { fileRoutes } from './modules/files/routes.js';
import { createFileService, removeUnattachedFilesTask } from './modules/files/service.js';
import { healthRoutes } from './modules/health/routes.js';
import { exportRoutes } from './modules/exports/routes.js';
import { createExportService } from './modules/exports/service.js';
import { importRoutes } from './modules/imports/routes.js';
import { createLedgerImport } from './modules/ledger/import.js';
import { ledgerRoutes } from './modules/ledger/routes.js';
import { createLedgerService } from './modules/ledger/service.js';
import { createImportService } from './modules/imports/service.js';
import { memberRoutes, mobileRecordRoutes } from './modules/members/routes.js';
import { createMemberService } from './modules/members/service.js';
import { pipelineRoutes } from './modules/pipeline/routes.js';
import { createPipelineService } from './modules/pipeline/service.js';
import { orgRecordRoutes } from './modules/orgs/record-routes.js';
import { createOrgRecordService } from './modules/orgs/records.js';
import { orgRoutes } from './modules/orgs/routes.js';
import { createOrgService } from './modules/orgs/service.js';
import { statisticsRoutes } from './modules/statistics/routes.js';
import { createStatisticsService } from './modules/statistics/service.js';
import { profileFigureRoutes } from './modules/profile-figures/routes.js';
import {
  createRoutineRefresher,
  refreshRoutineScoresTask,
  refreshStale,
} from './modules/routine-scores/refresher.js';
import { routineScoreRoutes } from './modules/routine-scores/routes.js';
import { createRoutineScoreService } from './modules/routine-scores/service.js';
import { createProfileFigureService } from './modules/profile-figures/service.js';
import { userRoutes } from './modules/users/routes.js';
import { createUserService } from './modules/users/service.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin, { clientErrorHandler, frameworkErrors } from './plugins/errors.js';
import securityHeaders from './plugins/security-headers.js';
import webPlugin from './plugins/web.js';
import { createScheduler, pruneRunsTask } from './scheduler/scheduler.js';
import { appVersion } from './version.js';

// A CommonJS package: its default import is module.exports, the plugin itself, which its types call a namespace.
const fastifySse = fastifySseModule as unknown as typeof fastifySSE;

export interface AppOptions {
  database: Database;
  config: Pick<AppConfig, 'secureCookies' | 'sessionTtlHours' | 'webRoot'> &
    Partial<Pick<AppConfig, 'trustProxy'>>;
  logger?: FastifyServerOptions['logger'];
  /** Where services and the scheduler read the time from; tests pass a `manualClock`. */
  clock?: Clock;
  /** Server-sent event timings; tests shorten them. */
  events?: { heartbeatMs?: number; sessionCheckMs?: number; bufferSize?: number };
}

/** Builds the whole application without listening, so tests drive it through inject(). */
export async function buildApp({
  database,
  config,
  logger = false,
  clock = systemClock,
  events: eventOptions = {},
}: AppOptions) {
  const app = Fastify({
    logger,
    logController: new RequestLog(),
    // Only a real logger needs one: Fastify's null logger is its own child.
    ...(logger ? { childLoggerFactory: requestLogger } : {}),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy ?? false,
    // Report every broken rule at once, in the error handler's Chinese.
    ajv: { customOptions: { allErrors: true } },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only; Fastify's default text/plain parser would hand handlers a string.
  app.removeContentTypeParser('text/plain');

  const { db } = database;
  const changes = await watchChanges(database, app.log);
  app.addHook('onClose', () => changes.close());
  // Another instance hears of this instance's writes through NOTIFY; this one must not wait for it.
  // The hook goes on the routes that write only: reads, most of the traffic, skip a hook run.
  const invalidateOnSend: onSendHookHandler = (_request, _reply, payload, done) => {
    changes.invalidate();
    done(null, payload);
  };
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (methods.every((m) => m === 'GET' || m === 'HEAD')) return;
    route.onSend = [...[route.onSend ?? []].flat(), invalidateOnSend];
  });
  app.decorate('changes', changes);
  // Before the routes: at start it fails the jobs a dead process left running.
  const jobs = await createJobRunner({ database, log: app.log });
  // Closes before the database does: running jobs end and write their rows first.
  app.addHook('onClose', () => jobs.close());
  app.decorate('jobs', jobs);
  const events = await createEventBus(database, app.log, { bufferSize: eventOptions.bufferSize });
  app.addHook('onClose', () => events.close());
  app.decorate('events', events);
  const stopJobEvents = publishJobProgress(jobs, events, database.driver, app.log);
  app.addHook('onClose', async () => stopJobEvents());
  const scheduler = createScheduler({ db, clock, instance: String(jobs.runnerKey), log: app.log });
  scheduler.register(pruneRunsTask());
  scheduler.register(removeUnattachedFilesTask());
  app.addHook('preClose', () => scheduler.stop());
  app.decorate('scheduler', scheduler);
  const orgs = createOrgService({ db, clock });
  const users = createUserService({ db, orgs });
  const auth = createAuthService({
    db,
    readAside: database.readAside,
    sessionTtlHours: config.sessionTtlHours,
    changes,
  });
  const audit = createAuditService({ db, orgs });
  const statistics = createStatisticsService({ db, orgs, clock });
  const members = createMemberService({ db, clock });
  const pipeline = createPipelineService({ db, clock, statistics });
  const orgRecords = createOrgRecordService({ db });
  const profiles = createProfileFigureService({ db, clock, orgs });
  const imports = createImportService({ database, clock });
  const exports = createExportService({ db, statistics, clock });
  const files = createFileService({ db });
  const cycles = createCycleService({ db, clock });
  // A closed cycle's period is read-only in the ledger of every org the cycle covers.
  const ledger = createLedgerService({ db, clock, files, closedPeriodCovering });
  const ledgerImport = createLedgerImport({ database, clock, closedPeriodCovering, files });
  const scoring = { db, clock };
  const routine = createRoutineScoreService({ ...scoring, files });
  // Recomputes the scores the triggers of migrations 0015 and 0016 mark stale; closed before the
  // database is.
  const routineRefresher = await createRoutineRefresher(database, scoring, app.log);
  app.addHook('onClose', () => routineRefresher.close());
  app.decorate('routineScores', routineRefresher);
  scheduler.register(refreshRoutineScoresTask(routineRefresher));
  const targetLetters = createTargetLetterService({ db, clock });
  const spotChecks = createSpotCheckService({ db, clock, files });
  const rectification = createRectificationService({ db, clock, files });
  scheduler.register(rectificationDigestTask());
  const problemCandidates = createProblemCandidateService({ db });
  const reports = createReportService({ db, clock, basics: statistics.basics, jobs });
  const reportsZip = createReportsZip({ db, reports, files });
  const turnoutEvents = createTurnoutEvents(db, events, app.log);
  app.addHook('onClose', () => turnoutEvents.close());
  const meetings = createMeetingService({ db, turnoutChanged: turnoutEvents.changed });
  const paperBallots = createPaperBallotService({ db, turnoutChanged: turnoutEvents.changed });
  const leaderReviews = createLeaderReviewService({ db });
  const evaluations = createEvaluationService({ db, clock });
  const demo = createDemoService({
    db,
    clock,
    cycles,
    meetings,
    leaderReviews,
    evaluations,
    computeScores: () => refreshStale(scoring),
    files,
    candidates: problemCandidates,
    users,
  });
  const evaluationDocuments = createEvaluationDocuments({ db, evaluations });

  await app.register(securityHeaders, {
    // Towns often serve the app over plain HTTP on their LAN: only ask browsers for HTTPS when it is there.
    hsts: config.secureCookies,
    contentSecurityPolicy: {
      directives: {
        'upgrade-insecure-requests': config.secureCookies ? [] : null,
        // antd writes its styles at run time.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
      },
    },
  });
  // About every 15 s a comment line keeps proxies and browsers from timing an idle stream out.
  await app.register(fastifySse, { heartbeatInterval: eventOptions.heartbeatMs ?? 15_000 });
  await app.register(errorsPlugin);
  // swagger-ui's routes are public documentation. Marked before the auth plugin's own onRoute hook
  // runs, because the gate reads a route's access rule when it is attached.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs'))
      route.config = { ...(route.config ?? {}), access: { public: true } };
  });
  // Before any route, so every /api route registered from here on carries the gate.
  await app.register(authPlugin, { auth });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '述评 Shuping API',
        version: appVersion,
        description: '党组织书记抓基层党建工作述职评议考核平台',
      },
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    uiHooks: {},
    staticCSP: true,
  });

  await app.register(healthRoutes, { prefix: '/api', database, version: appVersion });
  const inbox = createInboxService({ db, clock });
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth,
    users,
    inbox,
    secureCookies: config.secureCookies,
  });
  await app.register(orgRoutes, { prefix: '/api/orgs', orgs: cacheOrgReads(orgs, changes, clock) });
  await app.register(orgRecordRoutes, { prefix: '/api/orgs', records: orgRecords });
  await app.register(userRoutes, { prefix: '/api/users', users: cacheUserReads(users, changes, clock) });
  await app.register(memberRoutes, {
    prefix: '/api/members',
    members: cacheMemberReads(members, changes, clock),
  });
  await app.register(mobileRecordRoutes, { prefix: '/api/mobile-records', members });
  await app.register(pipelineRoutes, { prefix: '/api/pipeline', pipeline });
  await app.register(auditRoutes, { prefix: '/api/audit', audit });
  await app.register(statisticsRoutes, { prefix: '/api/statistics', statistics });
  await app.register(profileFigureRoutes, { prefix: '/api/profile-figures', profiles });
  await app.register(cycleRoutes, { prefix: '/api/cycles', cycles });
  await app.register(targetLetterRoutes, { prefix: '/api/target-letters', letters: targetLetters });
  await app.register(spotCheckRoutes, { prefix: '/api/spot-checks', spotChecks });
  await app.register(rectificationRoutes, {
    prefix: '/api/problems',
    rectification,
    board: createProblemBoardService({ db, clock }),
  });
  await app.register(inboxRoutes, { prefix: '/api/inbox', inbox });
  await app.register(reportRoutes, { prefix: '/api/reports', reports, reportsZip, jobs });
  await app.register(meetingRoutes, { prefix: '/api/meetings', meetings });
  await app.register(paperBallotRoutes, { prefix: '/api/meetings', paper: paperBallots });
  await app.register(ballotRoutes, { prefix: '/api/ballot', meetings });
  await app.register(leaderReviewRoutes, { prefix: '/api/leader-reviews', reviews: leaderReviews });
  await app.register(evaluationRoutes, {
    prefix: '/api/evaluations',
    evaluations,
    documents: evaluationDocuments,
  });
  await app.register(problemCandidateRoutes, {
    prefix: '/api/cycles',
    candidates: problemCandidates,
  });
  await app.register(demoRoutes, { prefix: '/api/demo', demo });
  await app.register(jobRoutes, { prefix: '/api/jobs', jobs });
  await app.register(importRoutes, { prefix: '/api/imports', imports, jobs });
  await app.register(exportRoutes, { prefix: '/api/exports', exports });
  await app.register(fileRoutes, { prefix: '/api/files', files });
  await app.register(ledgerRoutes, { prefix: '/api/ledger', ledger, ledgerImport, jobs });
  await app.register(routineScoreRoutes, { prefix: '/api/routine-scores', routine, jobs });
  await app.register(eventRoutes, {
    prefix: '/api/events',
    events,
    auth,
    sessionCheckMs: eventOptions.sessionCheckMs ?? 15_000,
  });
  await app.register(webPlugin, {
    webRoot: config.webRoot,
    health: { status: 'ok', db: database.driver, version: appVersion },
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
