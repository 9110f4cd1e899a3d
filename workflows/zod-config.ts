/**
 * zod's settings for the workflows, set before any schema is built: zod reads `jitless` and the
 * memoizer when a schema is constructed, so `workflows/preload.ts` imports this module first,
 * ahead of the domain modules whose schemas it preloads (imports are evaluated in order).
 *
 * The SDK deep-freezes what is preloaded, so zod's lazily set globals are settled here, while
 * they can still be written: the default locale and memoizer it would otherwise install on first
 * use, and its probe of `new Function`. `jitless` keeps zod from compiling a parser per schema.
 */
import { z } from 'zod';

z.config({ ...z.locales.en(), memoizer: z.core.memoizer(), jitless: true });
void z.core.util.allowsEval.value;

export { z };
