import {
  LogController,
  type FastifyBaseLogger,
  type FastifyServerOptions,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

/** A read slower than this is logged at info like a write, so slow pages show in the default log. */
const slowMs = 1_000;

/**
 * One line per request instead of Fastify's two ("incoming request" + "request completed"), with
 * the request's method, URL and address on it. Writes, client and server errors and slow reads are
 * logged at info; routine successful reads, the bulk of traffic, at debug (LOG_LEVEL=debug shows
 * them). Writes are also in the audit log; reads were two JSON lines each, a large share of a
 * cached read's cost.
 */
export class RequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error) return super.requestCompleted(error, request, reply);
    const routine =
      reply.statusCode < 400 &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      reply.elapsedTime < slowMs;
    // A disabled level is a no-op in pino: nothing is serialized.
    reply.log[routine ? 'debug' : 'info'](
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  }
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** pino's: a line is written when its level's number (`levels.values`) is at least `levelVal`. */
type Logger = FastifyBaseLogger & {
  isLevelEnabled?: (level: string) => boolean;
  levelVal: number;
  levels: { values: Record<Level, number> };
};
type Write = (...args: unknown[]) => void;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = Parameters<FastifyBaseLogger['child']>[1];
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/**
 * A request's logger that becomes pino's child (with the request id bound) on the first line it
 * writes. Fastify makes that child for every request; serializing its bindings was a tenth of a
 * cached read's cost, and a routine read at the default level writes nothing.
 */
class RequestLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  #logger(): Logger {
    return (this.#child ??= this.parent.child(this.bindings) as Logger);
  }

  // Each method reads its own level's number by name: looking it up by a variable name per call
  // (pino's isLevelEnabled) was a lookup in a table of many shapes on every request, for a routine
  // read's skipped line.
  #write(level: Level, value: number, args: unknown[]) {
    if (value >= (this.#child ?? this.parent).levelVal) (this.#logger()[level] as Write)(...args);
  }

  get level() {
    return (this.#child ?? this.parent).level;
  }
  set level(level: string) {
    this.#logger().level = level;
  }
  fatal(...args: unknown[]) {
    this.#write('fatal', this.parent.levels.values.fatal, args);
  }
  error(...args: unknown[]) {
    this.#write('error', this.parent.levels.values.error, args);
  }
  warn(...args: unknown[]) {
    this.#write('warn', this.parent.levels.values.warn, args);
  }
  info(...args: unknown[]) {
    this.#write('info', this.parent.levels.values.info, args);
  }
  debug(...args: unknown[]) {
    this.#write('debug', this.parent.levels.values.debug, args);
  }
  trace(...args: unknown[]) {
    this.#write('trace', this.parent.levels.values.trace, args);
  }
  silent() {}
  isLevelEnabled(level: string) {
    return (this.#child ?? this.parent).isLevelEnabled!(level);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions) {
    return this.#logger().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: a RequestLogger unless the route asks for its own level or serializers. */
export const requestLogger: ChildLoggerFactory = (logger, bindings, options) => {
  const parent = logger as Logger;
  if (options.level || options.serializers || typeof parent.isLevelEnabled !== 'function')
    return logger.child(bindings, options);
  // Its log methods take pino's arguments and pass them on unchanged.
  return new RequestLogger(parent, bindings) as unknown as FastifyBaseLogger;
};
