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

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    initialAdminPassword: env.SHUPING_ADMIN_PASSWORD || undefined,
    secureCookies: env.COOKIE_SECURE === 'true',
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    webRoot: undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy:
      !env.TRUST_PROXY || env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY === 'true' || env.TRUST_PROXY,
  };
}
