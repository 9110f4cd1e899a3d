/**
 * Scores an imported draft against a corpus document's answer key (`test/fixtures/intake/corpus/
 * *.key.json`), as issue 23 defines the score:
 *
 * - units: the key's units the draft names (same name folded, or one name the other's prefix);
 * - recall: key duties that some draft task covers (≥ half of the duty's words);
 * - precision: draft tasks that cover ≥ half the words of some key duty (per-member copies of one
 *   duty all count);
 * - deadlines: for every key duty with a stated deadline, the draft tasks matched to it (each task
 *   goes to the duty it covers best) must state the same rule: right, wrong (a stated rule that
 *   differs, or a stated rule on a duty whose document states none) or missing (no task, or only
 *   flagged ones). The time of day counts only when the key gives one;
 * - flags per duty: review flags of the whole draft over the key's duties.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DraftResult } from '../../intake/draft';
import { fold, words } from '../../intake/text';

const KeyDeadlineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('absolute'), at: z.string() }),
  z.object({
    type: z.literal('conference'),
    day: z.number().int(),
    time: z.string().optional(),
    workingDays: z.boolean().optional(),
  }),
  z.object({ type: z.literal('afterConference'), after: z.string(), time: z.string().optional() }),
  z.object({ type: z.literal('afterDuty'), duty: z.string(), after: z.string() }),
]);
type KeyDeadline = z.infer<typeof KeyDeadlineSchema>;

const KeyDutySchema = z.object({
  id: z.string(),
  clause: z.string(),
  kind: z.enum(['once', 'submission', 'approval', 'signoff', 'phased']),
  assignees: z.array(z.string()).min(1),
  support: z.array(z.string()).optional(),
  perMember: z.boolean().optional(),
  text: z.string().min(3),
  deadline: KeyDeadlineSchema.nullable(),
});

export const AnswerKeySchema = z.object({
  layout: z.enum(['prose', 'table', 'appendix-table']),
  level: z.enum(['province', 'district', 'commune', 'ward']),
  units: z.array(z.string()).min(1),
  delegates: z.number().int().nullable(),
  duties: z.array(KeyDutySchema).min(1),
});
export type AnswerKey = z.infer<typeof AnswerKeySchema>;

export function loadKey(path: string): AnswerKey {
  return AnswerKeySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

interface DraftTask {
  id: string;
  title: string;
  due: Record<string, unknown>;
  organizerChoice?: boolean;
}

export interface CorpusScore {
  units: { found: number; expected: number; missing: string[] };
  duties: { found: number; expected: number; missing: string[] };
  tasks: { real: number; total: number; stray: string[] };
  deadlines: { stated: number; right: number; wrong: number; missing: number; notes: string[] };
  flags: number;
}

/** Share of the duty's words the task's title holds. */
export function coverage(task: string, duty: string): number {
  const d = new Set(words(duty));
  const t = new Set(words(task));
  if (d.size === 0) return 0;
  let shared = 0;
  for (const w of d) if (t.has(w)) shared += 1;
  return shared / d.size;
}

