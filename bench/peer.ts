/**
 * `--peer`: the seed plan on Flowable 7 (embedded, Java 17) beside Kehoach on Temporal, on the
 * same PostgreSQL, driven by the same unit actions. See bench/README.md, "A peer".
 *
 * 1. Record: K seed conferences driven side by side by the bench's simulated units
 *    (bench/driver.ts), each approval sent back once, until no task can move on the bench clock.
 *    What each unit did, in order, is the sequence both engines replay.
 * 2. Temporal: K fresh conferences, each replaying its recorded sequence one action after another,
 *    all K side by side; each accepted Update is timed.
 * 3. Flowable: bench/peer-flowable (built with Maven into a cache outside the repository) replays
 *    the same sequences on K process instances of the same plan, on its own database in the
 *    cluster's PostgreSQL; each find-and-complete is timed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { actOnTask, conferenceStatus } from '../client/conference';
import type { TaskActionRequest } from '../domain/actions';
import type { Plan, Task } from '../domain/plan/schema';
import { resolveSchedule } from '../domain/schedule';
import { DB_PASSWORD, DB_USER } from '../engine/cluster-config';
import type { BenchContext } from './context';
import {
  BENCH_DATE,
  benchClock,
  isStaleBoard,
  momentOf,
  nextAction,
  sleep,
  startBenchConference,
  taskSpecs,
} from './driver';
import { note, tick } from './progress';
import { roundAll } from './sampling';
import type { MachineInfo } from './setup';
import { percentiles, round, type Percentiles } from './stats';

const PROJECT = fileURLToPath(new URL('./peer-flowable/', import.meta.url));
/** Maven's build folder: outside the repository (the pom's default, named here to find the classes). */
export const PEER_BUILD_DIR =
  process.env.KEHOACH_PEER_BUILD_DIR ?? join(homedir(), '.cache', 'kehoach', 'peer-flowable');
const FLOWABLE_DATABASE = 'kehoach_flowable';
/** Tries per action when the task is not open yet (a dependency is routed a moment later). */
const TRIES = 100;
const RETRY_MS = 20;

/** One unit action as both engines replay it: the Temporal request and the Flowable user task key. */
export interface PeerAction {
  responsibilityId: string;
  request: TaskActionRequest;
  /** The BPMN user task the action completes (bench/peer-flowable/…/Bpmn.java names them so). */
  key: string;
}

export interface SideFigures {
  engine: string;
  conferences: number;
  actions: number;
  wallSeconds: number;
  actionsPerSecond: number;
  latencyMs: Percentiles;
  /** Attempts that found the task not open yet and tried again (not timed, counted here). */
  retries: number;
  errors: number;
  durability: string;
}

export interface PeerReport {
  conferences: number;
  actionsPerConference: number;
  sequence: string;
  temporal: SideFigures;
  flowable: SideFigures & Record<string, unknown>;
  /** Flowable ÷ Temporal, measured in this run. */
  ratios: { actionsPerSecond: number; p50: number; p99: number };
}

