// Lint rules that keep workflow code replayable, promises awaited, the layers in order and the
// Temporal names in one place.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// ---- layers (README, "Layout") ----
// A folder imports the folders of the layers below it, never those above it, and not its
// siblings except through the doors listed in SIBLING_DOORS. test/ is free; nothing imports test/.
const LAYERS = [
  ['domain'],
  ['workflows', 'activities'],
  ['worker', 'client', 'audit', 'intake'],
  ['present', 'engine', 'demo'],
  ['cli', 'web'],
  ['bench', 'scripts'],
];
/** The sibling imports that are allowed: a whole folder (true) or some of its files. */
const SIBLING_DOORS = {
  workflows: { activities: ['types.ts'] }, // as types only: see the workflow-code rule below
  worker: { client: ['connection.ts', 'search-attributes.ts', 'seal-codec.ts', 'signing-key.ts'] },
  audit: { client: true }, // audit/ reads the refusal log client/ writes
};
/** What to do instead, for the imports people reach for. */
const HINTS = {
  'web>cli': 'move shared code to present/',
  'cli>web': 'move shared code to present/',
  'present>engine': 'presenters format for people; the engine runs Temporal: pass what they need in',
  'engine>present': 'presenters format for people; the engine runs Temporal: pass what they need in',
  'workflows>activities': 'workflows import activity types only, from activities/types.ts',
  'worker>client': 'the worker uses client/connection, search-attributes, seal-codec and signing-key only',
};
const layerOf = (folder) => LAYERS.findIndex((layer) => layer.includes(folder));
const order = LAYERS.map((layer) => layer.map((f) => `${f}/`).join(' ')).join(' < ');

function layerZones() {
  const folders = LAYERS.flat();
  const zones = [];
  for (const target of folders) {
    for (const from of [...folders, 'test']) {
      if (from === target) continue;
      if (from !== 'test' && layerOf(from) < layerOf(target)) continue;
      const door = SIBLING_DOORS[target]?.[from];
      if (door === true) continue;
      const why =
        from === 'test'
          ? 'test/ is for tests only'
          : (HINTS[`${target}>${from}`] ??
            (layerOf(from) === layerOf(target)
              ? `${target}/ and ${from}/ are siblings: share through a layer below both`
              : `${from}/ is a layer above ${target}/ (layers: ${order})`));
      zones.push({
        target: `./${target}`,
        from: `./${from}`,
        ...(door ? { except: door.map((file) => `./${file}`) } : {}),
        message: `${target}/ must not import ${from}/: ${why}.`,
      });
    }
  }
  return zones;
}

// ---- Temporal names ----
// The names Temporal knows our messages, workflows and activities by are written once:
// domain/messages.ts (`definition.name`), domain/workflow-types.ts (WORKFLOW_TYPE) and
// activities/types.ts (ACTIVITY_NAME). Anywhere else a literal copy would drift silently on a
// rename. test/unit/layers.test.ts checks that this list covers every definition.
const TEMPORAL_NAMES = [
  // domain/messages.ts
  'conferenceStatus',
  'setConferenceDate',
  'cancelConference',
  'progressReport',
  'issueAccessLink',
  'revokeAccessLink',
  'accessLinks',
  'tasksChanged',
  'responsibilityStatus',
  'taskAction',
  'taskActionSignal',
  'scheduleChanged',
  'dependencyDone',
  'amendPlan',
  'planAmended',
  'planInForce',
  'draftState',
  'editDraft',
  'claimRequestId',
  'checkTaskAction',
  'refusalRecorded',
  'calendarReleased',
  'calendarAdopted',
  // domain/workflow-types.ts
  'conferenceWorkflow',
  'responsibilityWorkflow',
  'planDraftWorkflow',
  'refusalLogWorkflow',
  'archiveWorkflow',
  // activities/types.ts
  'notify',
  'renderProgressReport',
  'archiveConference',
  'trustsClaimKey',
];
// A name alone, or inside a longer string such as a visibility query. `notify` only alone: as a
// word it is English, and a module path (`./notify`).
const exact = `^(?:${TEMPORAL_NAMES.join('|')})$`;
const inside = `\\b(?:${TEMPORAL_NAMES.filter((n) => n !== 'notify').join('|')})\\b`;
const namesMessage =
  'A Temporal name written as a string: use the definition (`taskActionUpdate.name`, domain/messages.ts), ' +
  'WORKFLOW_TYPE (domain/workflow-types.ts) or ACTIVITY_NAME (activities/types.ts).';
// Quoted keys (`{ 'notify': … }`) are names of our own properties, not Temporal's.
const notKey = ':not(Property > Literal.key, TSPropertySignature > Literal.key, MethodDefinition > Literal.key)';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'test-artifacts/**', 'bin/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      // Our imports name .ts modules without extension; the plugin's default resolver knows .js
      // only and, finding nothing, checks nothing.
      'import-x/extensions': ['.ts', '.mjs', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones() }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['domain/**', 'activities/types.ts', 'test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=/${exact}|${inside}/]${notKey}`, message: namesMessage },
        { selector: `TemplateElement[value.cooked=/${exact}|${inside}/]`, message: namesMessage },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no activity
    // implementations (types only), no console (use the workflow logger).
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    // The plan loader reads files; it is the one Node-side module of the domain.
    ignores: ['domain/plan/load.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must not use Node built-ins.' })),
          patterns: [
            {
              group: ['**/activities', '**/activities/*', '!**/activities/types'],
              allowTypeImports: true,
              message: 'Workflows import activity types only (import type).',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Not in workflow code.',
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
);
