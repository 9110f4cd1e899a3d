/**
 * The report: targets judged against the figures, the JSON document (its keys, such as
 * `ratios.taskUpdate.p50`, are what bench/README.md and other tools read) and the same figures
 * as text on stdout. Nothing is measured here.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Plan } from '../domain/plan/schema';
import type { Attribution } from './attribution';
import { LABELS, RATIO_NAME, type Kind } from './blocks';
import type { ActionHistoryCost } from './history';
import type { Options } from './options';
import { note } from './progress';
import type { Figure, RoundsResult } from './rounds';
import type { ScaleFigure } from './scale';
import type { MachineInfo } from './setup';
import { mib, round } from './stats';
import { uploadTarget, type UploadFigure } from './upload';
import type { CodecFigure } from './codec';
import type { WorkerMemory } from './worker-process';

export interface ReportInputs {
  opts: Options;
  plan: Plan;
  startedAt: Date;
  /** performance.now() when the run began. */
  t0: number;
  machine: MachineInfo;
  maxCachedWorkflows: number;
  rounds: RoundsResult;
  history: ActionHistoryCost;
  attribution: Attribution;
  scale: ScaleFigure[];
  scaleError: string | undefined;
  upload: UploadFigure | undefined;
  uploadError: string | undefined;
  /** What sealing costs an action (bench/codec.ts). */
  codec: CodecFigure;
  memoryAtStart: WorkerMemory;
  memoryAtEnd: WorkerMemory;
}

/** Prints the figures and, with `--json`, writes them; called once every phase has run. */
export async function writeReport(inputs: ReportInputs): Promise<void> {
  const { opts, plan, startedAt, t0, machine, scale, scaleError, history, memoryAtStart, memoryAtEnd } = inputs;
  const { figures, ratios, throughput } = inputs.rounds;
  const costs = inputs.attribution;
  const taskUpdate = ratios.taskUpdate;
  const statusQuery = ratios.statusQuery;
  // Issue 16's goals, each judged in this run; a figure this run did not measure is `met: null`.
  const atThousand = scale.find((s) => s.openConferences >= 1000);
  const atTenThousand = scale.find((s) => s.openConferences >= 10_000);
  const starts = scale.filter((s) => s.startedInStep > 0).map((s) => s.startsPerSecond);
  const targets = {
    taskUpdateP50: target_(taskUpdate?.p50, 1.2, 'task Update p50 ÷ bare Update p50'),
    taskUpdateP99: target_(taskUpdate?.p99, 2, 'task Update p99 ÷ bare Update p99'),
    statusQueryP50: target_(statusQuery?.p50, 1.3, 'status Query p50 ÷ bare Query p50'),
    eventsPerTaskAction: target_(
      history.eventsPerTaskAction,
      10,
      'history events per task action (seed plan without its reminders and report)',
    ),
    seedStartsPerSecond: atLeast(
      starts.length > 0 ? Math.max(...starts) : undefined,
      10,
      'seed conferences started per second (best scale step)',
    ),
    workerRssAtThousand: {
      what: `worker RSS (peak) with 1,000 open seed conferences, cache ${inputs.maxCachedWorkflows} (MiB; < 1536)`,
      target: 1536,
      value: atThousand?.workerPeakRssMiB ?? Number.NaN,
      met: atThousand ? atThousand.workerPeakRssMiB < 1536 : null,
    },
    tenThousandOpen: {
      what: '10,000 open seed conferences on one worker, status Query p50 (ms; all started, read back)',
      target: 10_000,
      value: atTenThousand?.statusQuery.p50 ?? Number.NaN,
      met: atTenThousand
        ? atTenThousand.startFailures === 0 &&
          atTenThousand.notStartedForTime === 0 &&
          atTenThousand.sample.correct === atTenThousand.sample.conferences
        : null,
    },
    uploadRssGrowth: uploadTarget(inputs.upload),
  };

  const report = {
    kind: opts.quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    durationSeconds: round((performance.now() - t0) / 1000, 1),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l)) },
    config: {
      rounds: opts.rounds,
      samplesPerBlock: opts.samples,
      startSamplesPerBlock: opts.startSamples,
      warmup: opts.warmup,
      fullConferencesPerRound: opts.fullConferences,
      scale: opts.scale,
      workerHeapMb: opts.workerHeapMb ?? null,
      maxCachedWorkflows: inputs.maxCachedWorkflows,
      workflowsPerSeedConference: 1 + plan.responsibilities.length,
      taskUpdates:
        'actions that take tasks of fresh seed conferences to done (complete, submit, approve, sign, confirm a phase), one after another',
    },
    unit: 'milliseconds unless named otherwise; p50/p95/p99 are medians across rounds of each round’s percentile',
    latency: figures,
    ratios,
    targets,
    throughput,
    scale,
    ...(scaleError ? { scaleError } : {}),
    ...(inputs.upload ? { upload: inputs.upload } : {}),
    ...(inputs.uploadError ? { uploadError: inputs.uploadError } : {}),
    history,
    codec: inputs.codec,
    attribution: costs,
    worker: {
      rssAtStartMiB: mib(memoryAtStart.rss),
      rssAtEndMiB: mib(memoryAtEnd.rss),
      heapLimitMiB: mib(memoryAtEnd.heapLimit),
      maxCachedWorkflows: memoryAtEnd.maxCachedWorkflows,
      warnings: memoryAtEnd.warnings,
    },
  };
  process.stdout.write(renderText(report));
  if (opts.json) {
    await writeFile(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    note(`Wrote ${opts.json}`);
  }
}

