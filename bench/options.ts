/**
 * The bench's command line: what a quick and a full run measure, in one place, so that every
 * phase reads the same numbers and `--help` says what they mean.
 */
import { parseArgs } from 'node:util';

export interface Options {
  quick: boolean;
  rounds: number;
  /** Samples per latency block per round. */
  samples: number;
  /** Samples per start-to-complete block per round (workflows are slower than messages). */
  startSamples: number;
  /** Seed conferences run to completion side by side in each round. */
  fullConferences: number;
  /** Open-conference counts for the scale phase, ascending. */
  scale: number[];
  json: string | undefined;
  scaleBudgetSeconds: number;
  workerHeapMb: number | undefined;
  warmup: number;
  /** Run on the local cluster (PostgreSQL, the Temporal server v1.29.1, two worker processes) instead of the dev server. */
  cluster: boolean;
  /** Only the upload phase (a 200 MiB evidence file through the web), no latency rounds or scale. */
  uploadOnly: boolean;
  /** Only the peer phase: the seed plan on Temporal and on Flowable 7, same PostgreSQL (implies --cluster). */
  peer: boolean;
}

export function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      cluster: { type: 'boolean', default: false },
      json: { type: 'string' },
      rounds: { type: 'string' },
      samples: { type: 'string' },
      conferences: { type: 'string' },
      'full-conferences': { type: 'string' },
      'worker-heap-mb': { type: 'string' },
      'scale-budget': { type: 'string' },
      'upload-only': { type: 'boolean', default: false },
      peer: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- [--quick] [--json <file>] [--rounds N] [--samples N] [--conferences 100,1000]',
        '                 [--full-conferences K] [--worker-heap-mb MB]',
        '  --quick             about a minute: 3 rounds, small blocks, 20 open conferences',
        '  --cluster           on the local cluster (PostgreSQL, Temporal server v1.29.1, two worker processes;',
        '                      docs/cluster.md) instead of the in-memory dev server',
        '  --json <file>       also write every figure, named ratios included, as JSON',
        '  --rounds N          interleaved rounds (default 5; quick 3)',
        '  --samples N         samples per latency block per round (default 200; quick 25)',
        '  --conferences list  open seed conferences for the scale phase (default 100,1000; quick 20)',
        '  --full-conferences K  seed conferences driven to completion side by side per round (default 8; quick 3)',
        '  --scale-budget S    stop starting conferences in a scale step after S seconds (default 900)',
        '  --worker-heap-mb MB   V8 heap limit of the worker process (sets the SDK default workflow cache size)',
        '  --upload-only       only the upload phase: the web RSS growth while a 200 MiB evidence file is stored',
        '  --peer              only the peer phase, on the local cluster: the seed plan on Flowable 7 embedded (Java 17,',
        '                      bench/peer-flowable, built by Maven on demand) beside Temporal, same PostgreSQL, same',
        '                      unit actions on K conferences side by side (--full-conferences); actions/s, p50/p99',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const int = (v: string | undefined, d: number, what: string): number => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${what} must be a positive whole number, not "${v}"`);
    return n;
  };
  const samples = int(values.samples, quick ? 25 : 200, 'samples');
  const scale = (values.conferences ?? (quick ? '20' : '100,1000'))
    .split(',')
    .map((s) => int(s.trim(), 0, 'conferences'))
    .sort((a, b) => a - b);
  return {
    quick,
    rounds: int(values.rounds, quick ? 3 : 5, 'rounds'),
    samples,
    startSamples: Math.max(5, Math.round(samples / (quick ? 2 : 4))),
    fullConferences: int(values['full-conferences'], quick ? 3 : 8, 'full-conferences'),
    scale,
    json: values.json,
    scaleBudgetSeconds: int(values['scale-budget'], 900, 'scale-budget'),
    workerHeapMb:
      values['worker-heap-mb'] === undefined ? undefined : int(values['worker-heap-mb'], 0, 'worker-heap-mb'),
    warmup: quick ? 8 : 30,
    // The peer runs on the cluster's PostgreSQL.
    cluster: (values.cluster ?? false) || (values.peer ?? false),
    uploadOnly: values['upload-only'] ?? false,
    peer: values.peer ?? false,
  };
}
