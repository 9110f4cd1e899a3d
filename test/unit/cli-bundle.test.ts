/**
 * The compiled CLI: the bin's freshness check (bin/cli-bundle.mjs) and the bundle itself
 * (scripts/build-cli.ts), built into a temporary folder and run as the bin runs it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, BUNDLE_FILE, CLOCK_MARGIN_MS, MANIFEST_FILE, freshBundle } from '../../bin/cli-bundle.mjs';
import { buildCli, LAZY } from '../../scripts/build-cli';

const run = promisify(execFile);
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kehoach-cli-bundle-'));
  made.push(dir);
  return dir;
}

/** A project root with two sources, built at `startedAt`, the sources a minute older. */
function builtRoot(startedAt = Date.now()): { root: string; startedAt: number } {
  const root = tempDir();
  mkdirSync(join(root, 'cli'));
  mkdirSync(join(root, BUNDLE_DIR), { recursive: true });
  const old = new Date(startedAt - 60_000);
  for (const source of ['cli/main.ts', 'cli/plan.ts']) {
    writeFileSync(join(root, source), '');
    utimesSync(join(root, source), old, old);
  }
  writeFileSync(join(root, BUNDLE_DIR, BUNDLE_FILE), '');
  const inputs = ['cli/main.ts', 'cli/plan.ts'];
  writeFileSync(join(root, BUNDLE_DIR, MANIFEST_FILE), JSON.stringify({ startedAt, bundle: BUNDLE_FILE, inputs }));
  return { root, startedAt };
}

describe('the bin chooses the bundle only while it is fresh', () => {
  it('runs the bundle when no source changed since the build started', () => {
    const { root } = builtRoot();
    expect(freshBundle(root)).toBe(join(root, BUNDLE_DIR, BUNDLE_FILE));
  });

  it('runs the sources when one changed after the build started, and says which', () => {
    const { root, startedAt } = builtRoot();
    const now = new Date(startedAt - CLOCK_MARGIN_MS + 1);
    utimesSync(join(root, 'cli/plan.ts'), now, now);
    const reasons: string[] = [];
    expect(freshBundle(root, (reason) => reasons.push(reason))).toBeNull();
    expect(reasons).toEqual(['cli/plan.ts changed after the build']);
  });

  it('runs the sources when a source is gone, or there is no build', () => {
    const { root } = builtRoot();
    rmSync(join(root, 'cli/main.ts'));
    expect(freshBundle(root)).toBeNull();
    rmSync(join(root, BUNDLE_DIR), { recursive: true });
    const reasons: string[] = [];
    expect(freshBundle(root, (reason) => reasons.push(reason))).toBeNull();
    expect(reasons).toEqual(['no build (npm run build:cli)']);
  });

  it('runs the sources when the bundle is missing beside its manifest', () => {
    const { root } = builtRoot();
    rmSync(join(root, BUNDLE_DIR, BUNDLE_FILE));
    expect(freshBundle(root)).toBeNull();
  });
});

describe('the bundle', () => {
  // Built once here (a few seconds: the lazy packages are loaded once to list their exports), in
  // a folder of its own under dist/ (gitignored), where Node finds the project's packages.
  mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
  const outDir = mkdtempSync(join(process.cwd(), 'dist', 'cli-test-'));
  made.push(outDir);
  const built = buildCli(outDir);

  /** Runs the bundle and lists the lazy packages it loaded. */
  async function runBundle(args: string[]): Promise<{ stdout: string; loaded: string[] }> {
    const bundle = await built;
    const probe = join(outDir, 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));`,
    );
    const { stdout, stderr } = await run(process.execPath, ['--require', probe, bundle, ...args], {
      cwd: process.cwd(),
    });
    const files = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? '[]') as string[];
    const loaded = LAZY.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
    return { stdout, loaded };
  }

  it('lists the sources it read for the freshness check', async () => {
    await built;
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs).toContain('cli/main.ts');
    expect(manifest.inputs).toContain('domain/plan/load.ts');
    // The packages compiled in (INLINE) are stood for by the lock file.
    expect(manifest.inputs).toContain('package-lock.json');
    expect(manifest.inputs.every((input) => !input.includes(':') && !input.startsWith('node_modules/'))).toBe(true);
  }, 120_000);

  it('answers --help and checks the seed plan without loading Temporal’s client or worker', async () => {
    const help = await runBundle(['--help']);
    expect(help.stdout).toContain('plan');
    const check = await runBundle(['plan', 'check', 'plans/ke-hoach-hoi-nghi-tong-ket-2022.yaml']);
    expect(check.stdout).toMatch(/Hợp lệ: \d+ nhiệm vụ/);
    for (const { loaded } of [help, check]) {
      expect(loaded).not.toContain('@temporalio/client');
      expect(loaded).not.toContain('@temporalio/worker');
      expect(loaded).not.toContain('@aws-sdk/client-s3');
    }
  }, 120_000);
});
