/**
 * Full seed conferences, start to complete, several side by side: what a conference costs
 * end to end when units act at once (bench/driver.ts), and the throughput that follows.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { conferenceHandle } from '../client/conference';
import type { Plan } from '../domain/plan/schema';
import { driveConference, startBenchConference } from './driver';
import { tick } from './progress';

/** Starts `k` seed conferences at once and drives each to completion with simulated units. */
export async function runConferences(
  client: Client,
  plan: Plan,
  taskQueue: string,
  k: number,
  prefix: string,
): Promise<{
  durations: number[];
  throughput: { conferencesPerMinute: number; actionsPerSecond: number; actions: number };
  conferences: { id: string; actions: number }[];
}> {
  const start = performance.now();
  const runs = await Promise.all(
    Array.from({ length: k }, async (_, i) => {
      const id = `${prefix}-${i}`;
      const t0 = performance.now();
      await startBenchConference(client, plan, id, taskQueue, true);
      const drive = await driveConference(client, plan, id);
      const result = await conferenceHandle(client, id).result();
      if (result.outcome !== 'completed') throw new Error(`conference ${id} ended ${result.outcome}`);
      tick(`  conference ${id} done: ${drive.actions} actions`);
      return { id, ms: performance.now() - t0, actions: drive.actions };
    }),
  );
  const wallSeconds = (performance.now() - start) / 1000;
  const actions = runs.reduce((n, r) => n + r.actions, 0);
  return {
    durations: runs.map((r) => r.ms),
    throughput: { conferencesPerMinute: (k / wallSeconds) * 60, actionsPerSecond: actions / wallSeconds, actions },
    conferences: runs.map((r) => ({ id: r.id, actions: r.actions })),
  };
}
