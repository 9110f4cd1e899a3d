/**
 * Builds the compiled CLI that `bin/kehoach.mjs` runs: cli/main.ts and the project's sources it
 * imports, bundled by esbuild into dist/cli/main.mjs (gitignored, never committed), with
 * dist/cli/build.json listing the sources read and when the build started, for the bin's
 * freshness check (bin/cli-bundle.mjs). `npm install` runs it (postinstall); `npm run build:cli`
 * again after editing sources, or the bin runs them through tsx.
 *
 * Packages stay external, loaded from node_modules as under tsx: the native Temporal core bridge,
 * the worker, the proto packages, pdfjs and the rest behave exactly as in development; only our
 * TypeScript is compiled, with three small packages (INLINE). The heavy CommonJS packages (LAZY: the Temporal client and
 * worker with gRPC and the native bridge, the protos, the S3 SDK, mail, .docx, zip) are loaded at
 * their first use rather than at start, so `--help` or `plan check` does not pay for them: each is
 * imported through a small module whose exports are getters that `require` the real package.
 * A source that finds files next to itself (`import.meta.url`:
 * the plans folder, the provisioning scripts, the workflow sources Temporal bundles) is given
 * its own source file's URL, so those paths do not move with the bundle.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BUNDLE_DIR, BUNDLE_FILE, MANIFEST_FILE } from '../bin/cli-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A file's path relative to the bundle's folder, as `require` and `new URL` take it. */
