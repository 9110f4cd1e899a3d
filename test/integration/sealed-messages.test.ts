/**
 * Sealed messages (issue 24, docs/sealed-messages.md): on a real server, every Signal and Update
 * the workflows define, sent the way a stranger who reaches Temporal would send it — with the
 * official `temporal` CLI, with a bare SDK client (no codec), sealed with another key, sealed and
 * then changed, sealed for another conference, and a sealed message of this conference sent a
 * second time — changes no board, no schedule, no log and no draft; no workflow task fails; each
 * dropped Signal is a refused row in the audit; and the conference then finishes normally. A
 * conference started with an unsealed input, or with a claim key the deployment does not trust,
 * is refused at once.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAudit, fetchConferenceHistories, type AuditRow } from '../../audit';
import {
  actOnTask,
  cancelConference,
  conferenceHandle,
  conferenceStatus,
  setConferenceDate,
  startConference,
} from '../../client/conference';
import { draftState, startDraft } from '../../client/drafts';
import { readTemporalRefusals } from '../../client/refusal-log';
import { SealCodec, sealCodec } from '../../client/seal-codec';
import type { Actor } from '../../domain/actions';
import { refusalDetails } from '../../domain/errors';
import {
  conferenceWorkflowId,
  draftWorkflowId,
  refusalLogWorkflowId,
  responsibilityWorkflowId,
} from '../../domain/ids';
import {
  amendPlanUpdate,
  calendarAdoptedSignal,
  calendarReleasedSignal,
  cancelConferenceUpdate,
  claimRequestIdUpdate,
  dependencyDoneSignal,
  editDraftUpdate,
  issueAccessLinkUpdate,
  planAmendedSignal,
  progressReportUpdate,
  refusalRecordedSignal,
  revokeAccessLinkUpdate,
  scheduleChangedSignal,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
  tasksChangedSignal,
} from '../../domain/messages';
import { WORKFLOW_TYPE } from '../../domain/workflow-types';
import type { ConferenceStatus } from '../../domain/views';
import { newSecretKey, publicKeyOf } from '../../domain/signature';
import { provisionTemporalCli } from '../../engine/dev-server';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { eventually } from '../helpers/temporal';

const run = promisify(execFile);
const suite = conferenceSuite();
const organizer: Actor = { unitId: 'org', person: 'Nguyễn Thị Lan' };

let conferenceId: string;
let draftId: string;
let reports: string;
let summary: string;
let conference: string;

/** A codec that seals as Kehoach does, then lets `spoil` change what it wrote. */
function spoiled(spoil: (sealed: Payload, context?: SerializationContext) => Payload): PayloadCodec {
  const real = sealCodec();
  return {
    encode: async (payloads, context) => (await real.encode(payloads, context)).map((p) => spoil(p, context)),
    decode: (payloads, context) => real.decode(payloads, context),
  };
}

function clientWith(codec?: PayloadCodec): Client {
  return new Client({
    connection: suite.env.client.connection,
    namespace: 'default',
    ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}),
  });
}

/** The strangers: how each one seals (or does not), by name. */
const strangers = (): Record<string, Client> => ({
  plain: clientWith(),
  'unknown-key': clientWith(
    new SealCodec({ current: 'kstranger', keys: new Map([['kstranger', randomBytes(32)]]), source: 'test' }),
  ),
  tampered: clientWith(
    spoiled((p) => {
      const data = Uint8Array.from(p.data ?? []);
      data[data.length - 20] = (data[data.length - 20] ?? 0) ^ 0x01;
      return { ...p, data };
    }),
  ),
  // Sealed by the deployment's key, but for another conference's workflow (copied from there).
  misdirected: (() => {
    const real = sealCodec();
    return clientWith({
      encode: (payloads, context) =>
        real.encode(
          payloads,
          context && 'workflowId' in context ? { ...context, workflowId: 'conference:somewhere-else' } : context,
        ),
      decode: (payloads, context) => real.decode(payloads, context),
    });
  })(),
});

/** What a unit or organizer would see change: each task's state, deadline and history, and the date. */
function boardOf(s: ConferenceStatus): unknown {
  return {
    date: s.date,
    status: s.status,
    tasks: s.responsibilities.flatMap((r) =>
      r.tasks.map((t) => [t.id, t.state, t.due, t.history.length, t.assignees.join(' '), t.title]),
    ),
  };
}

