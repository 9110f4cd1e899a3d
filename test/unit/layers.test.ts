/**
 * The lint rules that keep the layers and the Temporal names, shown to fail on planted
 * violations and to pass the legal neighbour of each. ESLint lints tiny snippets in memory under
 * a path in the folder under test (`web/planted.ts`); nothing is written to disk. The repository's
 * own config is used, with our rules only and without type information, which none of them needs
 * (starting the TypeScript project service alone takes longer than all of these tests).
 */
import { ESLint, type Linter } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_NAME } from '../../activities/types';
import * as messages from '../../domain/messages';
import { WORKFLOW_TYPE } from '../../domain/workflow-types';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAYERS = 'import-x/no-restricted-paths';
const NAMES = 'no-restricted-syntax';
const OURS = new Set([LAYERS, NAMES, 'no-restricted-imports', 'import-x/no-cycle']);

let eslint: ESLint;

/** Our rules' messages for `code` linted as if it were the file at `filePath`. */
async function lint(code: string, filePath: string): Promise<{ ruleId: string; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return (result?.messages ?? [])
    .filter((m): m is Linter.LintMessage & { ruleId: string } => m.ruleId !== null && OURS.has(m.ruleId))
    .map(({ ruleId, message }) => ({ ruleId, message }));
}

const rules = async (code: string, filePath: string): Promise<string[]> =>
  (await lint(code, filePath)).map((m) => m.ruleId);

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => OURS.has(ruleId),
  });
});

describe('the layers', () => {
  it('refuse web/ importing cli/, and say where shared code goes', { timeout: 60_000 }, async () => {
    expect(
      await lint(`import { collect } from '../cli/output';\nexport const c = collect;\n`, 'web/planted.ts'),
    ).toEqual([
      {
        ruleId: LAYERS,
        message:
          'Unexpected path "../cli/output" imported in restricted zone. ' +
          'web/ must not import cli/: move shared code to present/.',
      },
    ]);
  });

  it('let web/ import the presenters below it', async () => {
    expect(await rules(`import { say } from '../present/words';\nexport const s = say;\n`, 'web/planted.ts')).toEqual(
      [],
    );
  });

  it('refuse a lower layer importing a higher one, types included', async () => {
    expect(
      await rules(
        `import type { OutputOptions } from '../cli/output';\nexport type O = OutputOptions;\n`,
        'present/planted.ts',
      ),
    ).toEqual([LAYERS]);
    expect(
      await rules(`import { TASK_QUEUE } from '../domain/ids';\nexport const q = TASK_QUEUE;\n`, 'present/planted.ts'),
    ).toEqual([]);
  });

  it('open only the listed doors between siblings', async () => {
    const worker = 'worker/planted.ts';
    expect(
      await rules(
        `import { DEFAULT_ADDRESS } from '../client/connection';\nexport const a = DEFAULT_ADDRESS;\n`,
        worker,
      ),
    ).toEqual([]);
    expect(
      await rules(
        `import { startConference } from '../client/conference';\nexport const s = startConference;\n`,
        worker,
      ),
    ).toEqual([LAYERS]);
  });

  it('keep the demo above client/ and below cli/: the simulated units use client/, the demo command uses them', async () => {
    expect(
      await rules(
        `import { simulateUnits } from '../demo/simulated-units';\nexport const s = simulateUnits;\n`,
        'client/planted.ts',
      ),
    ).toEqual([LAYERS]);
    expect(
      await rules(
        `import { registerDemoCommand } from '../cli/demo';\nexport const r = registerDemoCommand;\n`,
        'demo/planted.ts',
      ),
    ).toEqual([LAYERS]);
    expect(
      await rules(
        `import { actOnTask } from '../client/conference';\nexport const a = actOnTask;\n`,
        'demo/planted.ts',
      ),
    ).toEqual([]);
    expect(
      await rules(
        `import { simulateUnits } from '../demo/simulated-units';\nexport const s = simulateUnits;\n`,
        'cli/planted.ts',
      ),
    ).toEqual([]);
  });

  it('keep test/ out of the product', async () => {
    expect(
      await rules(
        `import { HISTORIES_DIR } from '../test/helpers/histories';\nexport const h = HISTORIES_DIR;\n`,
        'cli/main.ts',
      ),
    ).toEqual([LAYERS]);
  });

  it('still keep Node built-ins and activity implementations out of workflow code', async () => {
    const workflow = 'workflows/planted.ts';
    expect(await rules(`import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`, workflow)).toEqual([
      'no-restricted-imports',
    ]);
    expect(
      (
        await rules(`import { createNotify } from '../activities/notify';\nexport const n = createNotify;\n`, workflow)
      ).sort(),
    ).toEqual([LAYERS, 'no-restricted-imports']);
    expect(
      await rules(
        `import type { Notification } from '../activities/types';\nexport type N = Notification;\n`,
        workflow,
      ),
    ).toEqual([]);
  });

  it('still find import cycles', async () => {
    // domain/schedule.ts imports domain/time.ts; planted: time.ts importing schedule.ts.
    expect(await rules(`import { addSpan } from './schedule';\nexport const a = addSpan;\n`, 'domain/time.ts')).toEqual(
      ['import-x/no-cycle'],
    );
  });

  it('keep the rules on awaited promises, type imports and cycles for every file', async () => {
    const config = (await eslint.calculateConfigForFile('cli/main.ts')) as Linter.Config;
    for (const rule of [
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/consistent-type-imports',
      'import-x/no-cycle',
      LAYERS,
      NAMES,
    ]) {
      expect([config.rules?.[rule]].flat()[0], rule).toBe(2);
    }
  });
});

