import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every module a workflow imports at run time is evaluated again in each cached workflow (see
// workflows/preload.ts): the view and clock schemas, and the plan schema, are for types only there.
const TYPES_ONLY = /^import\s+(?!type\b)[^;]*?from\s+'[^']*domain\/(views|clock-schema|plan\/schema)'/gm;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('workflow code', () => {
  it('imports the view, clock and plan schemas as types only', () => {
    const root = new URL('../../workflows', import.meta.url).pathname;
    const offenders = files(root).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(TYPES_ONLY)].map((m) => `${f}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });
});
