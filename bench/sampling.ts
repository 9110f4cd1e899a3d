/**
 * How a figure is taken: timed samples of one operation with only the timed part counted, a
 * bounded pool for starting many conferences, and rounding for the report. Every phase uses
 * these, so a sample means the same thing in every figure.
 */
import { performance } from 'node:perf_hooks';
import { tick } from './progress';
import { round, type Percentiles } from './stats';

/** Runs `n` samples of `op`, each timed by `time`; preparation outside `time` is not counted. */
export async function sample(
  label: string,
  n: number,
  op: (time: <T>(f: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<number[]> {
  const samples: number[] = [];
  const time = async <T>(f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    samples.push(performance.now() - t0);
    return out;
  };
  for (let i = 0; i < n; i++) {
    tick(`  ${label} ${i + 1}/${n}`);
    await op(time);
  }
  return samples;
}

/** Runs `f` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, f: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await f(items[i] as T, i);
      }
    }),
  );
}

export function roundAll(p: Percentiles): Percentiles {
  return { n: p.n, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) };
}
