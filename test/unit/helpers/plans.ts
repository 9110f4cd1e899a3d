/** Shared access to the plan fixtures for the unit tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parsePath } from '../../../domain/plan/issues';

/** Absolute path of a file in `test/fixtures/plans/`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/plans/${name}`, import.meta.url));
}

/** Text of a fixture. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A fresh copy of a fixture as plain data (before validation and defaults), to edit with `setAt`. */
export function fixtureData(name = 'valid-minimal.yaml'): Record<string, unknown> {
  return parse(fixtureText(name)) as Record<string, unknown>;
}

/**
 * Sets (or, with `undefined`, deletes) the value at a plan path such as
 * `responsibilities[1].tasks[0].approvers`, written the way validation issues report paths.
 */
export function setAt(data: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parsePath(path);
  const last = segments.pop();
  let node: unknown = data;
  for (const s of segments) {
    node = (node as Record<string | number, unknown>)[s];
    if (node === null || typeof node !== 'object') throw new Error(`no ${String(s)} on the way to ${path}`);
  }
  if (last === undefined) throw new Error('empty path');
  const target = node as Record<string | number, unknown>;
  if (value === undefined) delete target[last];
  else target[last] = value;
}

/** 1-based line of the first occurrence of `needle` in a fixture at or after line index `from`. */
export function lineContaining(name: string, needle: string, from = 0): number {
  const lines = fixtureText(name).split('\n');
  const index = lines.findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in ${name}`);
  return index + 1;
}
