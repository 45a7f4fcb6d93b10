import { isIP } from 'node:net';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Password for the first admin; without it a random one is printed once. */
  initialAdminPassword: string | undefined;
  /** Send cookies only over HTTPS; turn on behind TLS. */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Directory of the built web app; absent in API-only tests. */
  webRoot: string | undefined;
  logLevel: string;
  /**
   * Whose X-Forwarded-For to believe for `request.ip`, which the login limits count by. `true` takes
   * the header's left-most entry, which a client can write itself; the proxies' addresses
   * (comma-separated, CIDR allowed) take the address the nearest untrusted hop reported.
   */
  trustProxy: boolean | string;
}

/** Every wrong environment variable at once, each named, in Chinese; the process exits before listening. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误：${problems.join('；')}`);
    this.name = 'ConfigError';
  }
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A proxy address as TRUST_PROXY lists it: an IP address, optionally with a CIDR prefix length. */
function isProxyAddress(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Reads and checks the configuration; throws ConfigError naming every variable that is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  // An empty variable counts as unset, as shells and compose files often leave them.
  const read = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const wrong = (name: string, value: string, rule: string) =>
    problems.push(`环境变量 ${name}=“${value}”无效，${rule}`);

  function integer(name: string, fallback: number, min: number, max: number): number {
    const value = read(name);
    if (value === undefined) return fallback;
    if (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value);
    wrong(name, value, `须为 ${min}–${max} 之间的整数`);
    return fallback;
  }
  function flag(name: string): boolean {
    const value = read(name);
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    wrong(name, value, '须为 true 或 false');
    return false;
  }

  const port = integer('PORT', 3000, 0, 65_535);
  const sessionTtlHours = integer('SESSION_TTL_HOURS', 12, 1, 24 * 366);
  const secureCookies = flag('COOKIE_SECURE');

  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!(logLevels as readonly string[]).includes(logLevel))
    wrong('LOG_LEVEL', logLevel, `须为 ${logLevels.join('、')} 之一`);

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    // The URL may hold a password: name the variable, not its value.
    problems.push('环境变量 DATABASE_URL 无效，须以 postgres:// 或 postgresql:// 开头');

  const proxy = read('TRUST_PROXY');
  let trustProxy: boolean | string = false;
  if (proxy === 'true') trustProxy = true;
  else if (proxy !== undefined && proxy !== 'false') {
    const entries = proxy.split(',').map((e) => e.trim());
    if (entries.every(isProxyAddress)) trustProxy = entries.join(',');
    else wrong('TRUST_PROXY', proxy, '须为 true、false 或以逗号分隔的代理 IP 地址（可带 CIDR 前缀）');
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host: read('HOST') ?? '0.0.0.0',
    dataDir: read('DATA_DIR') ?? './data',
    databaseUrl,
    initialAdminPassword: read('SHUPING_ADMIN_PASSWORD'),
    secureCookies,
    sessionTtlHours,
    webRoot: undefined,
    logLevel,
    trustProxy,
  };
}
