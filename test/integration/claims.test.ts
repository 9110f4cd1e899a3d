/**
 * Identity the workflow checks (issue 13): on a real server, an action counts only with a claim
 * signed by the deployment's key for this conference, unit, person, request and task. Refused,
 * with the field `claim` and the reason, and nothing in history: an Update sent with the official
 * `temporal` CLI and no claim; a claim signed by another key; an expired one; one for another
 * conference; one for another unit; a unit's link claiming an organizer command; the same action
 * through `kehoach` without a credential. A Signal with no claim changes nothing and is a refused
 * row in the audit. A web action and an operator action show their proof in the audit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAudit, fetchConferenceHistories } from '../../audit';
import { issueAccessLink } from '../../client/access-links';
import { actingAs, claimFor, linkSigner, operatorSigner, type ClaimSigner } from '../../client/claims';
import { actOnTask, conferenceStatus, setConferenceDate, startConference } from '../../client/conference';
import { loadSigningKey } from '../../client/signing-key';
import { sealCodec } from '../../client/seal-codec';
import type { Actor } from '../../domain/actions';
import { CLAIM_HEADER, CLAIM_LIFETIME_MS } from '../../domain/claims';
import { refusalDetails, type RefusalDetails } from '../../domain/errors';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { taskActionSignal, taskActionUpdate } from '../../domain/messages';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import { newSecretKey } from '../../domain/signature';
import { provisionTemporalCli } from '../../engine/dev-server';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach } from '../helpers/cli';
import { rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

const run = promisify(execFile);

const organizer: Actor = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const A = 'muong-cha';
const TASK = 'districts.muong-cha.report';
const RESP = 'districts';
const fields = { reportUrl: 'https://muongcha.example/bc.pdf', videoUrl: 'https://muongcha.example/v.mp4' };

let env: TestEnv;
let conferenceId: string;
let web: WebServer;
const deployment = loadSigningKey();

/** A client that sends exactly this header value (or none) with every Update and Signal. */
function clientWithHeader(header: (workflowId: string, name: string, args: unknown[]) => unknown): Client {
  const put = (headers: Record<string, Payload>, workflowId: string, name: string, args: unknown[]) => {
    const value = header(workflowId, name, args);
    return value === undefined ? headers : { ...headers, [CLAIM_HEADER]: defaultPayloadConverter.toPayload(value) };
  };
  const interceptor: WorkflowClientInterceptor = {
    startUpdate: (input, next) =>
      next({ ...input, headers: put(input.headers, input.workflowExecution.workflowId, input.updateName, input.args) }),
    signal: (input, next) =>
      next({ ...input, headers: put(input.headers, input.workflowExecution.workflowId, input.signalName, input.args) }),
  };
  return new Client({
    connection: env.client.connection,
    namespace: 'default',
    // Sealed, as Kehoach's own clients seal: what is tested here is the claim.
    dataConverter: { payloadCodecs: [sealCodec()] },
    interceptors: { workflow: [interceptor] },
  });
}

async function historyLength(workflowId: string): Promise<number> {
  return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
}

/**
 * The history length once the workflow is at rest: just after the start, a responsibility may
 * still be running its first workflow task (and, in a conference of an earlier release,
 * acknowledging its first report), and a length read then grows by itself. Nothing else happens
 * on this clock (a plan day per hour).
 */
async function settledHistoryLength(workflowId: string): Promise<number> {
  let last = await historyLength(workflowId);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await historyLength(workflowId);
    if (now === last) return now;
    last = now;
  }
  throw new Error(`the history of ${workflowId} never came to rest`);
}

const action = (person: string, requestId: string) => ({
  taskId: TASK,
  action: 'submit' as const,
  actor: { unitId: A, person },
  requestId,
  fields,
});

