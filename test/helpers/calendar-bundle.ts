/**
 * A workflow bundle of the next release's calendar: today's workflow code with
 * test/fixtures/calendar/versions-next.ts in the place of domain/calendar/versions.ts, so a test can
 * run a worker "after" a year's announcement arrived, against conferences started "before". The
 * code is the same; only the calendar's data differ, as between two releases.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  PAYLOAD_CONVERTER_PATH,
  WORKFLOW_BUNDLER_OPTIONS,
  WORKFLOW_INTERCEPTORS_PATH,
  WORKFLOWS_PATH,
} from '../../worker/create-worker';

const NEXT_VERSIONS = fileURLToPath(new URL('../fixtures/calendar/versions-next.ts', import.meta.url));
const CALENDAR_DIR = `${sep}domain${sep}calendar`;

/** What webpack gives a plugin, as far as this one uses it. */
interface ResolveData {
  request: string;
  context: string;
}
interface Compiler {
  hooks: {
    normalModuleFactory: {
      tap(
        name: string,
        f: (nmf: { hooks: { beforeResolve: { tap(name: string, f: (d: ResolveData) => void): void } } }) => void,
      ): void;
    };
  };
}

/** Replaces the calendar module's `./versions` (and only that import) by the next release's table. */
const nextCalendar = {
  apply(compiler: Compiler): void {
    compiler.hooks.normalModuleFactory.tap('kehoach-next-calendar', (nmf) => {
      nmf.hooks.beforeResolve.tap('kehoach-next-calendar', (data) => {
        if (data.request === './versions' && data.context.endsWith(CALENDAR_DIR)) data.request = NEXT_VERSIONS;
      });
    });
  },
};

/** Builds the bundle once and returns its path (a file of its own under the system's temp folder). */
export async function bundleNextCalendar(): Promise<string> {
  const noop = (): void => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    ...WORKFLOW_BUNDLER_OPTIONS,
    // The same options as the worker's own bundle (worker/create-worker.ts), sealed payloads included.
    payloadConverterPath: PAYLOAD_CONVERTER_PATH,
    logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop },
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), nextCalendar] }),
  });
  if (!code.includes('FICTIONAL 2027') && !code.includes('HƯ CẤU'))
    throw new Error(
      'the next calendar was not put in the bundle: domain/calendar/index.ts no longer imports ./versions?',
    );
  const path = join(mkdtempSync(join(tmpdir(), 'kehoach-next-calendar-')), 'workflows.js');
  writeFileSync(path, code);
  return path;
}
