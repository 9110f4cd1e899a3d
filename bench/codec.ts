/**
 * What sealing costs an action (docs/sealed-messages.md): the payloads one task Update moves
 * through the codec — its argument (sealed by the client, opened by the worker), its answer
 * (sealed by the worker, opened by the client) and the child's report of its tasks to the
 * conference (sealed by the child's worker, opened by the parent's) — converted as Temporal
 * converts them, once with the seal codec and once without, interleaved over rounds in this run.
 * Measured in process (no server): the codec's own CPU time, which every round trip of the
 * latency blocks above already includes.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { SealCodec } from '../client/seal-codec';
import type { Plan } from '../domain/plan/schema';

export interface CodecFigure {
  payloadsPerAction: number;
  bytesPerAction: number;
  /** Median over rounds, microseconds per action: conversion alone (before sealing). */
  plainMicrosPerAction: number;
  /** The same with the seal codec (AES-256-GCM seal and open of each payload). */
  sealedMicrosPerAction: number;
  /** sealed ÷ plain, in the same run. */
  ratio: number;
  /** What sealing adds, as a share of the task Update's p50 round trip measured in this run. */
  shareOfTaskUpdateP50: number | null;
}

/** The payloads of one seed task Update: its argument, its answer and the report to the conference. */
function actionPayloads(plan: Plan): unknown[] {
  const responsibility = plan.responsibilities.find((r) => r.tasks.length > 3) ?? plan.responsibilities[0]!;
  const task = responsibility.tasks[0]!;
  const view = { ...task, responsibilityId: responsibility.id, state: 'done', due: '2023-03-20T10:00:00.000Z' };
  const argument = {
    taskId: task.id,
    action: 'complete',
    actor: { unitId: task.assignees[0] ?? 'org', person: 'Nguyễn Thị Lan' },
    requestId: 'bench-0000-0000',
    note: 'Đã hoàn thành báo cáo theo kế hoạch.',
  };
  const report = {
    responsibilityId: responsibility.id,
    tasks: responsibility.tasks.map((t) => ({ ...t, state: 'open' })),
  };
  return [argument, view, report];
}

function timeOnce(values: unknown[], codec: SealCodec | undefined, iterations: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    for (const value of values) {
      const payload: Payload = defaultPayloadConverter.toPayload(value);
      const wire = codec
        ? codec.seal([payload], { type: 'workflow', namespace: 'default', workflowId: 'w' })
        : [payload];
      const opened = codec
        ? wire.map((p) => codec.open(p, { type: 'workflow', namespace: 'default', workflowId: 'w' }))
        : wire;
      defaultPayloadConverter.fromPayload(opened[0]!);
    }
  }
  return ((performance.now() - t0) * 1000) / iterations;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function measureCodec(
  plan: Plan,
  taskUpdateP50Ms: number | undefined,
  rounds = 7,
  iterations = 2000,
): CodecFigure {
  const codec = new SealCodec({ current: 'kbench', keys: new Map([['kbench', randomBytes(32)]]), source: 'bench' });
  const values = actionPayloads(plan);
  timeOnce(values, codec, 200); // warm both paths
  timeOnce(values, undefined, 200);
  const plain: number[] = [];
  const sealed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    if (r % 2 === 0) {
      plain.push(timeOnce(values, undefined, iterations));
      sealed.push(timeOnce(values, codec, iterations));
    } else {
      sealed.push(timeOnce(values, codec, iterations));
      plain.push(timeOnce(values, undefined, iterations));
    }
  }
  const plainMicros = median(plain);
  const sealedMicros = median(sealed);
  return {
    payloadsPerAction: values.length,
    bytesPerAction: values.reduce<number>((n, v) => n + (defaultPayloadConverter.toPayload(v).data?.length ?? 0), 0),
    plainMicrosPerAction: Math.round(plainMicros * 10) / 10,
    sealedMicrosPerAction: Math.round(sealedMicros * 10) / 10,
    ratio: Math.round((sealedMicros / plainMicros) * 100) / 100,
    shareOfTaskUpdateP50:
      taskUpdateP50Ms && taskUpdateP50Ms > 0
        ? Math.round(((sealedMicros - plainMicros) / 1000 / taskUpdateP50Ms) * 10_000) / 10_000
        : null,
  };
}
