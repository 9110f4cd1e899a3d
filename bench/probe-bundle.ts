/**
 * Which modules of a workflow bundle each cached workflow evaluates for itself. With the SDK's
 * reusable V8 context, a module evaluated before any workflow exists (the preloaded ones and
 * the SDK's entry) is shared by all; every other module a workflow reaches is evaluated again
 * in each one, with its schemas, tables and closures. Used by bench/probe-memory.ts and
 * test/unit/workflow-bundle.test.ts.
 */

export interface BundleModule {
  id: string;
  bytes: number;
}

/**
 * Splits a webpack bundle (development mode, as the SDK builds it) into its modules and says
 * which of them each workflow evaluates for itself: those reached from the workflows and their
 * interceptors but not from the preloaded modules or the SDK's entry (`worker-interface`,
 * `global-overrides`), which are evaluated once per worker thread before any workflow.
 */
export function perWorkflowModules(code: string): { shared: BundleModule[]; perWorkflow: BundleModule[] } {
  const end = code.lastIndexOf('//# sourceMappingURL=');
  const body = end > 0 ? code.slice(0, end) : code;
  const heads = [...body.matchAll(/^\/\*\*\*\/ "([^"]*)"\s*$/gm)];
  const text = new Map<string, string>();
  heads.forEach((m, i) => text.set(m[1] as string, body.slice(m.index, heads[i + 1]?.index ?? body.length)));
  const deps = new Map(
    [...text].map(([id, t]) => [
      id,
      [...t.matchAll(/__webpack_require__\((?:\/\*![^*]*\*\/ )?"([^"]*)"\)/g)].map((m) => m[1] as string),
    ]),
  );
  const closure = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (seen.has(id) || !text.has(id)) continue;
      seen.add(id);
      stack.push(...(deps.get(id) ?? []));
    }
    return seen;
  };
  const ids = [...text.keys()];
  const shared = closure(
    ids.filter((id) => /workflows\/preload\.ts$|\/worker-interface\.js$|\/global-overrides\.js$/.test(id)),
  );
  const used = closure(ids.filter((id) => /^\.\/workflows\/(index|interceptors)\.ts$/.test(id)));
  const sized = (set: Iterable<string>): BundleModule[] =>
    [...set].map((id) => ({ id, bytes: text.get(id)?.length ?? 0 })).sort((a, b) => b.bytes - a.bytes);
  return { shared: sized(shared), perWorkflow: sized([...used].filter((id) => !shared.has(id))) };
}