async function workflowTaskFailures(): Promise<number> {
  let failed = 0;
  for (const id of [conference, reports, summary, responsibilityWorkflowId(conferenceId, 'ceremony')]) {
    const events = (await suite.env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
    failed += events.filter((e) => e.workflowTaskFailedEventAttributes).length;
  }
  return failed;
}

async function refusedRows(): Promise<AuditRow[]> {
  const rows = buildAudit(await fetchConferenceHistories(suite.env.client, conferenceId), [], 'en');
  return rows.filter((r) => r.kind === 'refused' && r.detail.startsWith('payload:'));
}

/** Every Signal the workflows define, each with a payload that would change something if taken. */
function signals(): { workflowId: string; name: string; arg: unknown }[] {
  return [
    { workflowId: reports, name: scheduleChangedSignal.name, arg: { conferenceDate: '2023-03-20', reason: 'giả mạo' } },
    {
      workflowId: summary,
      name: dependencyDoneSignal.name,
      arg: { taskId: 'report-a', at: '2023-03-14T02:00:00.000Z' },
    },
    { workflowId: conference, name: tasksChangedSignal.name, arg: { responsibilityId: 'reports', tasks: [] } },
    {
      workflowId: reports,
      name: planAmendedSignal.name,
      arg: { op: 'changeTask', taskId: 'report-b', patch: { title: 'Tiêu đề giả mạo' } },
    },
    {
      workflowId: reports,
      name: taskActionSignal.name,
      arg: {
        taskId: 'report-b',
        action: 'complete',
        actor: { unitId: 'b', person: 'Kẻ Giả Mạo' },
        requestId: 'forged-0001',
      },
    },
    { workflowId: conference, name: calendarReleasedSignal.name, arg: { version: 99 } },
    { workflowId: reports, name: calendarAdoptedSignal.name, arg: { calendar: 99 } },
  ];
}

/** Every Update the workflows define, with a payload its own checks would take. */
function updates(): { workflowId: string; name: string; arg: unknown }[] {
  return [
    {
      workflowId: conference,
      name: setConferenceDateUpdate.name,
      arg: { date: '2023-03-21', actor: organizer, requestId: 'f-date-0001' },
    },
    {
      workflowId: conference,
      name: cancelConferenceUpdate.name,
      arg: { reason: 'giả mạo', actor: organizer, requestId: 'f-cancel-0001' },
    },
    { workflowId: conference, name: progressReportUpdate.name, arg: {} },
    {
      workflowId: conference,
      name: issueAccessLinkUpdate.name,
      arg: { unitId: 'a', role: 'unit', actor: organizer, requestId: 'f-link-0001' },
    },
    {
      workflowId: conference,
      name: revokeAccessLinkUpdate.name,
      arg: { linkId: 'x', actor: organizer, requestId: 'f-revoke-0001' },
    },
    {
      workflowId: conference,
      name: amendPlanUpdate.name,
      arg: {
        op: 'changeTask',
        taskId: 'report-b',
        patch: { title: 'Giả mạo' },
        actor: organizer,
        requestId: 'f-amend-0001',
      },
    },
    {
      workflowId: conference,
      name: claimRequestIdUpdate.name,
      arg: { requestId: 'f-claim-0001', taskId: 'report-a', fingerprint: 'x' },
    },
    {
      workflowId: reports,
      name: taskActionUpdate.name,
      arg: {
        taskId: 'report-b',
        action: 'complete',
        actor: { unitId: 'b', person: 'Kẻ Giả Mạo' },
        requestId: 'f-act-0001',
      },
    },
    {
      workflowId: draftWorkflowId(draftId),
      name: editDraftUpdate.name,
      arg: { op: 'setValue', path: 'meta.title', value: 'Giả mạo', by: organizer },
    },
  ];
}

beforeAll(async () => {
  conferenceId = await startMiniConference(suite, { prefix: 'sealed', date: '2023-03-28', startedBy: organizer });
  conference = conferenceWorkflowId(conferenceId);
  reports = responsibilityWorkflowId(conferenceId, 'reports');
  summary = responsibilityWorkflowId(conferenceId, 'summary');
  draftId = `sealed-${conferenceId}`;
  await startDraft(
    suite.env.client,
    { draftId, source: 'ke-hoach.txt', text: 'KẾ HOẠCH', plan: {}, flags: [], sources: [], by: organizer },
    suite.env.taskQueue,
  );
});

describe('a message Kehoach did not seal for the workflow', () => {
  it('moves nothing when sent as every Signal and Update by every kind of stranger, and fails no task', async () => {
    const before = boardOf(await conferenceStatus(suite.env.client, conferenceId));
    const draftBefore = await draftState(suite.env.client, draftId);
    let signalsSent = 0;
    for (const [how, client] of Object.entries(strangers())) {
      for (const s of signals()) {
        await client.workflow.getHandle(s.workflowId).signal(s.name, s.arg);
        signalsSent++;
      }
      for (const u of updates()) {
        const err = await client.workflow
          .getHandle(u.workflowId)
          .executeUpdate(u.name, { args: [u.arg] })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err, `${how} ${u.name}`).toBeInstanceOf(Error);
        // A stranger without the key cannot even read why (the refusal's details are sealed too).
        if (how !== 'plain' && how !== 'unknown-key') {
          expect(refusalDetails(err)?.type, `${how} ${u.name}: ${String(err)}`).toBe('KehoachUnsealed');
          expect(refusalDetails(err)?.vi).toContain('Kehoach không nhận');
        }
      }
    }
    // Every Signal is shown refused in the audit, with what was wrong with it.
    const rows = await eventually(async () => {
      const r = await refusedRows();
      return r.length >= signalsSent ? r : undefined;
    }, 'the refused rows of the forged signals');
    expect(rows.length).toBe(signalsSent);
    for (const reason of ['is not sealed', 'was changed after it was sealed', 'does not hold', 'for another workflow'])
      expect(
        rows.some((r) => r.detail.includes(reason)),
        reason,
      ).toBe(true);
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(signals().map((s) => s.name)));

    expect(boardOf(await conferenceStatus(suite.env.client, conferenceId))).toEqual(before);
    const draftAfter = await draftState(suite.env.client, draftId);
    expect(draftAfter.plan).toEqual(draftBefore.plan);
    expect(draftAfter.versions).toEqual(draftBefore.versions);
    expect(await workflowTaskFailures()).toBe(0);
  });

  it('moves nothing when sent with the official temporal CLI, a Signal and an Update', async () => {
    const cli = await provisionTemporalCli();
    const before = boardOf(await conferenceStatus(suite.env.client, conferenceId));
    const base = ['--address', inject('temporalAddress')];
    await run(cli, [
      'workflow',
      'signal',
      ...base,
      '--workflow-id',
      reports,
      '--name',
      scheduleChangedSignal.name,
      '--input',
      JSON.stringify({ conferenceDate: '2023-03-20', reason: 'x' }),
    ]);
    const update = await run(cli, [
      'workflow',
      'update',
      'execute',
      ...base,
      '--workflow-id',
      conference,
      '--name',
      setConferenceDateUpdate.name,
      '--input',
      JSON.stringify({ date: '2023-03-20', actor: organizer, requestId: 'cli-date-0001' }),
    ]).then(
      () => '',
      (e: { stderr: string; stdout: string }) => `${e.stderr}${e.stdout}`,
    );
    expect(update).toContain('KehoachUnsealed');
    await eventually(
      async () => ((await refusedRows()).some((r) => r.client?.includes('temporal-cli')) ? true : undefined),
      'the CLI signal refused in the audit',
    );
    expect(boardOf(await conferenceStatus(suite.env.client, conferenceId))).toEqual(before);
    expect(await workflowTaskFailures()).toBe(0);
  });

  it('refuses a sealed message of this conference sent a second time', async () => {
    // The organizer moves the date twice; the first move's sealed scheduleChanged, copied from the
    // responsibility's history and sent again, would move its deadlines back.
    const moves = async () =>
      ((await suite.env.client.workflow.getHandle(reports).fetchHistory()).events ?? []).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === scheduleChangedSignal.name,
      );
    const earlier = (await moves()).length; // the strangers' ones
    await setConferenceDate(suite.env.client, conferenceId, { date: '2023-03-29', actor: organizer, reason: 'lần 1' });
    await setConferenceDate(suite.env.client, conferenceId, { date: '2023-03-30', actor: organizer, reason: 'lần 2' });
    const history = await eventually(async () => {
      const all = await moves();
      return all.length >= earlier + 2 ? all : undefined;
    }, 'both moves at the responsibility');
    const first = history[earlier]!.workflowExecutionSignaledEventAttributes!;
    const before = boardOf(await conferenceStatus(suite.env.client, conferenceId));
    await suite.env.client.workflowService.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: reports },
      signalName: scheduleChangedSignal.name,
      input: first.input ?? null,
      identity: 'replayer',
    });
    await eventually(
      async () => ((await refusedRows()).some((r) => r.client === 'replayer') ? true : undefined),
      'the replayed signal refused in the audit',
    );
    const replayed = (await refusedRows()).find((r) => r.client === 'replayer');
    expect(replayed?.detail).toContain('already delivered once');
    expect(boardOf(await conferenceStatus(suite.env.client, conferenceId))).toEqual(before);
    expect(await workflowTaskFailures()).toBe(0);
  });

  it('leaves the conference to finish normally', async () => {
    // A unit still acts, sealed by Kehoach's own client, and the organizer cancels: the run completes.
    const done = await actOnTask(suite.env.client, conferenceId, 'reports', {
      taskId: 'report-b',
      action: 'complete',
      actor: { unitId: 'b', person: 'Lò Thị Mai' },
    });
    expect(done.state).toBe('done');
    await cancelConference(suite.env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: organizer });
    const result = await conferenceHandle(suite.env.client, conferenceId).result();
    expect(result.outcome).toBe('cancelled');
    expect(await workflowTaskFailures()).toBe(0);
  });
});

