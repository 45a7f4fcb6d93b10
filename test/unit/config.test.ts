import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../src/server/config.js';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    configFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configFromEnv', () => {
  it('gives the defaults for an empty environment, and treats empty variables as unset', () => {
    const config = configFromEnv({ PORT: '', LOG_LEVEL: '' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      sessionTtlHours: 12,
      secureCookies: false,
      logLevel: 'info',
      trustProxy: false,
      databaseUrl: undefined,
    });
  });

  it('reads good values', () => {
    const config = configFromEnv({
      PORT: '8080',
      SESSION_TTL_HOURS: '24',
      COOKIE_SECURE: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgres://u:p@db/shuping',
      TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1',
    });
    expect(config).toMatchObject({
      port: 8080,
      sessionTtlHours: 24,
      secureCookies: true,
      logLevel: 'warn',
      databaseUrl: 'postgres://u:p@db/shuping',
      trustProxy: '10.0.0.1,192.168.0.0/16,::1',
    });
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('refuses each bad value in Chinese, naming the variable', () => {
    const bad: [string, string][] = [
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '80.5'],
      ['SESSION_TTL_HOURS', '-1'],
      ['SESSION_TTL_HOURS', '0'],
      ['SESSION_TTL_HOURS', 'twelve'],
      ['COOKIE_SECURE', 'yes'],
      ['LOG_LEVEL', 'verbose'],
      ['TRUST_PROXY', 'proxy.example'],
      ['TRUST_PROXY', '10.0.0.0/33'],
    ];
    for (const [name, value] of bad) {
      const problems = problemsOf({ [name]: value });
      expect(problems, `${name}=${value}`).toHaveLength(1);
      expect(problems[0]).toContain(name);
      expect(problems[0]).toContain(value);
      expect(problems[0]).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('names every wrong variable at once, and never echoes a database URL', () => {
    const problems = problemsOf({
      PORT: 'abc',
      SESSION_TTL_HOURS: '-1',
      DATABASE_URL: 'mysql://u:secret@db',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join()).not.toContain('secret');
    expect(() => configFromEnv({ PORT: 'abc' })).toThrow(/配置有误.*PORT/);
  });
});
