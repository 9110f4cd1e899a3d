/**
 * Plan issues: what is wrong with a plan file, where, in Vietnamese and English.
 *
 * Workflow-safe: no I/O, no Node built-ins.
 */
import type { Bilingual } from '../bilingual';

/** One problem in a plan, with its location as a path such as `responsibilities[3].tasks[1].dependsOn[0]`. */
export interface PlanIssue {
  path: string;
  message: Bilingual;
}

/** A segment of a path into the plan: an object key or an array index. */
export type PathSegment = string | number;

/**
 * Formats path segments the way plan authors read them (`a[3].b`), so the same path can be
 * printed by the CLI and searched for in the YAML file.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** Inverse of `formatPath`, so a path can be located back in the YAML document. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(match[1]);
  }
  return out;
}

/** Builds an issue; a tiny helper so every check reads as one line. */
export function issue(path: string, vi: string, en: string): PlanIssue {
  return { path, message: { vi: vi.normalize('NFC'), en } };
}
