// Which CLI to run: the compiled bundle (dist/cli/main.mjs, made by `npm run build:cli`, which
// `npm install` runs) when it is there and no source it was built from changed since; otherwise
// null, and the bin runs the TypeScript sources through tsx, so an edited checkout is never stale.
//
// The check is cheap: the build writes the list of source files it read (esbuild's metafile,
// a few hundred paths) and the time it started reading them; here each is stat()ed once (a few
// milliseconds), nothing is read or hashed. A file changed, touched or checked out since the build
// started (less a margin for the file system's clock), or gone, makes the bundle stale. A source added to the graph must be imported by a
// file already in it, which then changed too.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the build writes, relative to the project's root. */
export const BUNDLE_DIR = 'dist/cli';
export const BUNDLE_FILE = 'main.mjs';
export const MANIFEST_FILE = 'build.json';

/**
 * A file's time stamp comes from a coarser clock than Date.now() and may lag it a little: a source
 * saved up to this long before the build started counts as changed after it (the safe side).
 */
export const CLOCK_MARGIN_MS = 100;

/**
 * The bundle's absolute path if it is fresh, else null (with the reason when `why` is given, for
 * KEHOACH_DEBUG). `root` is the project's root folder.
 */
export function freshBundle(root, why) {
  const dir = join(root, BUNDLE_DIR);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    why?.('no build (npm run build:cli)');
    return null;
  }
  const { startedAt, inputs, bundle = BUNDLE_FILE } = manifest ?? {};
  if (typeof startedAt !== 'number' || !Array.isArray(inputs) || inputs.length === 0) {
    why?.('unreadable build manifest');
    return null;
  }
  const bundlePath = join(dir, bundle);
  try {
    statSync(bundlePath);
  } catch {
    why?.('bundle missing');
    return null;
  }
  for (const input of inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, input)).mtimeMs;
    } catch {
      why?.(`${input} is gone`);
      return null;
    }
    if (mtime > startedAt - CLOCK_MARGIN_MS) {
      why?.(`${input} changed after the build`);
      return null;
    }
  }
  return bundlePath;
}