function fromBundle(outDir: string, file: string): string {
  const path = relative(outDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** `import.meta.url` in a project source becomes that source's own URL, relative to the bundle. */
function sourceUrls(outDir: string): Plugin {
  return {
    name: 'kehoach-source-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const url = `new URL(${JSON.stringify(fromBundle(outDir, args.path))}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * Packages loaded at first use: each import of one becomes an object whose properties are getters
 * that load the package with the bundle's `require` the first time one is read. It loads the very
 * file Node's ESM `import` would (an ES module through Node's require(esm), from 20.19), so there
 * is one instance of the package, as under tsx. What `import x from` gives is that object (Node's
 * default for CommonJS is module.exports; for an ES module the build checks that its default
 * object's properties are its named exports).
 */
export const LAZY = [
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/proto',
  '@temporalio/proto/lib/patch-protobuf-root',
  '@temporalio/common/lib/proto-utils',
  '@temporalio/envconfig',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  'nodemailer',
  'docx',
  'yauzl',
  'yazl',
];

/** The bundle's own `require`, for the lazy packages (defined at its head, see buildCli). */
const REQUIRE = '__kehoachRequire';

/** The names a lazy package's stand-in exports, checked as the comment on LAZY says. */
function lazyNames(spec: string, file: string, loaded: unknown): string[] {
  if (typeof loaded !== 'object' || loaded === null) throw new Error(`${spec}: its exports are not an object`);
  const exports = loaded as Record<string, unknown>;
  const names = Object.keys(exports).filter((name) => name !== 'default' && name !== '__esModule');
  const isEsm = /\.mjs$/.test(file) || Object.prototype.toString.call(loaded) === '[object Module]';
  const fallback = exports['default'];
  if (isEsm && fallback !== undefined) {
    const odd =
      typeof fallback !== 'object' || fallback === null
        ? ['(not an object)']
        : Object.keys(fallback).filter((name) => (fallback as Record<string, unknown>)[name] !== exports[name]);
    if (odd.length > 0) throw new Error(`${spec}: its default export is not its named exports (${odd.join(', ')})`);
  }
  return names;
}

function lazyPackages(outDir: string): Plugin {
  const require = createRequire(join(ROOT, 'package.json'));
  const pattern = LAZY.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  return {
    name: 'kehoach-lazy-packages',
    setup(builder) {
      builder.onResolve({ filter: new RegExp(`^(${pattern})$`) }, (args) => ({
        path: args.path,
        namespace: 'kehoach-lazy',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'kehoach-lazy' }, (args) => {
        const file = fileURLToPath(import.meta.resolve(args.path));
        if (!file.split(sep).includes('node_modules')) throw new Error(`${args.path}: not in node_modules (${file})`);
        const names = lazyNames(args.path, file, require(file));
        const contents = [
          'let loaded;',
          // Relative to the bundle, which requires it from where it lies.
          `const load = () => (loaded ??= ${REQUIRE}(${JSON.stringify(fromBundle(outDir, file))}));`,
          "Object.defineProperty(exports, '__esModule', { value: true });",
          `for (const name of ${JSON.stringify(names)})`,
          '  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: ROOT };
      });
    },
  };
}

/**
 * Small pure-JavaScript packages only our own code uses (no external package imports them, so
 * there is still one copy in the process), compiled into the bundle: fewer files to find and read
 * at start.
 */
export const INLINE = ['yaml', 'commander', 'zod'];

/**
 * Every other package stays external. A package's file named without its extension
 * (`@temporalio/common/lib/proto-utils`) is found by tsx but not by Node's ESM loader when the
 * package has no `exports` map: such a specifier is written out with the file Node's require finds
 * (`…/proto-utils.js`).
 */
function externalPackages(): Plugin {
  return {
    name: 'kehoach-external-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path
          .split('/')
          .slice(0, args.path.startsWith('@') ? 2 : 1)
          .join('/');
        if (INLINE.includes(name)) return undefined;
        if (name === args.path || name.includes(':')) return { path: args.path, external: true };
        const require = createRequire(join(args.resolveDir || ROOT, 'noop.js'));
        let file: string;
        let packageJson: string;
        try {
          packageJson = require.resolve(`${name}/package.json`);
          file = require.resolve(args.path);
        } catch {
          return { path: args.path, external: true };
        }
        const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports?: unknown };
        if (manifest.exports !== undefined || !existsSync(file)) return { path: args.path, external: true };
        const exact = `${name}/${relative(dirname(packageJson), file).split('\\').join('/')}`;
        return { path: exact, external: true };
      });
    },
  };
}

/** Builds into `outDir` (default dist/cli); returns the bundle's path. */
export async function buildCli(outDir = join(ROOT, BUNDLE_DIR)): Promise<string> {
  const startedAt = Date.now();
  mkdirSync(outDir, { recursive: true });
  // Written beside the old bundle, then renamed over it: a CLI starting meanwhile sees the old
  // bundle (with its old manifest) or the new one, never half a file.
  const outfile = join(outDir, `${BUNDLE_FILE}.tmp`);
  const result = await build({
    entryPoints: [join(ROOT, 'cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyPackages(outDir), externalPackages(), sourceUrls(outDir)],
    banner: {
      // `require` for the lazy packages and for the CommonJS ones compiled in (INLINE).
      js: [
        "import { createRequire as __kehoachCreateRequire } from 'node:module';",
        `const ${REQUIRE} = __kehoachCreateRequire(import.meta.url);`,
        `const require = ${REQUIRE};`,
      ].join('\n'),
    },
  });
  // The files read (a lazy package's stand-in, "kehoach-lazy:…", is made here, not read).
  // The packages compiled in change only with the lock file, which stands for them.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith('kehoach-lazy:'))
    .map((input) => relative(ROOT, resolve(process.cwd(), input)).split('\\').join('/'))
    .filter((input) => !input.split('/').includes('node_modules'))
    .concat('package-lock.json')
    .sort();
  const bundle = join(outDir, BUNDLE_FILE);
  rmSync(join(outDir, MANIFEST_FILE), { force: true });
  renameSync(`${outfile}.map`, `${bundle}.map`);
  const code = readFileSync(outfile, 'utf8').replace(`${BUNDLE_FILE}.tmp.map`, `${BUNDLE_FILE}.map`);
  writeFileSync(outfile, code);
  renameSync(outfile, bundle);
  writeFileSync(
    join(outDir, MANIFEST_FILE),
    `${JSON.stringify({ startedAt, bundle: BUNDLE_FILE, inputs }, null, 2)}\n`,
  );
  return bundle;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const bundle = await buildCli(outDir);
  console.log(`CLI compiled: ${relative(process.cwd(), bundle) || bundle} (${Date.now() - started} ms)`);
}
