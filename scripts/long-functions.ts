/**
 * Lists the functions longer than a screen: every function declaration, method, accessor,
 * constructor, function expression and arrow function of the project's TypeScript whose text
 * runs over a number of lines (80 unless given), longest first, as `file:line name length`.
 * A function nested in a long one is listed too, under its own name, so that splitting the outer
 * one shows what is left of it.
 *
 *   npx tsx scripts/long-functions.ts            # the sources: every tracked .ts outside test/
 *   npx tsx scripts/long-functions.ts --tests    # test/ too (a describe's callback is long by nature)
 *   npx tsx scripts/long-functions.ts --over 60  # another threshold
 *
 * Length counts every line from the function's first to its last, its head comment not included:
 * what a reader scrolls through. It reads files only (through the TypeScript parser, no type
 * checking), so it takes a second.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One function over the threshold. */
export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

/** The name a reader would look for: the declaration's own, or what the function is assigned to. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) {
    const own = node.name.getText(source);
    const owner = ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return `${owner}${own}`;
  }
  if (ts.isConstructorDeclaration(node)) {
    return ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.constructor` : 'constructor';
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  if (ts.isCallExpression(parent)) {
    // A callback: name it after the call it is passed to, `describe('x')` → `describe('x') callback`.
    const callee = parent.expression.getText(source);
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? `(${JSON.stringify(first.text)})` : '';
    return `${callee}${label} callback`;
  }
  return '<anonymous>';
}

function isFunctionWithBody(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node)) &&
    node.body !== undefined
  );
}

/** The functions of one file over `over` lines. */
export function longFunctionsIn(file: string, text: string, over: number): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) {
      const fn = node;
      const start = source.getLineAndCharacterOfPosition(fn.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(fn.getEnd()).line;
      const lines = end - start + 1;
      if (lines > over) found.push({ file, line: start + 1, name: nameOf(fn, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The project's TypeScript files as they are in the working tree (tracked, or new and not ignored), test/ only when asked. */
function projectFiles(withTests: boolean): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.mts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return [...new Set(listed.split('\n'))]
    .filter((file) => file !== '' && !file.endsWith('.d.ts') && existsSync(join(ROOT, file)))
    .filter((file) => withTests || !file.startsWith('test/'));
}

function main(): void {
  const args = process.argv.slice(2);
  const overAt = args.indexOf('--over');
  const over = overAt >= 0 ? Number(args[overAt + 1]) : 80;
  if (!Number.isInteger(over) || over < 1) throw new Error('--over takes a whole number of lines');
  const files = projectFiles(args.includes('--tests'));
  const found = files
    .flatMap((file) => longFunctionsIn(file, readFileSync(join(ROOT, file), 'utf8'), over))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
  for (const f of found) console.log(`${f.file}:${f.line} ${f.name} ${f.lines}`);
  console.log(`${found.length} functions over ${over} lines in ${files.length} files`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
