#!/usr/bin/env node
// Shim for the `kehoach` bin: the compiled CLI (dist/cli/main.mjs, built at `npm install`) when it
// is as new as the sources, else the TypeScript sources through tsx (a developer editing code).
// KEHOACH_CLI=tsx always runs the sources, KEHOACH_CLI=bundle the bundle even if older (tests of
// the bundle itself); KEHOACH_DEBUG=1 says which runs and why.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_DIR, BUNDLE_FILE, freshBundle } from './cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const debug = process.env.KEHOACH_DEBUG === '1';
const why = debug
  ? (reason) => process.stderr.write(`kehoach: running the sources through tsx: ${reason}\n`)
  : undefined;
const choice = process.env.KEHOACH_CLI;
const bundle =
  choice === 'tsx'
    ? (why?.('KEHOACH_CLI=tsx'), null)
    : choice === 'bundle'
      ? join(root, BUNDLE_DIR, BUNDLE_FILE)
      : freshBundle(root, why);

if (bundle) {
  if (debug) process.stderr.write(`kehoach: running ${bundle}\n`);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
