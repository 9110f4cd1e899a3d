/**
 * Refused attempts reach the audit wherever they were refused: two web servers (each with a data
 * folder of its own) and a CLI on a third refuse something; `kehoach audit` run from a fourth
 * folder shows the three refusals, each once, and the conference's own history is unchanged by
 * them. Through a flood of refusals the log workflow hands each run over at its history bound.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../audit';
import { issueAccessLink, revokeAccessLink } from '../../client/access-links';
import { startConference } from '../../client/conference';
import { readRefusals, recordRefusal } from '../../client/refusal-log';
import { conferenceWorkflowId, refusalLogWorkflowId } from '../../domain/ids';
import { refusalRecordedSignal } from '../../domain/messages';
import { REFUSAL_LOG, type RefusalLogEntry } from '../../domain/refusals';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

const WorkflowTaskFailedCause = proto.temporal.api.enums.v1.WorkflowTaskFailedCause;
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
let env: TestEnv;
const dirs: string[] = [];
const dir = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `kehoach-${name}-`));
  dirs.push(d);
  return d;
};
const webs: WebServer[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
});

afterAll(async () => {
  for (const w of webs) await w.close();
  await env?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(prefix: string): Promise<string> {
  const conferenceId = env.conferenceId(prefix);
  // One plan day per real hour: nothing falls due while the test runs.
  await startConference(env.client, {
    conferenceId,
    plan: miniPlan('http://127.0.0.1:9/unused'),
    clock: rehearsal(3_600_000),
    date: '2023-03-20',
    taskQueue: env.taskQueue,
  });
  return conferenceId;
}

async function runEvents(workflowId: string, runId: string) {
  return (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}

async function historyLength(workflowId: string, runId?: string): Promise<number> {
  return (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events?.length ?? 0;
}

describe('the refusal log', () => {
  it('brings the refusals of two web servers and a CLI elsewhere into one audit, each once', async () => {
    const conferenceId = await start('refusal-log');
    const [webA, webB, cliDir, auditorDir] = [dir('web-a'), dir('web-b'), dir('cli'), dir('auditor')];
    const logA = join(webA, 'refusals.jsonl');
    const logB = join(webB, 'refusals.jsonl');
    for (const refusalLog of [logA, logB])
      webs.push(
        await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog, linkCacheMs: 0 }),
      );
    const [a, b] = webs as [WebServer, WebServer];

    // A session on each web server for a link that is then revoked.
    const cookies: string[] = [];
    for (const web of [a, b]) {
      const issued = await issueAccessLink(env.client, conferenceId, {
        unitId: 'a',
        role: 'unit',
        validDays: 1,
        actor: org,
      });
      const opened = await fetch(`${web.url}/k/${conferenceId}/${issued.token}`, { redirect: 'manual' });
      cookies.push((opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
      await revokeAccessLink(env.client, conferenceId, issued.link.linkId, org);
    }
    const before = await historyLength(conferenceWorkflowId(conferenceId));

    const people = ['Giàng A Páo', 'Lò Thị Mai', 'Vàng Seo Chứ'];
    for (const [i, web] of [a, b].entries()) {
      const sent = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies[i] ?? '', 'content-type': 'application/x-www-form-urlencoded', origin: web.url },
        body: new URLSearchParams({
          action: 'submit',
          person: people[i] ?? '',
          requestId: `req-web-${i}`,
          reportUrl: 'https://example.org/bao-cao-a.pdf',
        }).toString(),
      });
      expect(sent.status).toBe(401);
    }
    const cli = await runKehoach(
      ['submit', conferenceId, 'no-such-task', '--as', 'a', '--by', people[2] ?? '', '--request-id', 'req-cli'],
      { taskQueue: env.taskQueue, dataDir: cliDir },
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('no-such-task');

    // No machine kept them to itself: they are in the conference's refusal log.
    for (const path of [logA, logB, join(cliDir, 'refusals.jsonl')]) expect(existsSync(path)).toBe(false);

    const audit = await runKehoach(['audit', conferenceId, '--json'], {
      taskQueue: env.taskQueue,
      dataDir: auditorDir,
    });
    expect(audit.code).toBe(0);
    const refused = (JSON.parse(audit.stdout) as AuditRow[]).filter((r) => r.kind === 'refused');
    expect(refused.map((r) => [r.requestId, r.person, r.source]).sort()).toEqual([
      ['req-cli', people[2], 'cli-log'],
      ['req-web-0', people[0], 'web-log'],
      ['req-web-1', people[1], 'web-log'],
    ]);
    // The conference's own history did not grow with them.
    expect(await historyLength(conferenceWorkflowId(conferenceId))).toBe(before);
  });

  it('hands each run of the log over at its bound through a flood, and loses none', async () => {
    const conferenceId = await start('refusal-flood');
    const maxEvents = 40;
    const count = 80;
    const entry = (i: number): RefusalLogEntry => ({
      time: new Date(Date.UTC(2023, 2, 14, 1, 0, i)).toISOString(),
      conferenceId,
      taskId: 'report-a',
      action: 'submit',
      unit: 'a',
      person: 'Kẻ Gửi Dồn',
      requestId: `flood-${i}`,
      field: 'link',
      reason: 'the access link has been revoked',
      reasonVi: 'đường liên kết đã bị thu hồi',
      type: 'KehoachLink',
      via: 'web',
    });
    for (let i = 0; i < count; i++) await recordRefusal(env.client, entry(i), { maxEvents });
    // A malformed entry (as anyone who reaches Temporal could send) is dropped, not counted, not fatal.
    await env.client.workflow
      .getHandle(refusalLogWorkflowId(conferenceId))
      .signal(refusalRecordedSignal, { time: 'x' });

    // The worker has handled every Signal (a task completed after the newest run's last Signal).
    const handle = env.client.workflow.getHandle(refusalLogWorkflowId(conferenceId));
    await eventually(async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const lastSignal = Math.max(-1, ...events.map((e, i) => (e.workflowExecutionSignaledEventAttributes ? i : -1)));
      const lastDone = Math.max(-1, ...events.map((e, i) => (e.workflowTaskCompletedEventAttributes ? i : -1)));
      return lastDone > lastSignal ? true : undefined;
    }, 'the log to handle its signals');

    // A Signal that arrives while the log's worker holds a task is written when the task ends.
    const read = await readRefusals(env.client, conferenceId, join(dir('flood'), 'refusals.jsonl'));
    expect(read.map((r) => r.requestId)).toEqual(Array.from({ length: count }, (_, i) => `flood-${i}`));

    // Follow the chain back from the newest run. Temporal cannot refuse a Signal: those that
    // arrive while a run hands over still land in it, and on a loaded machine (a slow worker, the
    // whole flood sent while one task runs) that can be most of them. What the workflow controls,
    // and what is checked: each run hands over at its first task that starts at or past the
    // hand-over point (no task after it completes without continuing as new); past that point a
    // run grows only by the Signals that came in and the server's own bookkeeping of tasks; and no
    // task fails but the server's own "a Signal came in while you were closing, try again"
    // (UNHANDLED_COMMAND).
    const handOverAt = maxEvents - REFUSAL_LOG.headroomEvents;
    const lengths: number[] = [];
    const lateTasks: number[] = [];
    const grewBy = new Set<string>();
    const failures: string[] = [];
    const bookkeeping = new Set([
      'workflowExecutionSignaledEventAttributes',
      'workflowTaskScheduledEventAttributes',
      'workflowTaskStartedEventAttributes',
      'workflowTaskCompletedEventAttributes',
      'workflowTaskFailedEventAttributes',
      'workflowTaskTimedOutEventAttributes',
      'workflowExecutionContinuedAsNewEventAttributes',
    ]);
    let runId: string | undefined = (await handle.describe()).runId;
    for (let newest = true; runId; newest = false) {
      const events = await runEvents(refusalLogWorkflowId(conferenceId), runId);
      lengths.push(events.length);
      const pastPoint = events.findIndex(
        (e) => e.workflowTaskStartedEventAttributes && Number(e.eventId) >= handOverAt,
      );
      const completedAfter = events.filter(
        (e, i) => pastPoint >= 0 && i > pastPoint && e.workflowTaskCompletedEventAttributes,
      );
      if (!newest) {
        expect(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
        lateTasks.push(completedAfter.length);
        for (const e of events.slice(pastPoint + 1))
          for (const [key, value] of Object.entries(e))
            if (key.endsWith('EventAttributes') && value && !bookkeeping.has(key)) grewBy.add(key);
      }
      for (const e of events) {
        const cause = e.workflowTaskFailedEventAttributes?.cause;
        if (
          e.workflowTaskFailedEventAttributes &&
          cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND
        )
          failures.push(String(cause));
      }
      runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    console.log(
      `refusal flood: ${count} refusals, hand-over at ${handOverAt} of ${maxEvents} events, runs' lengths (newest first) ${lengths.join(', ')}`,
    );
    // Without continue-as-new one run would hold every Signal (more than 2 events each).
    expect(lengths.length).toBeGreaterThan(1);
    expect(lateTasks.every((n) => n <= 1)).toBe(true);
    expect([...grewBy]).toEqual([]);
    expect(failures).toEqual([]);
  });
});
