import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// A dependency that, when loaded, probes a built-in the way old polyfills do (ExcelJS's unzipper →
// traverse → typedarray.prototype.slice set `constructor` on a Uint8Array) switches off one of V8's
// fast paths for the rest of the process: every typed-array slice then looks its species up the slow
// way, Node's HTTP and stream code included. V8 reports each such switch; only ArrayBufferDetaching
// is expected (Node's own Blob and WebAssembly memory growth, i.e. PGlite, detach buffers).
const expected = new Set(['ArrayBufferDetaching']);

describe('loading the dependencies keeps V8 on its fast paths', () => {
  it('no dependency invalidates a V8 protector other than ArrayBufferDetaching', () => {
    const { dependencies } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // Packages without a main entry (pure-rand exports subpaths only) are skipped by the import's catch.
    const script = Object.keys(dependencies)
      .map((name) => `try { await import(${JSON.stringify(name)}); } catch {}`)
      .join('\n');
    const output = execFileSync(
      process.execPath,
      ['--trace-protector-invalidation', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const invalidated = [...output.matchAll(/Invalidating protector cell (\w+)/g)].map((m) => m[1]);
    expect(invalidated.filter((cell) => !expected.has(cell!))).toEqual([]);
  }, 150_000);
});