describe('Temporal names', () => {
  // Every value domain/messages.ts exports is a Signal, Query or Update definition.
  const definitions = Object.values(messages);
  const names = [...definitions.map((d) => d.name), ...Object.values(WORKFLOW_TYPE), ...Object.values(ACTIVITY_NAME)];

  it('are refused as string literals outside domain/, each of them', async () => {
    expect(definitions.length).toBeGreaterThan(10);
    const code = `export const names = [\n${names.map((n) => `  '${n}',`).join('\n')}\n];\n`;
    const found = await lint(code, 'cli/planted.ts');
    expect(found.length).toBe(names.length);
    expect(new Set(found.map((m) => m.ruleId))).toEqual(new Set([NAMES]));
    expect(found[0]?.message).toMatch(/use the definition/);
  });

  it('are refused inside a visibility query, quoted or in a template', async () => {
    const file = 'scripts/planted.ts';
    expect(await rules(`export const q = 'WorkflowType = "conferenceWorkflow"';\n`, file)).toEqual([NAMES]);
    expect(
      await rules('export const q = (x: string) => `WorkflowType = "conferenceWorkflow" AND ${x}`;\n', file),
    ).toEqual([NAMES]);
  });

  it('are allowed as definitions in domain/ and as the activity names in activities/types.ts', async () => {
    expect(await rules(`export const x = 'taskAction';\n`, 'domain/workflow-types.ts')).toEqual([]);
    expect(await rules(`export const x = 'notify';\n`, 'activities/types.ts')).toEqual([]);
  });

  it('are not confused with quoted keys, module paths, prose or the constants', async () => {
    const file = 'cli/planted.ts';
    expect(await rules(`export const keys = { 'notify': 1, 'taskAction': 2 };\n`, file)).toEqual([]);
    expect(await rules(`export { createNotify } from '../activities/notify';\n`, 'worker/planted.ts')).toEqual([]);
    expect(await rules(`export const s = 'We notify the unit of the taskActions';\n`, file)).toEqual([]);
    expect(
      await rules(
        `import { taskActionUpdate } from '../domain/messages';\nimport { WORKFLOW_TYPE } from '../domain/workflow-types';\n` +
          'export const q = `WorkflowType = "${WORKFLOW_TYPE.conference}"`;\nexport const n = taskActionUpdate.name;\n',
        file,
      ),
    ).toEqual([]);
  });
});
