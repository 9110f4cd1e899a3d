/**
 * The cross-check of the dependency graph: a cycle of tasks waiting on each other, across
 * responsibilities, would never open, and zod cannot see it because it spans the document.
 * Workflow-safe: no I/O, no Node built-ins.
 */
import { issue, type PlanIssue } from './issues';
import type { TaskEntry } from './task-entries';

/**
 * Finds dependency cycles (strongly connected components, Tarjan) across responsibilities and
 * reports each cycle once, at the edge leaving its first task in plan order.
 */
export function checkCycles(tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
  const edges = (id: string): string[] => (byId.get(id)?.task.dependsOn ?? []).filter((d) => byId.has(d));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Set<string>[] = [];
  let counter = 0;

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = new Set<string>();
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        component.add(w);
        if (w === v) break;
      }
      components.push(component);
    }
  };
  for (const id of byId.keys()) if (!index.has(id)) visit(id);

  for (const component of components) {
    const first = tasks.find((t) => component.has(t.task.id));
    if (!first) continue;
    const start = first.task.id;
    const selfLoop = first.task.dependsOn.includes(start);
    if (component.size === 1 && !selfLoop) continue;
    const cycle = selfLoop ? [start, start] : cycleThrough(start, component, edges);
    const k = first.task.dependsOn.indexOf(cycle[1] ?? start);
    const shown = cycle.map((id) => `"${id}"`).join(' → ');
    issues.push(
      issue(
        `${first.path}.dependsOn[${k}]`,
        `Phụ thuộc vòng tròn: ${shown}; các công việc này sẽ không bao giờ được mở`,
        `Dependency cycle: ${shown}; these tasks could never open`,
      ),
    );
  }
}

/** Shortest path start → … → start inside one strongly connected component (breadth-first). */
function cycleThrough(start: string, component: Set<string>, edges: (id: string) => string[]): string[] {
  const previous = new Map<string, string>();
  const queue = edges(start).filter((w) => component.has(w));
  for (const w of queue) previous.set(w, start);
  while (queue.length > 0) {
    const v = queue.shift() as string;
    if (v === start) break;
    for (const w of edges(v)) {
      if (!component.has(w) || previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const path = [start];
  for (let v = previous.get(start); v !== undefined && v !== start; v = previous.get(v)) path.unshift(v);
  path.unshift(start);
  return path;
}
