import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, removeTempDirs, runCli, tempDir } from './helpers.js';

describe('configuration checked at start', () => {
  afterEach(() => killAll());
  afterAll(() => removeTempDirs());

  it('exits non-zero with a Chinese message naming each bad variable, before opening anything', async () => {
    const dataDir = path.join(tempDir('bad-config'), 'data');
    const result = await runCli(['start'], { PORT: 'abc', SESSION_TTL_HOURS: '-1', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/配置有误/);
    expect(result.stderr).toContain('PORT=“abc”');
    expect(result.stderr).toContain('SESSION_TTL_HOURS=“-1”');
    expect(result.stdout).not.toContain('已启动');
    // Nothing was opened: no data directory, no database.
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
