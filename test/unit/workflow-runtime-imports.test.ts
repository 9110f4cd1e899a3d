import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a workflow imports at run time is evaluated again in every cached workflow (see
// workflows/preload.ts). Following the value imports (not `import type`) from both workflows
// must never reach the plan schema, the views or the clock schema: the amendment payload is
// checked with a light shape in domain/amendments.ts, the full TaskSchema only on the client.
const ROOT = new URL('../../', import.meta.url).pathname;
const VALUE_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?'(\.[^']+)'/gm;

function runtimeClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => join(ROOT, e));
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
      // A line that imports only types in braces (`import { type A, type B }`) loads nothing.
      if (/^import\s+\{\s*(?:type\s+\w+(?:\s+as\s+\w+)?\s*,?\s*)+\}/.test(m[0])) continue;
      const base = resolve(dirname(file), m[1] as string);
      const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
      if (target) todo.push(target);
    }
  }
  return new Set([...seen].map((f) => relative(ROOT, f)));
}

describe('workflow run-time imports', () => {
  const closure = runtimeClosure(['workflows/conference/workflow.ts', 'workflows/responsibility/workflow.ts']);

  it('reach the amendment contract and the plan checks', () => {
    expect(closure).toContain('domain/amendments.ts');
    expect(closure).toContain('domain/plan/checks.ts');
  });

  it('never reach the plan schema, the views or the clock schema', () => {
    expect([...closure].filter((f) => /domain\/(plan\/schema|views|clock-schema)\.ts$/.test(f))).toEqual([]);
  });
});