/** Sends a submit on TASK with `client`; the refusal it gets, and whether history grew. */
async function refusedUpdate(client: Client, requestId: string, person = 'Lò Văn Kẻ'): Promise<RefusalDetails> {
  const wf = responsibilityWorkflowId(conferenceId, RESP);
  const before = await settledHistoryLength(wf);
  const err = await client.workflow
    .getHandle(wf)
    .executeUpdate(taskActionUpdate, { args: [action(person, requestId)] })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const details = refusalDetails(err);
  expect(details, String(err)).toBeDefined();
  expect(await historyLength(wf)).toBe(before);
  return details as RefusalDetails;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  conferenceId = env.conferenceId('claims');
  await startConference(env.client, {
    conferenceId,
    plan: loaded.plan,
    clock: rehearsal(3_600_000),
    date: '2023-03-28',
    startedBy: organizer,
    taskQueue: env.taskQueue,
  });
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog: false });
});

afterAll(async () => {
  await web?.close();
  await env?.close();
});

describe('a claim of who acts, verified by the workflow', () => {
  it('refuses an Update sent with the official temporal CLI and no claim, leaving nothing in history', async () => {
    const cli = await provisionTemporalCli();
    const wf = responsibilityWorkflowId(conferenceId, RESP);
    const before = await settledHistoryLength(wf);
    const res = await run(cli, [
      'workflow',
      'update',
      'execute',
      '--address',
      inject('temporalAddress'),
      '--workflow-id',
      wf,
      '--name',
      taskActionUpdate.name,
      '--input',
      JSON.stringify(action('Kẻ Giả Mạo', 'temporal-cli-0001')),
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string; stdout: string }) => ({ code: e.code, stderr: `${e.stderr}${e.stdout}` }),
    );
    expect(res.code).not.toBe(0);
    // The CLI seals nothing: refused before its claim is even read (test/integration/sealed-messages.test.ts).
    expect(res.stderr).toContain('type: KehoachUnsealed');
    expect(res.stderr).toContain('is not sealed');
    expect(await historyLength(wf)).toBe(before);
    const task = (await conferenceStatus(env.client, conferenceId)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === TASK);
    expect(task?.history).toEqual([]);
  });

  it('refuses a claim signed by another key, an expired one, one for another conference or unit', async () => {
    const stranger = operatorSigner({ ...deployment, secretKey: newSecretKey() });
    let refused = await refusedUpdate(
      clientWithHeader((wf, name, args) => claimFor(stranger, wf, name, args)),
      'forged-key-0001',
    );
    expect([refused.field, refused.type]).toEqual(['claim', 'KehoachInvalidClaim']);
    expect(refused.en).toContain("does not match the deployment's key");
    expect(refused.vi).toContain('Chữ ký của chứng thực không khớp khóa của hệ thống');

    const operator = operatorSigner(deployment);
    refused = await refusedUpdate(
      clientWithHeader((wf, name, args) => claimFor(operator, wf, name, args, Date.now() - CLAIM_LIFETIME_MS - 1000)),
      'expired-0001',
    );
    expect(refused.field).toBe('claim');
    expect(refused.en).toMatch(/^The claim expired at /);
    expect(refused.vi).toMatch(/^Chứng thực đã hết hạn lúc /);

    const other = conferenceWorkflowId('another-conference');
    refused = await refusedUpdate(
      clientWithHeader((_wf, name, args) => claimFor(operator, other, name, args)),
      'foreign-0001',
    );
    expect(refused.en).toBe(`The claim is for conference "another-conference", not "${conferenceId}".`);

    // The web's claim for Mường Nhé's link cannot act as Mường Chà.
    const nhe = linkSigner(deployment, { linkId: 'link-muong-nhe', unitId: 'muong-nhe', role: 'unit' });
    refused = await refusedUpdate(
      clientWithHeader((wf, name, args) => claimFor(nhe, wf, name, args)),
      'other-unit-0001',
    );
    expect(refused.en).toBe(`The claim is for unit "muong-nhe", not "${A}".`);
    expect(refused.vi).toBe(`Chứng thực là của đơn vị "muong-nhe", không phải "${A}".`);

    // A claim for one person does not carry another's name.
    const one = clientWithHeader((wf, name, args) =>
      claimFor(operator, wf, name, [{ ...(args[0] as object), actor: { unitId: A, person: 'Người Khác' } }]),
    );
    refused = await refusedUpdate(one, 'other-person-0001');
    expect(refused.en).toBe('The claim is for person "Người Khác", not "Lò Văn Kẻ".');
  });

  it("refuses an organizer command claimed by a unit's link, even for the organizer's unit", async () => {
    const unitLink: ClaimSigner = linkSigner(deployment, {
      linkId: 'link-noi-vu-unit',
      unitId: 'noi-vu',
      role: 'unit',
    });
    const wf = conferenceWorkflowId(conferenceId);
    const before = await settledHistoryLength(wf);
    const err = await actingAs(unitLink, () =>
      setConferenceDate(env.client, conferenceId, { date: '2023-03-29', reason: 'Thử', actor: organizer }),
    ).catch((e: unknown) => e);
    expect(refusalDetails(err)?.field).toBe('claim');
    expect(refusalDetails(err)?.en).toContain("needs the organizer's or an operator's claim");
    expect(await historyLength(wf)).toBe(before);
  });

  it('refuses the same action through kehoach without a credential, saying what is needed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-claims-cli-'));
    const wf = responsibilityWorkflowId(conferenceId, RESP);
    const before = await settledHistoryLength(wf);
    const res = await runKehoach(
      [
        'submit',
        conferenceId,
        TASK,
        '--as',
        A,
        '--by',
        'Kẻ Giả Mạo',
        '--field',
        `reportUrl=${fields.reportUrl}`,
        '--field',
        `videoUrl=${fields.videoUrl}`,
        '--lang',
        'en',
      ],
      { taskQueue: env.taskQueue, dataDir, signingKeyFile: null },
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('claim: no signing key at');
    expect(res.stderr).toContain('kehoach login <link>');
    expect(await historyLength(wf)).toBe(before);

    const schedule = await runKehoach(
      ['schedule', conferenceId, '--date', '2023-03-29', '--reason', 'Thử', '--as', 'noi-vu', '--by', 'Kẻ Giả Mạo'],
      { taskQueue: env.taskQueue, dataDir, signingKeyFile: null },
    );
    expect(schedule.code).toBe(1);
    expect(schedule.stderr).toContain('claim: không có khóa ký tại');
    expect((await conferenceStatus(env.client, conferenceId)).date).toBe('2023-03-28');
  });

  it('drops a Signal with no claim: the task is unchanged and the audit shows it refused', async () => {
    const bare = clientWithHeader(() => undefined);
    await bare.workflow
      .getHandle(responsibilityWorkflowId(conferenceId, RESP))
      .signal(taskActionSignal, action('Kẻ Giả Mạo', 'bare-signal-0001'));
    const row = await eventually(async () => {
      const rows = buildAudit(await fetchConferenceHistories(env.client, conferenceId), [], 'en');
      return rows.find((r) => r.requestId === 'bare-signal-0001');
    }, 'the refused signal in the audit');
    expect([row.kind, row.unit, row.source, row.proof]).toEqual(['refused', A, 'signal', null]);
    expect(row.detail).toMatch(/^claim: No claim of who acts/);
    const task = (await conferenceStatus(env.client, conferenceId)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === TASK);
    expect(task?.history).toEqual([]);
  });

  it('shows in the audit how a web action and an operator action were proven', async () => {
    // The web: Mường Chà's link, through the JSON API.
    const { link, token } = await issueAccessLink(env.client, conferenceId, {
      unitId: A,
      role: 'unit',
      validDays: 1,
      actor: organizer,
    });
    const res = await fetch(`${web.url}/api/conferences/${conferenceId}/tasks/${TASK}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'submit', person: 'Lò Văn Puôn', fields }),
    });
    expect(res.status).toBe(200);
    // An operator with the deployment's key, acting as the organizer.
    await setConferenceDate(env.client, conferenceId, {
      date: '2023-03-30',
      reason: 'Giấy mời số 12',
      actor: organizer,
      requestId: 'operator-date-0001',
    });
    await actOnTask(env.client, conferenceId, RESP, {
      taskId: 'districts.muong-nhe.report',
      action: 'submit',
      actor: { unitId: 'muong-nhe', person: 'Vàng A Dính' },
      fields,
    });

    const rows = buildAudit(await fetchConferenceHistories(env.client, conferenceId), [], 'vi');
    const byWeb = rows.find((r) => r.kind === 'action' && r.taskId === TASK);
    expect([byWeb?.unit, byWeb?.person, byWeb?.proof]).toEqual([A, 'Lò Văn Puôn', `link ${link.linkId}`]);
    expect(byWeb?.client).toMatch(/\S/);
    const date = rows.find((r) => r.requestId === 'operator-date-0001');
    expect([date?.kind, date?.unit, date?.proof]).toEqual([
      'dateMoved',
      'noi-vu',
      `operator ${deployment.fingerprint}`,
    ]);
    const nhe = rows.find((r) => r.kind === 'action' && r.taskId === 'districts.muong-nhe.report');
    expect(nhe?.proof).toBe(`operator ${deployment.fingerprint}`);
    expect(rows.find((r) => r.kind === 'start')?.proof).toBe(`key ${deployment.fingerprint}`);

    // The CLI's audit prints the same proof in its CSV.
    const csv = await runKehoach(['audit', conferenceId, '--format', 'csv', '--no-refusal-log'], {
      taskQueue: env.taskQueue,
      dataDir: mkdtempSync(join(tmpdir(), 'kehoach-claims-audit-')),
    });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/,proof,client$/);
    expect(csv.stdout).toContain(`link ${link.linkId}`);
  });

  it('acts through the web with a link kept by kehoach login (no key, no --as), and asks for one otherwise', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-claims-login-'));
    const config = mkdtempSync(join(tmpdir(), 'kehoach-claims-config-'));
    const cli = (args: string[]) =>
      runKehoach([...args, '--lang', 'en'], {
        taskQueue: env.taskQueue,
        dataDir,
        signingKeyFile: null,
        extra: { XDG_CONFIG_HOME: config },
      });
    const task = 'districts.muong-cha.delegates';
    const submit = [
      'submit',
      conferenceId,
      task,
      '--by',
      'Lò Văn Puôn',
      '--field',
      'headCount=5',
      '--field',
      'listUrl=https://muongcha.example/ds.pdf',
    ];

    let res = await cli(submit);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('as: sign in with your access link ("kehoach login <link>" or --token)');

    const { link, token } = await issueAccessLink(env.client, conferenceId, {
      unitId: A,
      role: 'unit',
      validDays: 1,
      actor: organizer,
    });
    res = await cli(['login', `${web.url}/k/${conferenceId}/${token}`]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Signed in to conference ${conferenceId} as ${A} (unit)`);
    const saved = join(config, 'kehoach', 'credentials.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);

    res = await cli(submit);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Recorded "submit" on task ${task}`);

    // The link's unit is the only unit it acts as: another unit's task is refused by the web.
    res = await cli([
      'submit',
      conferenceId,
      'districts.muong-nhe.delegates',
      '--by',
      'Lò Văn Puôn',
      '--field',
      'headCount=3',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^taskId: task "districts.muong-nhe.delegates" is not assigned to unit "muong-cha"/m);

    // The unit's link cannot move the date; the organizer's, given with --token, can.
    res = await cli([
      'schedule',
      conferenceId,
      '--date',
      '2023-03-31',
      '--reason',
      'Giấy mời số 13',
      '--by',
      'Lò Văn Puôn',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^role: the link of "muong-cha" \(unit\) may not do this/m);
    const boss = await issueAccessLink(env.client, conferenceId, {
      unitId: 'noi-vu',
      role: 'organizer',
      validDays: 1,
      actor: organizer,
    });
    res = await cli([
      'schedule',
      conferenceId,
      '--date',
      '2023-03-31',
      '--reason',
      'Giấy mời số 13',
      '--by',
      'Nguyễn Thị Lan',
      '--token',
      boss.token,
      '--web',
      web.url,
      '--request-id',
      'cli-token-date-0001',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Conference ${conferenceId} is set for`);

    const rows = buildAudit(await fetchConferenceHistories(env.client, conferenceId), [], 'en');
    const row = rows.find((r) => r.kind === 'action' && r.taskId === task);
    expect([row?.unit, row?.person, row?.proof]).toEqual([A, 'Lò Văn Puôn', `link ${link.linkId}`]);
    const date = rows.find((r) => r.requestId === 'cli-token-date-0001');
    expect([date?.kind, date?.unit, date?.person, date?.proof]).toEqual([
      'dateMoved',
      'noi-vu',
      'Nguyễn Thị Lan',
      `link ${boss.link.linkId}`,
    ]);
  });
});