/** A figure that must reach `floor` (more is better). */
function atLeast(
  value: number | undefined,
  floor: number,
  what: string,
): { what: string; target: number; value: number; met: boolean | null } {
  const v = value ?? Number.NaN;
  return { what: `${what} (at least)`, target: floor, value: v, met: Number.isFinite(v) ? v >= floor : null };
}

function target_(
  value: number | undefined,
  limit: number,
  what: string,
): { what: string; target: number; value: number; met: boolean | null } {
  const v = value ?? Number.NaN;
  return { what, target: limit, value: v, met: Number.isFinite(v) ? v <= limit : null };
}

function renderText(r: {
  kind: string;
  durationSeconds: number;
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  config: { rounds: number; samplesPerBlock: number; maxCachedWorkflows: number };
  latency: Record<Kind, Figure>;
  ratios: Record<string, { p50: number; p95: number; p99: number; baseline: string }>;
  targets: Record<string, { what: string; target: number; value: number; met: boolean | null }>;
  throughput: {
    conferencesSideBySide: number;
    clockFloorSeconds: number;
    conferencesPerMinute: number;
    taskActionsPerSecond: number;
    actionsPerConference: number;
  };
  scale: ScaleFigure[];
  history: ActionHistoryCost;
  codec: CodecFigure;
  attribution: Attribution;
  worker: { warnings: Record<string, number> };
}): string {
  const m = r.machine;
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2) : '—');
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lpad = (s: string, n: number): string => s.padStart(n);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Kehoach bench — ${r.kind} run, ${r.config.rounds} rounds × ${r.config.samplesPerBlock} samples, ${r.durationSeconds} s`,
  );
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`);
  lines.push(`Node ${m.node}, Temporal TS SDK ${m.temporalSdk}, ${m.temporalCli}`);
  lines.push(`Temporal: ${m.topology}`);
  lines.push(`load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}`);
  lines.push('');
  lines.push(
    'latency (ms; medians across rounds)          p50      p95      p99     n   ratio to baseline p50 / p95 / p99',
  );
  for (const [kind, fig] of Object.entries(r.latency) as [Kind, Figure][]) {
    const name = RATIO_NAME[kind];
    const ratio = name ? r.ratios[name] : undefined;
    lines.push(
      `  ${pad(LABELS[kind], 40)} ${lpad(f(fig.p50), 7)}  ${lpad(f(fig.p95), 7)}  ${lpad(f(fig.p99), 7)} ${lpad(String(fig.n), 5)}` +
        (ratio ? `   ${f(ratio.p50)} / ${f(ratio.p95)} / ${f(ratio.p99)} × ${ratio.baseline}` : ''),
    );
  }
  lines.push('');
  lines.push(codecLine(r.codec, f));
  lines.push('');
  lines.push(
    `throughput: ${r.throughput.conferencesPerMinute} seed conferences/min, ${r.throughput.taskActionsPerSecond} task actions/s ` +
      `(${r.throughput.conferencesSideBySide} side by side, ${r.throughput.actionsPerConference} actions each; ` +
      `the rehearsal clock allows no conference to finish before ${r.throughput.clockFloorSeconds} s)`,
  );
  lines.push('');
  lines.push(
    'scale (open seed conferences)  start s  starts/s  worker RSS (peak) MiB  server RSS (peak) MiB  status Query p50/p99 ms  ratio p50/p99',
  );
  for (const s of r.scale) {
    lines.push(
      `  ${lpad(String(s.openConferences), 6)} (${s.workflowsOpen} workflows) ${lpad(f(s.startSeconds), 7)} ${lpad(f(s.startsPerSecond), 9)}` +
        `  ${lpad(`${f(s.workerRssMiB)} (${f(s.workerPeakRssMiB)})`, 20)}  ${lpad(`${f(s.serverRssMiB)} (${f(s.serverPeakRssMiB)})`, 20)}` +
        `  ${lpad(`${f(s.statusQuery.p50)} / ${f(s.statusQuery.p99)}`, 22)}  ${f(s.statusQueryRatio.p50)} / ${f(s.statusQueryRatio.p99)}` +
        (s.startFailures ? `  (${s.startFailures} failed to start)` : '') +
        (s.notStartedForTime ? `  (time budget: ${s.notStartedForTime} not started)` : ''),
    );
    lines.push(
      `         acted on and read back: ${s.sample.correct} of ${s.sample.conferences} correct, ` +
        `action p50/p99 ${f(s.sample.action.p50)} / ${f(s.sample.action.p99)} ms` +
        (s.sample.failures.length ? `; ${s.sample.failures.join('; ')}` : ''),
    );
  }
  lines.push(`  worker cache: maxCachedWorkflows ${r.config.maxCachedWorkflows}`);
  lines.push('');
  const h = r.history;
  const w = h.withAlarms;
  lines.push(
    `history: ${w.eventsPerConference} events per completed seed conference (${w.workflowsPerConference} workflows, ${w.actionsPerConference} actions), ` +
      `${w.eventsPerIdleConference} for an idle one; ${w.eventsPerTaskAction} events per task action vs ${w.eventsPerBareUpdate} per bare Update, ` +
      `${w.eventsPerBareSignal} per bare Signal; activities ${w.activitiesPerConference}, timers ${w.timersPerConference}`,
    `  without reminders and report: ${h.eventsPerConference} events per completed conference (${h.actionsPerConference} actions), ` +
      `${h.eventsPerIdleConference} idle; ${h.eventsPerTaskAction} events per task action; activities ${h.activitiesPerConference}, timers ${h.timersPerConference}`,
  );
  const a = r.attribution;
  lines.push(
    `workflow code per task Update (no Temporal): ${a.updateMicros.total} µs = validator ${a.updateMicros.validator} + handler ${a.updateMicros.handler} ` +
      `+ loop/view ${a.updateMicros.loopView} + details ${a.updateMicros.details}; request ${a.updateRequestBytes} B, answer ${a.updateAnswerBytes} B, ` +
      `signal to parent ${a.parentSignalBytes} B`,
  );
  lines.push(
    `workflow code per status Query: ${a.statusQueryMicros} µs; answer ${a.statusAnswerBytes} B (bare Query answer ${a.bareAnswerBytes} B)`,
  );
  const warnings = Object.entries(r.worker.warnings);
  if (warnings.length > 0) {
    lines.push('worker warnings:');
    for (const [message, count] of warnings) lines.push(`  ${count} × ${message}`);
  }
  lines.push('');
  lines.push('targets');
  for (const t of Object.values(r.targets)) {
    lines.push(
      `  ${pad(t.what, 72)} ${lpad(f(t.value), 7)}  target ${t.target}  ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met'}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** The codec's cost per task Update, one line (bench/codec.ts). */
function codecLine(c: CodecFigure, f: (v: number) => string): string {
  const share = c.shareOfTaskUpdateP50 === null ? '—' : `${f(c.shareOfTaskUpdateP50 * 100)} %`;
  return (
    `sealing (AES-256-GCM codec, in process): ${c.payloadsPerAction} payloads, ${c.bytesPerAction} bytes per task Update; ` +
    `${f(c.sealedMicrosPerAction)} µs sealed against ${f(c.plainMicrosPerAction)} µs plain (${f(c.ratio)}×), ${share} of the task Update's p50`
  );
}