/** The BPMN key of a task: its id with every character BPMN ids and expressions dislike as `_`. */
export function keyOf(taskId: string): string {
  return `t_${taskId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The user task an action completes in the BPMN process. */
export function userTaskOf(spec: Task, request: TaskActionRequest): string {
  const key = keyOf(spec.id);
  switch (request.action) {
    case 'submit':
      return spec.kind === 'approval' ? `${key}__submit` : key;
    case 'approve':
    case 'sendBack':
      return `${key}__decide`;
    case 'sign':
      return `${key}__sign`;
    case 'confirmPhase':
      return `${key}__${request.phase}`;
    default:
      return key;
  }
}

/**
 * The plan as the harness reads it: tasks with their BPMN keys, kinds, units, dependencies and
 * every deadline and reminder (plan instants on the bench date), each tied to the user tasks it
 * watches. A deadline that follows another task's completion (`afterTask`) is not known at the
 * start and has no timer on the Flowable side.
 */
export function peerPlan(plan: Plan): unknown {
  const schedule = resolveSchedule(plan, { conferenceDate: BENCH_DATE, completedAt: {} });
  const keys = new Set<string>();
  return {
    name: plan.meta.title,
    responsibilities: plan.responsibilities.map((r) => ({
      id: r.id,
      lead: r.lead,
      tasks: r.tasks.map((t) => {
        const key = keyOf(t.id);
        if (keys.has(key)) throw new Error(`two tasks share the BPMN key ${key}`);
        keys.add(key);
        const s = schedule[t.id];
        const timers: { variable: string; at: string; attach: string[] }[] = [];
        const add = (attach: string[], due: string | null | undefined, reminders: readonly string[]): void => {
          const tag = attach[0] as string;
          if (due) timers.push({ variable: `due_${tag}`, at: due, attach });
          reminders.forEach((at, i) => timers.push({ variable: `remind_${tag}_${i}`, at, attach }));
        };
        if (t.kind === 'phased') {
          for (const p of s?.phases ?? []) add([`${key}__${p.phase}`], p.due, p.reminders);
        } else {
          const attach =
            t.kind === 'approval'
              ? [`${key}__submit`, `${key}__decide`]
              : t.kind === 'signoff'
                ? [`${key}__sign`]
                : [key];
          add(attach, s?.due, s?.reminders ?? []);
        }
        return {
          id: t.id,
          key,
          kind: t.kind,
          title: t.title,
          assignees: t.assignees,
          ...(t.kind === 'approval' ? { approvers: t.approvers } : {}),
          ...(t.kind === 'signoff' ? { signers: t.signers } : {}),
          ...(t.kind === 'phased' ? { phases: t.phases.map((p) => p.phase) } : {}),
          dependsOn: t.dependsOn.map(keyOf),
          timers,
        };
      }),
    })),
  };
}

/**
 * Drives K conferences side by side with the bench's units until no task can move, and returns
 * what each unit did, per conference, in the order it was accepted. Every approval is sent back
 * once by its approver before it is approved, so the loop back to the submitter is in the sequence.
 */
export async function recordSequences(ctx: BenchContext, k: number): Promise<PeerAction[][]> {
  const { client, plan, tag, engineQueue } = ctx;
  const ids = Array.from({ length: k }, (_, i) => `bench-${tag}-peer-record-${i}`);
  await Promise.all(ids.map((id) => startBenchConference(client, plan, id, engineQueue)));
  return Promise.all(ids.map((id) => recordOne(client, plan, id)));
}

async function recordOne(client: Client, plan: Plan, conferenceId: string): Promise<PeerAction[]> {
  const specs = taskSpecs(plan);
  const sentBack = new Set<string>();
  const done: PeerAction[] = [];
  let idle = 0;
  while (idle < 8) {
    const status = await conferenceStatus(client, conferenceId);
    const moment = momentOf(status, plan);
    const moves: PeerAction[] = [];
    for (const task of status.responsibilities.flatMap((r) => r.tasks)) {
      const spec = specs.get(task.id);
      if (!spec) continue;
      let request: TaskActionRequest | undefined;
      if (spec.kind === 'approval' && task.state === 'submitted' && !sentBack.has(task.id)) {
        const approver = spec.approvers[0] as string;
        request = {
          action: 'sendBack',
          taskId: task.id,
          actor: { unitId: approver, person: `Cán bộ ${approver}` },
          reason: 'Đề nghị bổ sung số liệu.',
        };
      } else request = nextAction(spec, task, moment);
      if (request) moves.push({ responsibilityId: task.responsibilityId, request, key: userTaskOf(spec, request) });
    }
    if (moves.length === 0) {
      idle++;
      await sleep(150);
      continue;
    }
    idle = 0;
    const accepted = await Promise.all(
      moves.map(async (move) => {
        try {
          await actOnTask(client, conferenceId, move.responsibilityId, move.request);
          if (move.request.action === 'sendBack') sentBack.add(move.request.taskId);
          return move;
        } catch (err) {
          if (!isStaleBoard(err)) throw err;
          return undefined;
        }
      }),
    );
    for (const move of accepted) if (move) done.push(move);
    tick(`  recorded ${done.length} actions on ${conferenceId}`);
  }
  return done;
}

interface Replayed {
  latencies: number[];
  retries: number;
  errors: number;
  wallMs: number;
  firstError?: string;
}

/** Each conference replays its sequence one action after another, all side by side. */
async function replayTemporal(client: Client, ids: string[], sequences: PeerAction[][]): Promise<Replayed> {
  const out: Replayed = { latencies: [], retries: 0, errors: 0, wallMs: 0 };
  const t0 = performance.now();
  await Promise.all(
    ids.map(async (id, i) => {
      for (const action of sequences[i] ?? []) {
        for (let attempt = 1; ; attempt++) {
          const t = performance.now();
          try {
            await actOnTask(client, id, action.responsibilityId, action.request);
            out.latencies.push(performance.now() - t);
            break;
          } catch (err) {
            out.retries++;
            if (attempt >= TRIES || !isStaleBoard(err)) {
              out.errors++;
              out.firstError ??= `${action.request.taskId} ${action.request.action}: ${err instanceof Error ? err.message : String(err)}`;
              break;
            }
            await sleep(RETRY_MS);
          }
        }
      }
    }),
  );
  out.wallMs = performance.now() - t0;
  return out;
}

/** Builds the harness (offline when Maven's cache has everything) and returns its class path. */
export async function buildHarness(): Promise<string> {
  const run = promisify(execFile);
  const args = ['-q', '-f', join(PROJECT, 'pom.xml'), `-Dpeer.buildDir=${PEER_BUILD_DIR}`, 'compile'];
  try {
    await run('mvn', ['-o', ...args], { maxBuffer: 16 << 20 });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT')
      throw new Error('--peer builds bench/peer-flowable with Maven: put mvn (3.8 or later) and a Java 17 JDK on PATH');
    note('  Maven: not everything is cached, building online (Maven Central)…');
    try {
      await run('mvn', args, { maxBuffer: 16 << 20 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(
        `Maven could not build bench/peer-flowable:\n${`${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')}`,
      );
    }
  }
  const cp = (await readFile(join(PEER_BUILD_DIR, 'classpath.txt'), 'utf8')).trim();
  return `${join(PEER_BUILD_DIR, 'classes')}:${cp}`;
}

