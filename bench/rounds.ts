/**
 * The interleaved rounds: a warm-up that is thrown away, then every latency block once a round
 * in an order that rotates, full seed conferences included, summarised as medians across rounds
 * and as per-round ratios to the baseline, so both sides of a ratio saw the same conditions.
 */
import { BASELINE_OF, LABELS, RATIO_NAME, type Blocks, type Kind } from './blocks';
import { runConferences } from './conferences';
import type { BenchContext } from './context';
import { FULL_RUN, sleep } from './driver';
import { note } from './progress';
import { roundAll } from './sampling';
import { median, percentiles, round, type Percentiles } from './stats';

export interface Figure extends Omit<Percentiles, 'n' | 'max'> {
  n: number;
  /** Percentiles of every sample of every round together. */
  pooled: Percentiles;
  rounds: Percentiles[];
}

/** Engine ÷ baseline by name (`ratios.taskUpdate.p50` in the JSON); later phases add theirs. */
export type Ratios = Record<
  string,
  { p50: number; p95: number; p99: number; baseline: string; openConferences?: number }
>;

export interface Throughput {
  conferencesSideBySide: number;
  /** The rehearsal clock's floor: no conference can finish sooner (its last phase opens then). */
  clockFloorSeconds: number;
  conferencesPerMinute: number;
  taskActionsPerSecond: number;
  actionsPerConference: number;
  rounds: { conferencesPerMinute: number; actionsPerSecond: number }[];
}

export interface RoundsResult {
  figures: Record<Kind, Figure>;
  ratios: Ratios;
  throughput: Throughput;
  /** The full conferences driven to completion, for the history cost. */
  completedConferences: { id: string; actions: number }[];
}

export async function runRounds(ctx: BenchContext, blocks: Blocks): Promise<RoundsResult> {
  const { client: c, plan, opts, tag, engineQueue } = ctx;
  // ---- warm-up (discarded): JIT, caches, connections
  note('Warming up…');
  for (const kind of ['bareUpdate', 'taskUpdate', 'bareSignal', 'bareQuery', 'statusQuery'] as const) {
    await blocks[kind](opts.warmup);
  }
  await blocks.noopWorkflow(opts.warmup);
  await blocks.withChildWorkflow(opts.warmup);

  // ---- interleaved rounds
  const order: Kind[] = [
    'bareUpdate',
    'taskUpdate',
    'bareQuery',
    'statusQuery',
    'noopWorkflow',
    'withChildWorkflow',
    'bareSignal',
    'conference',
  ];
  const perRound: Record<Kind, number[]>[] = [];
  const throughputRounds: { conferencesPerMinute: number; actionsPerSecond: number; actions: number }[] = [];
  const completedConferences: { id: string; actions: number }[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    // Rotate the order each round, so no figure always follows the same one.
    const rotated = [...order.slice(r % order.length), ...order.slice(0, r % order.length)];
    const samples = {} as Record<Kind, number[]>;
    for (const kind of rotated) {
      note(`round ${r + 1}/${opts.rounds}: ${LABELS[kind]}`);
      if (kind === 'conference') {
        const run = await runConferences(c, plan, engineQueue, opts.fullConferences, `bench-${tag}-run-${r}`);
        samples.conference = run.durations;
        throughputRounds.push(run.throughput);
        completedConferences.push(...run.conferences);
      } else {
        samples[kind] = await blocks[kind](opts.samples);
      }
      await sleep(200); // let the background work of one block (routing, child completions) settle
    }
    perRound.push(samples);
  }

  const figures = {} as Record<Kind, Figure>;
  for (const kind of order) {
    const rounds = perRound.map((s) => percentiles(s[kind]));
    figures[kind] = {
      n: rounds.reduce((n, p) => n + p.n, 0),
      p50: round(median(rounds.map((p) => p.p50))),
      p95: round(median(rounds.map((p) => p.p95))),
      p99: round(median(rounds.map((p) => p.p99))),
      pooled: roundAll(percentiles(perRound.flatMap((s) => s[kind]))),
      rounds: rounds.map(roundAll),
    };
  }
  const ratios: Ratios = {};
  for (const kind of order) {
    const base = BASELINE_OF[kind];
    const name = RATIO_NAME[kind];
    if (!base || !name) continue;
    const per = (q: 'p50' | 'p95' | 'p99'): number =>
      round(median(perRound.map((s) => percentiles(s[kind])[q] / percentiles(s[base])[q])));
    ratios[name] = { p50: per('p50'), p95: per('p95'), p99: per('p99'), baseline: base };
  }
  const throughput: Throughput = {
    conferencesSideBySide: opts.fullConferences,
    /** The rehearsal clock's floor: no conference can finish sooner (its last phase opens then). */
    clockFloorSeconds: round(FULL_RUN.floorSeconds, 1),
    conferencesPerMinute: round(median(throughputRounds.map((t) => t.conferencesPerMinute)), 1),
    taskActionsPerSecond: round(median(throughputRounds.map((t) => t.actionsPerSecond)), 1),
    actionsPerConference: median(throughputRounds.map((t) => t.actions / opts.fullConferences)),
    rounds: throughputRounds.map((t) => ({
      conferencesPerMinute: round(t.conferencesPerMinute, 1),
      actionsPerSecond: round(t.actionsPerSecond, 1),
    })),
  };

  // ---- history cost
  note('History cost…');
  return { figures, ratios, throughput, completedConferences };
}
