/**
 * A plan draft in the organizer's workspace: a plan imported from a document (or taken from a
 * finished conference) with the values the document did not state flagged for review, edited in
 * forms, saved in versions, and started as a conference from a version that passes the plan's
 * checks. A draft is a workflow of its own whose history is its edit log: durable with no
 * database, and every edit says who made it and when.
 *
 * Workflow-safe: pure, no I/O. The plan's own checks run in the web layer (they need the plan
 * schema, which the workflow bundle does not load); the workflow keeps the edits.
 */
import { z } from 'zod';
import { ActorSchema, RequestIdSchema } from './actions';
import { REASON } from './reasons';

export const DRAFT_LIMITS = {
  /** The document's text kept beside the draft (a plan is a few pages: 15 KB for the seed). */
  textChars: 300_000,
  /** One edited value, as JSON. */
  valueBytes: 20_000,
  versions: 100,
  /** Values decided in one edit (a duty has a handful; the copies of a per-member duty one each). */
  decisions: 200,
} as const;

export const DraftIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, REASON.conferenceSlug.en)
  .max(80);

export const DraftFlagSchema = z.object({
  path: z.string().min(1).max(300),
  reason: z.object({ vi: z.string(), en: z.string() }),
  clause: z.string().optional(),
  sentence: z.string().optional(),
});
export type DraftFlag = z.infer<typeof DraftFlagSchema>;

/** Where each task came from in the document: its clause, sentence and line. */
export const DraftSourceSchema = z.object({
  id: z.string(),
  clause: z.string(),
  sentence: z.string(),
  line: z.number().int().optional(),
  /** A per-member copy of a duty: the first copy's task id. The copies share the duty's open values. */
  sameDutyAs: z.string().optional(),
});
export type DraftSource = z.infer<typeof DraftSourceSchema>;

export const DraftInputSchema = z.object({
  draftId: DraftIdSchema,
  /** The document's file name, or the conference it was taken from. */
  source: z.string().max(300),
  text: z.string().max(DRAFT_LIMITS.textChars),
  plan: z.record(z.string(), z.unknown()),
  flags: z.array(DraftFlagSchema),
  sources: z.array(DraftSourceSchema),
  /** What the importer found in the document: its duties (a per-member duty once) and the tasks they became. */
  found: z.object({ duties: z.number().int().min(0), tasks: z.number().int().min(0) }).optional(),
  by: ActorSchema,
});
export type DraftInput = z.infer<typeof DraftInputSchema>;

/** A path in the plan as the checks write it: `responsibilities[3].tasks[1].due`. */
const PathSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)*$/, 'a path like responsibilities[3].tasks[1].due');

export const DraftEditSchema = z.discriminatedUnion('op', [
  /** Set a value at a path; the flag there, if any, is decided with it. */
  z.object({ op: z.literal('set'), path: PathSchema, value: z.unknown(), by: ActorSchema, requestId: RequestIdSchema }),
  /** Keep the proposal at a flagged path: the flag is decided. */
  z.object({ op: z.literal('accept'), path: PathSchema, by: ActorSchema, requestId: RequestIdSchema }),
  /**
   * The values of one duty decided together, as the workspace groups them: the proposals kept and
   * the values set, all or none (one edit in the log, not a half-decided duty when one is refused).
   */
  z
    .object({
      op: z.literal('decide'),
      accept: z.array(PathSchema).max(DRAFT_LIMITS.decisions),
      set: z.array(z.object({ path: PathSchema, value: z.unknown() })).max(DRAFT_LIMITS.decisions),
      by: ActorSchema,
      requestId: RequestIdSchema,
    })
    .refine((e) => e.accept.length + e.set.length > 0, { message: 'nothing to decide', path: ['accept'] }),
  /** Save the draft as it is as a new version, with a note. */
  z.object({
    op: z.literal('save'),
    note: z.string().trim().max(500),
    by: ActorSchema,
    requestId: RequestIdSchema,
  }),
  /** A version was started as a conference. */
  z.object({
    op: z.literal('started'),
    version: z.number().int().positive(),
    conferenceId: z.string().max(80),
    by: ActorSchema,
    requestId: RequestIdSchema,
  }),
]);
export type DraftEdit = z.infer<typeof DraftEditSchema>;

export interface DraftVersion {
  version: number;
  plan: Record<string, unknown>;
  /** Flags still open when it was saved: a version with any cannot be started. */
  openFlags: number;
  note: string;
  by: z.infer<typeof ActorSchema>;
  at: string;
  startedAs?: string;
}

export interface DraftState {
  draftId: string;
  source: string;
  text: string;
  plan: Record<string, unknown>;
  flags: DraftFlag[];
  sources: DraftSource[];
  /** What the importer found (absent for a draft taken from a conference). */
  found?: { duties: number; tasks: number };
  versions: DraftVersion[];
  /** Edits made since the draft began (not counting saves). */
  edits: number;
  createdBy: z.infer<typeof ActorSchema>;
  createdAt: string;
  updatedAt: string;
}

/** The answer to an edit: the draft's edit count and versions after it. */
export interface DraftEditAnswer {
  edits: number;
  versions: number;
  openFlags: number;
}

type Step = { key: string; index?: number };

function steps(path: string): Step[] {
  return path.split('.').map((part) => {
    const m = /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(part);
    return m?.[2] !== undefined ? { key: m[1] ?? '', index: Number(m[2]) } : { key: m?.[1] ?? part };
  });
}

/** The value at a path, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const s of steps(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s.key];
    if (s.index !== undefined) cur = Array.isArray(cur) ? cur[s.index] : undefined;
  }
  return cur;
}

/**
 * A copy of `root` with `value` at `path`; the last step may name a new key of an existing
 * object. Throws a RangeError naming the path when it leads nowhere.
 */
export function withValueAt(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const all = steps(path);
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
  let cur: unknown = copy;
  for (const [i, s] of all.entries()) {
    const last = i === all.length - 1;
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) throw new RangeError(`${path}: no such place`);
    const obj = cur as Record<string, unknown>;
    if (s.index === undefined) {
      if (last) obj[s.key] = value;
      else cur = obj[s.key];
      continue;
    }
    const arr = obj[s.key];
    if (!Array.isArray(arr) || s.index >= arr.length) throw new RangeError(`${path}: no such place`);
    if (last) arr[s.index] = value;
    else cur = arr[s.index];
  }
  return copy;
}

/** Whether a flag's path is the edited path or lies inside it (deciding `due` decides `due.at`). */
export function decides(editedPath: string, flagPath: string): boolean {
  return flagPath === editedPath || flagPath.startsWith(`${editedPath}.`) || flagPath.startsWith(`${editedPath}[`);
}
