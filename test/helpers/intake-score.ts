/**
 * Compares an imported draft with the hand-written seed plan: units by name, responsibilities by
 * lead and clause, tasks by clause and title (one-to-one, best first), and the deadlines the
 * document states. The figures are what `test/unit/intake-seed-score.test.ts` prints and asserts.
 */
import type { Plan } from '../../domain/plan/schema';
import type { DraftResult } from '../../intake/draft';
import { fold, similarity } from '../../intake/text';

interface DraftUnit {
  id: string;
  name: string;
}
interface DraftTask {
  id: string;
  title: string;
  clause: string;
  due: unknown;
  organizerChoice?: boolean;
}
interface DraftResp {
  lead: string;
  clause: string;
  tasks: DraftTask[];
}

export interface Score {
  units: { found: number; expected: number; missing: string[] };
  responsibilities: { found: number; expected: number; missing: string[] };
  tasks: { matched: number; expected: number; percent: number; unmatched: string[] };
  deadlines: { expected: number; right: number; wrong: number; flagged: number; wrongList: string[] };
  window: { from: string; to: string; text: string } | undefined;
  delegates: { total: number; groups: number[] } | undefined;
}

const key = (s: string): string =>
  fold(s.replace(/&/g, ' và '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** "III.1.1 ¶1, II.1" → its parts; two clauses agree when a part is equal or one is the other's section. */
function clausesAgree(a: string, b: string): boolean {
  const parts = (s: string): string[] => s.split(/,\s*/u).map((p) => p.trim());
  return parts(a).some((x) =>
    parts(b).some(
      (y) =>
        x === y ||
        x.split(' ')[0] === y ||
        y.split(' ')[0] === x ||
        (x.split(' ')[0] === y.split(' ')[0] && (!x.includes('¶') || !y.includes('¶'))),
    ),
  );
}

export function scoreDraft(draft: DraftResult, seed: Plan): Score {
  const plan = draft.plan as { units: DraftUnit[]; responsibilities: DraftResp[]; conference: Record<string, unknown> };
  const unitOf = new Map<string, string>(); // seed id → draft id
  const missingUnits: string[] = [];
  for (const u of seed.units) {
    const d = plan.units.find((x) => key(x.name) === key(u.name));
    if (d) unitOf.set(u.id, d.id);
    else missingUnits.push(u.name);
  }

  const missingResps: string[] = [];
  for (const r of seed.responsibilities) {
    const lead = unitOf.get(r.lead);
    if (!plan.responsibilities.some((d) => d.lead === lead && clausesAgree(d.clause, r.clause)))
      missingResps.push(`${r.id} (${r.clause})`);
  }

  const draftTasks = plan.responsibilities.flatMap((r) => r.tasks);
  const seedTasks = seed.responsibilities.flatMap((r) => r.tasks);
  const pairs: { s: number; d: number; score: number }[] = [];
  seedTasks.forEach((s, si) =>
    draftTasks.forEach((d, di) => {
      const score = similarity(s.title, d.title);
      if (score >= 0.4 && clausesAgree(s.clause, d.clause)) pairs.push({ s: si, d: di, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score);
  const seedMatch = new Map<number, number>();
  const usedDraft = new Set<number>();
  for (const p of pairs) {
    if (seedMatch.has(p.s) || usedDraft.has(p.d)) continue;
    seedMatch.set(p.s, p.d);
    usedDraft.add(p.d);
  }

  const deadlines = { expected: 0, right: 0, wrong: 0, flagged: 0, wrongList: [] as string[] };
  const stated = (d: DraftTask): boolean => d.organizerChoice !== true;
  const wrong = (why: string): void => {
    deadlines.wrong += 1;
    deadlines.wrongList.push(why);
  };
  seedTasks.forEach((s, si) => {
    const di = seedMatch.get(si);
    const d = di === undefined ? undefined : draftTasks[di];
    if (!s.organizerChoice) {
      deadlines.expected += 1;
      if (d === undefined || !stated(d)) deadlines.flagged += 1;
      else if (JSON.stringify(d.due) === JSON.stringify(s.due)) deadlines.right += 1;
      else wrong(`${s.id}: ${JSON.stringify(d.due)}`);
    } else if (d !== undefined && stated(d)) {
      wrong(`${s.id}: the document states none, the draft says ${JSON.stringify(d.due)}`);
    }
  });
  // A deadline the draft calls stated on a task the seed does not have cannot be checked: wrong.
  draftTasks.forEach((d, di) => {
    if (!usedDraft.has(di) && stated(d)) wrong(`${d.id}: unmatched task with a stated deadline`);
  });

  const delegates = plan.conference.delegates as { total: number; groups: { count: number }[] } | undefined;
  return {
    units: { found: seed.units.length - missingUnits.length, expected: seed.units.length, missing: missingUnits },
    responsibilities: {
      found: seed.responsibilities.length - missingResps.length,
      expected: seed.responsibilities.length,
      missing: missingResps,
    },
    tasks: {
      matched: seedMatch.size,
      expected: seedTasks.length,
      percent: Math.round((1000 * seedMatch.size) / seedTasks.length) / 10,
      unmatched: seedTasks.filter((_, i) => !seedMatch.has(i)).map((t) => t.id),
    },
    deadlines,
    window: plan.conference.window as Score['window'],
    delegates: delegates ? { total: delegates.total, groups: delegates.groups.map((g) => g.count) } : undefined,
  };
}

export function formatScore(label: string, s: Score): string {
  return [
    `[${label}] units ${s.units.found}/${s.units.expected}${s.units.missing.length ? ` (missing: ${s.units.missing.join('; ')})` : ''}`,
    `[${label}] responsibilities ${s.responsibilities.found}/${s.responsibilities.expected}${s.responsibilities.missing.length ? ` (missing: ${s.responsibilities.missing.join('; ')})` : ''}`,
    `[${label}] tasks matched ${s.tasks.matched}/${s.tasks.expected} = ${s.tasks.percent} %${s.tasks.unmatched.length ? ` (unmatched: ${s.tasks.unmatched.join(', ')})` : ''}`,
    `[${label}] deadlines stated by the document: ${s.deadlines.expected}; right ${s.deadlines.right}, wrong ${s.deadlines.wrong}, flagged ${s.deadlines.flagged}${s.deadlines.wrongList.length ? ` (${s.deadlines.wrongList.join('; ')})` : ''}`,
    `[${label}] window ${s.window ? `${s.window.from} → ${s.window.to} "${s.window.text}"` : 'none'}; delegates ${s.delegates ? `${s.delegates.total} = ${s.delegates.groups.join(' + ')}` : 'none'}`,
  ].join('\n');
}
