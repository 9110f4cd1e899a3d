/**
 * Loaded once per worker thread, before any workflow runs, and shared by every workflow it runs
 * (the SDK's `preloadModules`, with the reusable V8 context). Without it each cached workflow
 * evaluates its own copy of zod, ~650 KiB apiece, and of the domain's schemas, ~580 KiB more;
 * see bench/README.md, "Memory".
 *
 * The SDK deep-freezes what is preloaded, so whatever zod and the schemas write lazily is settled
 * here, while it can still be written: zod's globals in `zod-config.ts` (imported first: zod
 * reads its settings when a schema is built), the schemas' own members below.
 *
 * Only modules without state of their own belong here (a cache of values that never change, as
 * Ed25519's table, is no state): a preloaded module is shared by all
 * workflows and must not hold anything one workflow could change for another.
 */
// First: zod's settings, before the domain modules build their schemas.
import { z } from './zod-config';
import * as actions from '../domain/actions';
import * as amendments from '../domain/amendments';
import * as archive from '../domain/archive';
import * as calendar from '../domain/calendar';
import * as claims from '../domain/claims';
import * as clock from '../domain/clock';
import * as counts from '../domain/counts';
import * as digest from '../domain/digest';
import * as drafts from '../domain/drafts';
import * as errors from '../domain/errors';
import * as ids from '../domain/ids';
import * as labels from '../domain/labels';
import * as limits from '../domain/limits';
import * as notices from '../domain/notices';
import * as planChecks from '../domain/plan/checks';
import * as planIssues from '../domain/plan/issues';
import * as primitives from '../domain/plan/primitives';
import * as zodIssues from '../domain/plan/zod-issues';
import * as reasons from '../domain/reasons';
import * as refusals from '../domain/refusals';
import * as runRules from '../domain/run-rules';
import * as schedule from '../domain/schedule';
import * as searchAttributes from '../domain/search-attributes';
import { publicKeyOf, signText, verifyText } from '../domain/signature';
import * as taskKinds from '../domain/task-kinds';
import * as time from '../domain/time';
import * as workflowTypes from '../domain/workflow-types';

// The claims' Ed25519 (@noble/curves), shared the same way. Its first verification builds a
// table of multiples of the base point (~1,400 points) that each workflow would otherwise build
// for itself; one signature verified here builds it once, before the freeze.
const settleKey = '07'.repeat(32);
if (!verifyText('kehoach', signText('kehoach', settleKey), publicKeyOf(settleKey)))
  throw new Error('Ed25519 does not verify its own signature');

// The domain modules the workflows import: their zod schemas, tables and functions, which each
// cached workflow would otherwise build for itself: ~580 KiB per workflow, most of it the
// schemas of `actions.ts` (bench/probe-memory.ts; bench/README.md, "Memory"). All are free of
// state: constants, schemas and pure functions. `messages.ts` (the Temporal message
// definitions) comes with `claims.ts`. test/unit/workflow-bundle.test.ts fails when a workflow
// imports a domain module that is not preloaded here.
const domain = {
  actions,
  amendments,
  archive,
  calendar,
  claims,
  clock,
  counts,
  digest,
  drafts,
  errors,
  ids,
  labels,
  limits,
  notices,
  planChecks,
  planIssues,
  primitives,
  reasons,
  refusals,
  runRules,
  schedule,
  searchAttributes,
  taskKinds,
  time,
  workflowTypes,
  zodIssues,
};
settleSchemas(Object.values(domain));

/**
 * A zod schema builds some of its members on first use: its methods (`safeParse`…, bound on
 * first read), its internals (`propValues`, `optin`, `values`, `pattern`…: getters on the
 * prototype that write the value onto the schema), and its parse function (replaced on its
 * first parse). The SDK freezes what is preloaded, so a schema that has not built them yet
 * fails in a workflow ("object is not extensible", "read only property"). This reads every such
 * getter of every schema reachable from the preloaded modules and parses each once, while they
 * can still be written, and lets its regex checks run on a frozen pattern.
 */
function settleSchemas(roots: unknown[]): void {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [...roots];
  const builtIn = new Set<unknown>([Object.prototype, Function.prototype, Array.prototype, null]);
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if ('_zod' in value) {
      const def = (value as { _zod: { def?: { pattern?: unknown } } })._zod.def;
      if (def?.pattern instanceof RegExp) def.pattern = resettable(def.pattern);
      for (const target of [value, (value as { _zod: object })._zod])
        for (let proto = Object.getPrototypeOf(target) as unknown; !builtIn.has(proto);) {
          for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(proto)))
            if (d.get && key !== '__proto__') stack.push(read(target, key));
          proto = Object.getPrototypeOf(proto) as unknown;
        }
      // Its first parse settles how it parses (zod's memoizer drops its recursion guard from a
      // schema that cannot recur): one parse of nothing, whatever it answers.
      try {
        (value as z.ZodType).safeParse(undefined);
      } catch {
        // a transform that cannot take `undefined`: its parse is settled all the same
      }
    }
    // As the SDK's freeze walks: every own property of an object, read (a module's exports are
    // getters), not functions (a class's prototype: its getters need an instance).
    for (const key of Reflect.ownKeys(value)) stack.push(read(value, key));
  }
}

/**
 * A regex check resets its pattern's `lastIndex` before each test, which a frozen RegExp refuses.
 * For a pattern without the `g` or `y` flag, `lastIndex` is never read: the reset is dropped, and
 * the pattern's methods run on the pattern itself.
 */
function resettable(pattern: RegExp): RegExp {
  if (pattern.global || pattern.sticky) return pattern;
  return new Proxy(pattern, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
    set: (target, key, v) => key === 'lastIndex' || Reflect.set(target, key, v, target),
  });
}

function read(target: object, key: string | symbol): unknown {
  try {
    return (target as Record<string | symbol, unknown>)[key];
  } catch {
    return undefined; // a getter that fails here fails the same way in a workflow: nothing to settle
  }
}

// Exporting `z` is what preloads all of zod: zod is marked free of side effects, so webpack
// would otherwise load only the few zod modules used above, and each workflow would still
// evaluate the rest for itself. The same holds for the signature module and the domain.
export { z, verifyText, domain };