const MATCH = 0.5;
const nameKey = (s: string): string =>
  fold(s.replace(/&/g, ' và '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function unitFound(name: string, units: { name: string; shortName?: string }[]): boolean {
  const k = nameKey(name);
  return units.some((u) =>
    [u.name, u.shortName ?? ''].some((n) => {
      const d = nameKey(n);
      return d.length > 0 && (d === k || d.startsWith(`${k} `) || k.startsWith(`${d} `));
    }),
  );
}

export function scoreCorpusDraft(draft: DraftResult, key: AnswerKey): CorpusScore {
  const plan = draft.plan as {
    units: { name: string; shortName?: string }[];
    responsibilities: { tasks: DraftTask[] }[];
  };
  const tasks = plan.responsibilities.flatMap((r) => r.tasks);
  const missingUnits = key.units.filter((u) => !unitFound(u, plan.units));

  // Each task goes to the duty it covers best (ties: the shorter duty, the more specific one).
  const owner = new Map<DraftTask, string>();
  for (const t of tasks) {
    let best: { id: string; c: number; len: number } | undefined;
    for (const d of key.duties) {
      const c = coverage(t.title, d.text);
      const len = words(d.text).length;
      if (c >= MATCH && (!best || c > best.c || (c === best.c && len < best.len))) best = { id: d.id, c, len };
    }
    if (best) owner.set(t, best.id);
  }
  const found = key.duties.filter((d) => tasks.some((t) => coverage(t.title, d.text) >= MATCH));
  const deadlines = { stated: 0, right: 0, wrong: 0, missing: 0, notes: [] as string[] };
  for (const d of key.duties) {
    const mine = tasks.filter((t) => owner.get(t) === d.id);
    const stated = mine.filter((t) => t.organizerChoice !== true);
    if (d.deadline === null) {
      for (const t of stated) {
        deadlines.wrong += 1;
        deadlines.notes.push(`${d.id}: none stated, draft ${JSON.stringify(t.due)}`);
      }
      continue;
    }
    deadlines.stated += 1;
    if (stated.length === 0) {
      deadlines.missing += 1;
      deadlines.notes.push(`${d.id}: missing (${mine.length === 0 ? 'no task' : JSON.stringify(mine[0]?.due)})`);
      continue;
    }
    const bad = stated.filter((t) => !sameRule(t.due, d.deadline as KeyDeadline, tasks, owner));
    if (bad.length > 0) {
      deadlines.wrong += 1;
      deadlines.notes.push(`${d.id}: wrong ${JSON.stringify(bad[0]?.due)}`);
    } else deadlines.right += 1;
  }
  return {
    units: { found: key.units.length - missingUnits.length, expected: key.units.length, missing: missingUnits },
    duties: {
      found: found.length,
      expected: key.duties.length,
      missing: key.duties.filter((d) => !found.includes(d)).map((d) => d.id),
    },
    tasks: { real: owner.size, total: tasks.length, stray: tasks.filter((t) => !owner.has(t)).map((t) => t.title) },
    deadlines,
    flags: draft.flags.length,
  };
}

function sameRule(
  due: Record<string, unknown>,
  want: KeyDeadline,
  tasks: DraftTask[],
  owner: Map<DraftTask, string>,
): boolean {
  switch (want.type) {
    case 'absolute':
      return due.type === 'absolute' && due.at === want.at;
    case 'conference':
      return (
        due.type === 'conference' &&
        due.day === want.day &&
        (due.workingDays === true) === (want.workingDays === true) &&
        (want.time === undefined || due.time === want.time)
      );
    case 'afterConference':
      return (
        due.type === 'afterConference' &&
        due.after === want.after &&
        (want.time === undefined || due.time === want.time)
      );
    case 'afterDuty': {
      const target = tasks.find((t) => t.id === due.task);
      return (
        due.type === 'afterTask' && due.after === want.after && target !== undefined && owner.get(target) === want.duty
      );
    }
  }
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${Math.round((1000 * n) / d) / 10} %`);

export function formatCorpusScore(label: string, s: CorpusScore, verbose = false): string {
  const line = [
    `[${label}]`,
    `units ${s.units.found}/${s.units.expected}`,
    `recall ${s.duties.found}/${s.duties.expected} = ${pct(s.duties.found, s.duties.expected)}`,
    `precision ${s.tasks.real}/${s.tasks.total} = ${pct(s.tasks.real, s.tasks.total)}`,
    `deadlines ${s.deadlines.stated}: right ${s.deadlines.right}, wrong ${s.deadlines.wrong}, missing ${s.deadlines.missing}`,
    `flags/duty ${(s.flags / Math.max(1, s.duties.expected)).toFixed(2)} (${s.flags})`,
  ].join('  ');
  if (!verbose) return line;
  const detail = [
    ...(s.units.missing.length ? [`  units missing: ${s.units.missing.join('; ')}`] : []),
    ...(s.duties.missing.length ? [`  duties missing: ${s.duties.missing.join(', ')}`] : []),
    ...(s.tasks.stray.length ? [`  stray tasks: ${s.tasks.stray.map((t) => `"${t.slice(0, 70)}"`).join('; ')}`] : []),
    ...s.deadlines.notes.map((n) => `  deadline ${n}`),
  ];
  return [line, ...detail].join('\n');
}

export function addScores(all: CorpusScore[]): CorpusScore {
  const sum = (f: (s: CorpusScore) => number): number => all.reduce((n, s) => n + f(s), 0);
  return {
    units: { found: sum((s) => s.units.found), expected: sum((s) => s.units.expected), missing: [] },
    duties: { found: sum((s) => s.duties.found), expected: sum((s) => s.duties.expected), missing: [] },
    tasks: { real: sum((s) => s.tasks.real), total: sum((s) => s.tasks.total), stray: [] },
    deadlines: {
      stated: sum((s) => s.deadlines.stated),
      right: sum((s) => s.deadlines.right),
      wrong: sum((s) => s.deadlines.wrong),
      missing: sum((s) => s.deadlines.missing),
      notes: [],
    },
    flags: sum((s) => s.flags),
  };
}

/** The score of a document the importer refused. */
export function refusedScore(key: AnswerKey): CorpusScore {
  const stated = key.duties.filter((d) => d.deadline !== null).length;
  return {
    units: { found: 0, expected: key.units.length, missing: key.units },
    duties: { found: 0, expected: key.duties.length, missing: key.duties.map((d) => d.id) },
    tasks: { real: 0, total: 0, stray: [] },
    deadlines: { stated, right: 0, wrong: 0, missing: stated, notes: [] },
    flags: 0,
  };
}