describe('a conference start', () => {
  it('is refused at once when its input is not sealed', async () => {
    const id = `forged-${randomBytes(4).toString('hex')}`;
    const handle = await clientWith().workflow.start(WORKFLOW_TYPE.conference, {
      workflowId: conferenceWorkflowId(id),
      taskQueue: suite.env.taskQueue,
      args: [{ conferenceId: id, plan: miniPlan(suite.hooks.url), clock: rehearsal(3_600_000) }],
    });
    // Read by Kehoach (the refusal's details are sealed for the stranger too).
    const err = await suite.env.client.workflow
      .getHandle(handle.workflowId)
      .result()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(refusalDetails(err)?.type).toBe('KehoachUnsealed');
    // Nothing was started in its name.
    const children = suite.env.client.workflow.list({ query: `WorkflowId STARTS_WITH "conference:${id}:"` });
    for await (const c of children) throw new Error(`a child was started: ${c.workflowId}`);
  });

  it('is refused at once when its claim key is not one the deployment trusts', async () => {
    const id = suite.env.conferenceId('untrusted');
    const err = await startConference(suite.env.client, {
      conferenceId: id,
      plan: miniPlan(suite.hooks.url),
      clock: rehearsal(3_600_000),
      taskQueue: suite.env.taskQueue,
      claimKey: publicKeyOf(newSecretKey()),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const details = refusalDetails(err);
    expect(details?.type, String(err)).toBe('KehoachInvalidClaim');
    expect(details?.vi).toContain('không tin cậy');
  });

  it('keeps no forged entry in the refusal log, whose start is refused too', async () => {
    const entry = { conferenceId, taskId: 'report-a', reason: 'giả mạo' };
    const handle = await clientWith().workflow.signalWithStart(WORKFLOW_TYPE.refusalLog, {
      workflowId: refusalLogWorkflowId(conferenceId),
      taskQueue: suite.env.taskQueue,
      args: [{ conferenceId }],
      signal: refusalRecordedSignal.name,
      signalArgs: [entry],
    });
    await expect(suite.env.client.workflow.getHandle(handle.workflowId).result()).rejects.toBeInstanceOf(
      WorkflowFailedError,
    );
    expect(await readTemporalRefusals(suite.env.client, conferenceId)).toEqual([]);
  });
});
