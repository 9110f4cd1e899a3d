/**
 * Where task Updates come from: real actions on open tasks of fresh seed conferences, started
 * ahead of time, so the figure is the engine's Update as units use it (and no start runs while
 * Updates are timed). The rules of each task kind stay in bench/driver.ts.
 */
import type { Client } from '@temporalio/client';
import { conferenceStatus } from '../client/conference';
import type { TaskActionRequest } from '../domain/actions';
import type { Plan, Task } from '../domain/plan/schema';
import { actionsToFinish } from '../domain/task-kinds';
import type { TaskView } from '../domain/views';
import type { BenchContext } from './context';
import { momentOf, nextAction, sleep, startBenchConference, taskSpecs, type Moment } from './driver';
import { note, tick } from './progress';
import { pool } from './sampling';

/**
 * Hands out task actions that complete tasks of fresh seed conferences, one conference after
 * another: the next action of an open task (complete, submit, approve, sign, confirm a phase).
 * Conferences are started ahead of time so that no start runs while Updates are timed.
 */
export class TaskActions {
  private index = 0;
  private views = new Map<string, TaskView>();
  private loaded = false;
  private moment: Moment | undefined;
  /** Actions refused on the current conference (taskId:action:phase), not offered again. */
  private readonly refusedKeys = new Set<string>();
  private readonly specs: Map<string, Task>;
  actions = 0;

  constructor(
    private readonly client: Client,
    private readonly plan: Plan,
    private readonly conferenceIds: string[],
    private readonly more: () => Promise<string>,
  ) {
    this.specs = taskSpecs(plan);
  }

  /** The conference whose tasks are being acted on now (also the status Query target). */
  get current(): string {
    const id = this.conferenceIds[Math.min(this.index, this.conferenceIds.length - 1)];
    if (id === undefined) throw new Error('no conference in the pool');
    return id;
  }

  async next(): Promise<{ conferenceId: string; responsibilityId: string; request: TaskActionRequest }> {
    for (let looks = 0; ; looks++) {
      if (this.loaded) {
        for (const view of this.views.values()) {
          const spec = this.specs.get(view.id);
          const request = spec && nextAction(spec, view, this.moment);
          if (request && !this.refusedKeys.has(keyOf(request)))
            return { conferenceId: this.current, responsibilityId: view.responsibilityId, request };
        }
      }
      // Nothing open that we know of: look at the board again (dependencies are routed through
      // the parent a moment later); after a few looks, move on to the next conference.
      if (looks >= 3 && this.loaded) {
        // Ran out of prepared conferences: start one more (rare; the pool is sized to avoid it).
        if (this.index >= this.conferenceIds.length - 1) this.conferenceIds.push(await this.more());
        this.index++;
        this.views.clear();
        this.refusedKeys.clear();
        this.loaded = false;
        looks = -1;
        continue;
      }
      if (looks > 0) await sleep(50);
      const status = await conferenceStatus(this.client, this.current);
      this.moment = momentOf(status, this.plan);
      for (const t of status.responsibilities.flatMap((r) => r.tasks)) {
        const mine = this.views.get(t.id);
        if (!mine || t.history.length >= mine.history.length) this.views.set(t.id, t);
      }
      this.loaded = true;
    }
  }

  answered(view: TaskView): void {
    this.actions++;
    this.views.set(view.id, view);
  }

  refused(request: TaskActionRequest): void {
    this.refusedKeys.add(keyOf(request));
  }

  /** Actions a seed conference offers when every task is taken to done. */
  static perConference(plan: Plan): number {
    return plan.responsibilities.flatMap((r) => r.tasks).reduce((n, t) => n + actionsToFinish(t), 0);
  }
}

function keyOf(r: TaskActionRequest): string {
  return `${r.taskId}:${r.action}:${'phase' in r ? r.phase : ''}:${r.actor.unitId}`;
}

/**
 * Starts the seed conferences the task Updates act on (enough for every sample, warm-up
 * included), four at a time, and returns the source of actions over them with their ids.
 */
export async function prepareTaskActions(ctx: BenchContext): Promise<{ tasks: TaskActions; poolIds: string[] }> {
  const { client: c, plan, opts, tag, engineQueue } = ctx;
  const perConference = TaskActions.perConference(plan);
  const taskSamples = opts.warmup + opts.rounds * opts.samples;
  // Phases "during" and "after" never open on this clock, and the last tasks wait on routing.
  const poolSize = Math.ceil(taskSamples / (perConference * 0.6)) + 2;
  note(`Starting ${poolSize} seed conferences for task Updates (${perConference} actions each)…`);
  const poolIds = Array.from({ length: poolSize }, (_, i) => `bench-${tag}-pool-${i}`);
  let poolStarted = 0;
  await pool(poolIds, 4, async (id) => {
    await startBenchConference(c, plan, id, engineQueue);
    tick(`  started ${++poolStarted}/${poolSize}`);
  });
  const tasks = new TaskActions(c, plan, poolIds, async () => {
    const id = `bench-${tag}-pool-${poolIds.length}`;
    await startBenchConference(c, plan, id, engineQueue);
    return id;
  });
  return { tasks, poolIds };
}
