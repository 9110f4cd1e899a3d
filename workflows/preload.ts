/**
 * Loaded once per worker thread, before any workflow runs, and shared by every workflow it runs
 * (the SDK's `preloadModules`, with the reusable V8 context). Without it each cached workflow
 * evaluates its own copy of zod, ~650 KiB apiece; see bench/README.md.
 *
 * The SDK deep-freezes what is preloaded, so zod's lazily set globals are settled here, while
 * they can still be written: the default locale and memoizer it would otherwise install on first
 * use, and its probe of `new Function`. `jitless` keeps zod from compiling a parser per schema,
 * which every workflow would otherwise do for its own schemas.
 *
 * Only modules without state of their own belong here (a cache of values that never change, as
 * Ed25519's table, is no state): a preloaded module is shared by all
 * workflows and must not hold anything one workflow could change for another.
 */
import { z } from 'zod';
import { publicKeyOf, signText, verifyText } from '../domain/signature';

z.config({ ...z.locales.en(), memoizer: z.core.memoizer(), jitless: true });
void z.core.util.allowsEval.value;

// The claims' Ed25519 (@noble/curves), shared the same way. Its first verification builds a
// table of multiples of the base point (~1,400 points) that each workflow would otherwise build
// for itself; one signature verified here builds it once, before the freeze.
const settleKey = '07'.repeat(32);
if (!verifyText('kehoach', signText('kehoach', settleKey), publicKeyOf(settleKey)))
  throw new Error('Ed25519 does not verify its own signature');

// Exporting `z` is what preloads all of zod: zod is marked free of side effects, so webpack
// would otherwise load only the few zod modules used above, and each workflow would still
// evaluate the rest for itself. The same holds for the signature module.
export { z, verifyText };
