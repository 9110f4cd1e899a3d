/**
 * The upload phase: a 200 MiB video handed in through the web API, streamed (generated on the
 * fly, never stored whole anywhere but in the evidence store), then the submit action that
 * records its SHA-256 in history. The figure is the web process's RSS growth while the file is
 * stored (peak during the upload − settled RSS before it), sampled from /proc every 50 ms; the
 * target is < 64 MiB: the file must stream through, not sit in memory.
 */
import { createHash } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { issueAccessLink } from '../client/access-links';
import type { EvidenceFile } from '../domain/actions';
import { PlanSchema, type Plan } from '../domain/plan/schema';
import type { BenchContext } from './context';
import { startBenchConference } from './driver';
import { note } from './progress';
import { processRss } from './setup';
import { mib, round } from './stats';
import type { FromWeb, WebProcessConfig } from './web-process';

export const UPLOAD_BYTES = 200 * 1024 * 1024;
export const UPLOAD_RSS_TARGET_MIB = 64;
const TASK = 'districts.muong-cha.report';
const UNIT = 'muong-cha';

export interface UploadFigure {
  bytes: number;
  seconds: number;
  mibPerSecond: number;
  webRssBeforeMiB: number;
  webRssPeakMiB: number;
  /** Peak during the upload − settled before it. */
  webRssGrowthMiB: number;
  sha256: string;
  /** The submit action that names the file was accepted and the task's history records the hash. */
  hashInHistory: boolean;
}

/** The seed plan with Mường Chà's report asking for the video itself (a file field of 512 MiB). */
function planWithVideoFile(plan: Plan): Plan {
  const copy = structuredClone(plan);
  for (const r of copy.responsibilities) {
    for (const t of r.tasks) {
      if (t.id === TASK && t.kind === 'submission') {
        t.fields.push({
          name: 'videoFile',
          label: 'Video (khoảng 5 phút)',
          type: 'file',
          required: true,
          maxBytes: 512 * 1024 * 1024,
        });
      }
    }
  }
  return PlanSchema.parse(copy);
}

export async function measureUpload(ctx: BenchContext, address: string): Promise<UploadFigure> {
  const plan = planWithVideoFile(ctx.plan);
  const conferenceId = `bench-${ctx.tag}-upload`;
  await startBenchConference(ctx.client, plan, conferenceId, ctx.engineQueue);
  const { token } = await issueAccessLink(ctx.client, conferenceId, {
    unitId: UNIT,
    role: 'unit',
    validDays: 1,
    actor: { unitId: plan.organizer, person: 'Bench' },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-bench-evidence-'));
  const web = await startWebProcess({ address, namespace: 'default', dataDir });
  try {
    await settle();
    const before = await steadyRss(web.pid);
    let peak = before;
    const sampler = setInterval(() => {
      void processRss(web.pid).then((rss) => {
        if (rss > peak) peak = rss;
      });
    }, 50);
    const t0 = performance.now();
    let answer: { files: EvidenceFile[]; fields: Record<string, string> };
    let sha256: string;
    try {
      ({ answer, sha256 } = await upload(`${web.url}/api/conferences/${conferenceId}/tasks/${TASK}/files`, token));
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, await processRss(web.pid));
    if (answer.files[0]?.sha256 !== sha256) throw new Error('the web stored another hash than the bytes sent');

    const act = await fetch(`${web.url}/api/conferences/${conferenceId}/tasks/${TASK}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'submit',
        person: 'Bench',
        fields: {
          reportUrl: 'https://muongcha.dienbien.gov.vn/bao-cao-2022',
          videoUrl: 'https://muongcha.dienbien.gov.vn/video-2022',
          ...answer.fields,
        },
        files: answer.files,
      }),
    });
    const view = (await act.json()) as { history?: { files?: EvidenceFile[] }[] };
    const hashInHistory =
      act.status === 200 && (view.history ?? []).some((h) => h.files?.some((f) => f.sha256 === sha256));
    return {
      bytes: UPLOAD_BYTES,
      seconds: round(seconds, 1),
      mibPerSecond: round(UPLOAD_BYTES / 1024 / 1024 / seconds, 1),
      webRssBeforeMiB: mib(before),
      webRssPeakMiB: mib(peak),
      webRssGrowthMiB: mib(peak - before),
      sha256,
      hashInHistory,
    };
  } finally {
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Streams a generated MP4-looking file as one multipart part; resolves with the answer and the bytes' hash. */
async function upload(
  url: string,
  token: string,
): Promise<{ answer: { files: EvidenceFile[]; fields: Record<string, string> }; sha256: string }> {
  const boundary = `kehoach-bench-${Date.now()}`;
  const hash = createHash('sha256');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="field.videoFile"; filename="video-muong-cha.mp4"\r\n` +
      'Content-Type: video/mp4\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const mp4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const chunk = Buffer.alloc(256 * 1024);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + UPLOAD_BYTES + tail.length),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`upload answered ${res.statusCode}: ${text}`));
          else resolve({ answer: JSON.parse(text) as never, sha256: hash.digest('hex') });
        });
      },
    );
    req.on('error', reject);
    let sent = 0;
    let n = 0;
    const pump = (): void => {
      while (sent < UPLOAD_BYTES) {
        const size = Math.min(chunk.length, UPLOAD_BYTES - sent);
        chunk.fill(n++ & 0xff);
        if (sent === 0) mp4.copy(chunk);
        const part = Buffer.from(chunk.subarray(0, size));
        hash.update(part);
        sent += size;
        if (!req.write(part)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

async function startWebProcess(config: WebProcessConfig): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./web-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KEHOACH_BENCH_WEB: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (msg: FromWeb) => (msg.type === 'ready' ? resolve(msg.url) : reject(new Error(msg.message))));
    child.once('exit', (code) => reject(new Error(`bench web process exited (code ${code}) before it was ready`)));
  });
  note(`Web process ${child.pid} at ${url}`);
  return {
    pid: child.pid as number,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 1000));

/** The median of a few RSS readings a moment apart: the web at rest. */
async function steadyRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(await processRss(pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  return readings.sort((a, b) => a - b)[2] ?? Number.NaN;
}

/** The upload figure's target, as the report keeps every target. */
export function uploadTarget(u: UploadFigure | undefined): {
  what: string;
  target: number;
  value: number;
  met: boolean | null;
} {
  return {
    what: `web RSS growth while a ${UPLOAD_BYTES / 1024 / 1024} MiB upload is stored (MiB; target < ${UPLOAD_RSS_TARGET_MIB})`,
    target: UPLOAD_RSS_TARGET_MIB,
    value: u?.webRssGrowthMiB ?? Number.NaN,
    met: u ? u.webRssGrowthMiB < UPLOAD_RSS_TARGET_MIB && u.hashInHistory : null,
  };
}