/** Runs the harness on its input file and returns its JSON figures (its log lines go to stderr). */
function runHarness(classPath: string, input: string, bpmnOut: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', classPath, 'kehoach.peer.Harness', input, bpmnOut], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(`the Flowable harness exited with ${code}:\n${stderr.trim().split('\n').slice(-15).join('\n')}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(stdout) as Record<string, unknown>);
      } catch {
        reject(new Error(`the Flowable harness printed no JSON:\n${stdout.slice(0, 500)}\n${stderr.slice(-1500)}`));
      }
    });
  });
}

/** The whole peer phase: record, replay on Temporal, replay on Flowable. */
export async function runPeer(
  ctx: BenchContext,
  postgresAddress: string,
  temporalVersion: string,
): Promise<PeerReport> {
  const k = ctx.opts.fullConferences;
  note('Peer: building the Flowable harness (Maven, cached outside the repository)…');
  const classPath = await buildHarness();

  note(`Peer: recording the unit actions on ${k} seed conferences…`);
  const sequences = await recordSequences(ctx, k);
  const perConference = sequences.map((s) => s.length);
  note(`  recorded ${perConference.join(', ')} actions`);
  if (perConference.some((n) => n === 0)) throw new Error('a recorded conference has no actions');

  note(`Peer: Temporal replays them on ${k + 1} fresh conferences (one to warm up)…`);
  const ids = Array.from({ length: k + 1 }, (_, i) => `bench-${ctx.tag}-peer-${i}`);
  // startConference returns once the board shows every responsibility: the boards are ready.
  await Promise.all(ids.map((id) => startBenchConference(ctx.client, ctx.plan, id, ctx.engineQueue)));
  const warm = await replayTemporal(ctx.client, ids.slice(0, 1), sequences.slice(0, 1));
  if (warm.errors > 0) throw new Error(`the Temporal warm-up failed: ${warm.firstError}`);
  const temporal = await replayTemporal(ctx.client, ids.slice(1), sequences);

  note('Peer: Flowable replays them on its own process instances (same PostgreSQL)…');
  const [host, port] = postgresAddress.split(':');
  const dir = await mkdtemp(join(tmpdir(), 'kehoach-peer-'));
  try {
    const input = join(dir, 'input.json');
    await writeFile(
      input,
      JSON.stringify({
        database: {
          url: `jdbc:postgresql://${host}:${port}/${FLOWABLE_DATABASE}`,
          adminUrl: `jdbc:postgresql://${host}:${port}/postgres`,
          database: FLOWABLE_DATABASE,
          user: DB_USER,
          password: DB_PASSWORD,
        },
        clock: benchClock(),
        plan: peerPlan(ctx.plan),
        conferences: sequences.map((s) =>
          s.map(({ key, request }) => ({
            key,
            taskId: request.taskId,
            action: request.action,
            unit: request.actor.unitId,
            person: request.actor.person,
            ...('note' in request ? { note: request.note } : {}),
            ...('reason' in request ? { reason: request.reason } : {}),
            ...('fields' in request ? { fields: request.fields } : {}),
            ...('evidence' in request ? { evidence: request.evidence } : {}),
          })),
        ),
      }),
    );
    const f = await runHarness(classPath, input, join(dir, 'kehoach-seed.bpmn20.xml'));
    const sync = String(f.synchronous_commit);
    const temporalSide: SideFigures = {
      engine: `Kehoach on Temporal server ${temporalVersion}, two worker processes`,
      conferences: k,
      actions: temporal.latencies.length,
      wallSeconds: round(temporal.wallMs / 1000),
      actionsPerSecond: round(temporal.latencies.length / (temporal.wallMs / 1000)),
      latencyMs: roundAll(percentiles(temporal.latencies)),
      retries: temporal.retries,
      errors: temporal.errors,
      durability:
        `an Update is answered after the workflow task that accepted it is persisted: the history events are a ` +
        `PostgreSQL transaction committed with synchronous_commit=${sync}, fsync=${String(f.fsync)} (the server's settings)`,
    };
    const latency = f.latencyMs as Percentiles;
    const flowableSide: SideFigures & Record<string, unknown> = {
      ...f,
      engine: `Flowable ${String(f.flowable)} embedded (Java ${String(f.java)}), history level ${String(f.historyLevel)}`,
      conferences: Number(f.conferences),
      actions: Number(f.actions),
      wallSeconds: Number(f.wallSeconds),
      actionsPerSecond: Number(f.actionsPerSecond),
      latencyMs: latency,
      retries: Number(f.retries),
      errors: Number(f.errors),
      durability:
        `taskService.complete returns after its JDBC transaction commits (the user task, the next tasks, the ` +
        `variables and the audit history in one transaction) with synchronous_commit=${sync}, fsync=${String(f.fsync)}`,
    };
    return {
      conferences: k,
      actionsPerConference: round(perConference.reduce((a, b) => a + b, 0) / k, 1),
      sequence:
        'the actions the bench units took on the seed plan until no task could move on the bench clock (phases "during" ' +
        'and "after" never open, no deadline or reminder comes due), each approval sent back once; each conference ' +
        'replays its sequence one action after another, all conferences side by side',
      temporal: temporalSide,
      flowable: flowableSide,
      ratios: {
        actionsPerSecond: round(flowableSide.actionsPerSecond / temporalSide.actionsPerSecond),
        p50: round(latency.p50 / temporalSide.latencyMs.p50),
        p99: round(latency.p99 / temporalSide.latencyMs.p99),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The peer figures as a small table. */
export function renderPeer(r: PeerReport, machine: MachineInfo): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2) : '—');
  const row = (name: string, s: SideFigures): string =>
    `  ${name.padEnd(10)} ${String(s.actions).padStart(7)} ${f(s.wallSeconds).padStart(7)} ${f(s.actionsPerSecond).padStart(10)}` +
    `  ${f(s.latencyMs.p50).padStart(7)} ${f(s.latencyMs.p95).padStart(7)} ${f(s.latencyMs.p99).padStart(7)}` +
    `  ${String(s.retries).padStart(7)} ${String(s.errors).padStart(6)}`;
  const completeOnly = r.flowable.completeOnlyLatencyMs as Percentiles | undefined;
  return [
    '',
    `Peer — the seed plan on Temporal and on Flowable, same PostgreSQL, same unit actions (${r.conferences} conferences side by side, ${r.actionsPerConference} actions each)`,
    `machine: ${machine.cpu}, ${machine.cores} cores; load average at start ${machine.loadAverageAtStart.join(' ')}, now ${loadavg()
      .map((l) => round(l))
      .join(' ')}`,
    `  Temporal: ${r.temporal.engine}`,
    `  Flowable: ${r.flowable.engine}`,
    '             actions  wall s  actions/s   p50 ms  p95 ms  p99 ms  retries errors',
    row('Temporal', r.temporal),
    row('Flowable', r.flowable),
    `  Flowable ÷ Temporal: actions/s ${f(r.ratios.actionsPerSecond)}, p50 ${f(r.ratios.p50)}, p99 ${f(r.ratios.p99)}`,
    `  (a Flowable action is the task query and complete(); complete() alone: p50 ${f(completeOnly?.p50 ?? Number.NaN)}, ` +
      `p99 ${f(completeOnly?.p99 ?? Number.NaN)} ms; JVM RSS ${String(r.flowable.jvmRssMiB)} MiB)`,
    `  durability: Temporal — ${r.temporal.durability}`,
    `              Flowable — ${r.flowable.durability}`,
    '',
  ].join('\n');
}
