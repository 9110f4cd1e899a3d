/**
 * Generated bad input against the real dev server and the real web server: malformed actions and
 * commands through the HTTP API, the same through Temporal Updates sent straight with the client
 * (as the official `temporal` CLI could), and malformed plans (plan texts for `plan check` /
 * `start`, and plan amendments as Updates). The property: every one is refused as the caller's
 * mistake — no crash, no 5xx answer, no workflow task failure, and nothing changes (task states,
 * task records, history length of every workflow, links, workflows on the task queue).
 * Updates carry a valid operator claim (so the payload's own checks refuse them, never the claim),
 * and some are sent with no claim at all: those must be refused for the claim (field `claim`).
 *
 * KEHOACH_FUZZ_COUNT (default 10,000) and KEHOACH_FUZZ_SEED (default: random) replay a run; both
 * are printed. Inputs are drawn with fast-check from a seed and sent a few at a time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealCodec } from '../../client/seal-codec';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { issueAccessLink } from '../../client/access-links';
import { conferenceStatus } from '../../client/conference';
import { refusalDetails } from '../../domain/errors';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import {
  accessLinksQuery,
  amendPlanUpdate,
  cancelConferenceUpdate,
  claimRequestIdUpdate,
  issueAccessLinkUpdate,
  revokeAccessLinkUpdate,
  setConferenceDateUpdate,
  taskActionUpdate,
} from '../../domain/messages';
import { parsePlanText } from '../../domain/plan/load';
import { startWebServer, type WebServer } from '../../web/server';
import { miniPlan } from '../helpers/mini-plan';
import { conferenceSuite, startMiniConference } from '../helpers/suite';

// CI runs the full 10,000; a developer's `npm test` 1,000 (KEHOACH_FUZZ_COUNT sets either).
const COUNT = Number(process.env.KEHOACH_FUZZ_COUNT ?? (process.env.CI ? 10_000 : 1_000));
const SEED = Number(process.env.KEHOACH_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Requests in flight at once: enough to keep the server busy, few enough for two shared cores. */
const IN_FLIGHT = Number(process.env.KEHOACH_FUZZ_IN_FLIGHT ?? 8);
const RESPONSIBILITIES = ['reports', 'summary', 'ceremony'] as const;
type Responsibility = (typeof RESPONSIBILITIES)[number];

const suite = conferenceSuite();
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };

let web: WebServer;
let conferenceId: string;
const tokens = { org: '', a: '', b: '', boss: '' };

beforeAll(async () => {
  // One plan day per real hour: no deadline or reminder falls while the run lasts.
  conferenceId = await startMiniConference(suite, { prefix: 'fuzz', date: '2023-03-28', startedBy: org });
  const issue = async (unitId: string, role: 'unit' | 'organizer') =>
    (await issueAccessLink(suite.env.client, conferenceId, { unitId, role, validDays: 30, actor: org })).token;
  tokens.org = await issue('org', 'organizer');
  tokens.a = await issue('a', 'unit');
  tokens.b = await issue('b', 'unit');
  tokens.boss = await issue('boss', 'unit');
  const refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-fuzz-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, client: suite.env.client, refusalLog, linkCacheMs: 600_000 });
}, 120_000);

afterAll(async () => {
  await web?.close();
});

let unsigned: Client | undefined;
/** A client on the same connection that seals its messages but signs no claim of who acts. */
function unsignedClient(): Client {
  unsigned ??= new Client({
    connection: suite.env.client.connection,
    namespace: 'default',
    dataConverter: { payloadCodecs: [sealCodec()] },
  });
  return unsigned;
}

// ---- what is generated ----

/** One bad input, and how it travels. */
type BadInput =
  | { via: 'http'; method: 'POST' | 'PUT'; path: string; token: keyof typeof tokens; body: string; type?: string }
  | {
      via: 'update';
      workflow: 'conference' | Responsibility;
      message: UpdateName;
      arg: unknown;
      /** Sent with no claim of who acts: refused for the claim whatever the payload. */
      unsigned?: boolean;
    }
  | { via: 'plan'; text: string };

type UpdateName = 'taskAction' | 'setDate' | 'cancel' | 'issueLink' | 'revokeLink' | 'amendPlan' | 'claim';

const UPDATES = {
  taskAction: taskActionUpdate,
  setDate: setConferenceDateUpdate,
  cancel: cancelConferenceUpdate,
  issueLink: issueAccessLinkUpdate,
  revokeLink: revokeAccessLinkUpdate,
  amendPlan: amendPlanUpdate,
  claim: claimRequestIdUpdate,
} as const;

const goodRequestId = fc.uuid().map((u) => `fuzz-${u}`);
/** Values a field of a payload can never take. */
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const badPerson = fc.oneof(
  fc.constant(''),
  fc.constant('   '),
  // Too long even once trimmed: a long string padded with spaces is a valid name after trim.
  fc.string({ minLength: 121, maxLength: 300 }).map((s) => `x${s}x`),
  notAString,
);
const badRequestId = fc.oneof(
  fc.string({ maxLength: 7 }),
  fc.string({ minLength: 8, maxLength: 40 }).map((s) => `${s} é`),
  fc.string({ minLength: 101, maxLength: 140 }).map((s) => s.replace(/[^A-Za-z0-9]/g, 'x')),
  notAString,
);
const badNote = fc.oneof(
  fc.string({ minLength: 2001, maxLength: 2600 }).map((s) => `x${s}x`),
  notAString.filter((v) => v !== null),
);
const badEvidence = fc.oneof(
  fc.array(fc.webUrl(), { minLength: 11, maxLength: 14 }),
  fc.array(
    fc.string().filter((s) => !/^https?:\/\/\S+$/.test(s)),
    { minLength: 1, maxLength: 3 },
  ),
  fc.string(),
);
const unknownAction = fc.string({ maxLength: 20 }).filter((s) => !ACTIONS.has(s));
const unknownTask = fc.oneof(
  fc.stringMatching(/^zz-[a-z0-9]{1,10}$/),
  fc.string({ maxLength: 30 }).filter((s) => !TASK_IDS.has(s)),
);
const ACTIONS = new Set([
  'complete',
  'submit',
  'approve',
  'sendBack',
  'sign',
  'confirmPhase',
  'reportIncident',
  'requestExtension',
  'decideExtension',
  'extend',
  'returnWork',
  'reassign',
  'withdraw',
  'progressNote',
  'comment',
]);
const TASK_IDS = new Set(['report-a', 'report-b', 'summary-report', 'estimate', 'pledge', 'security']);

/** Actions a unit could send, one per task, each with the units that may never take it. */
const TEMPLATES = [
  {
    responsibility: 'reports',
    wrong: ['b', 'boss'],
    action: {
      taskId: 'report-a',
      action: 'submit',
      actor: { unitId: 'a', person: 'Giàng A Páo' },
      fields: { reportUrl: 'https://a.example/r.pdf' },
    },
  },
  {
    responsibility: 'reports',
    wrong: ['a', 'boss'],
    action: { taskId: 'report-b', action: 'complete', actor: { unitId: 'b', person: 'Lò Văn Minh' } },
  },
  {
    responsibility: 'summary',
    wrong: ['a', 'b'],
    action: { taskId: 'estimate', action: 'submit', actor: { unitId: 'org', person: 'Nguyễn Thị Lan' } },
  },
  {
    responsibility: 'ceremony',
    wrong: ['a', 'boss'],
    action: {
      taskId: 'security',
      action: 'confirmPhase',
      phase: 'before',
      actor: { unitId: 'b', person: 'Lò Văn Minh' },
    },
  },
] as const;

/** Ways to break an action that a validator must always refuse, whatever the task's state. */
function brokenAction(): fc.Arbitrary<{ responsibility: Responsibility; action: Record<string, unknown> }> {
  const template = fc.constantFrom(...TEMPLATES);
  const base = fc.tuple(template, goodRequestId).map(([t, requestId]) => ({
    t,
    a: { ...structuredClone(t.action), requestId },
  }));
  const set = <T>(
    value: fc.Arbitrary<T>,
    apply: (a: Record<string, unknown>, v: T, wrong: readonly string[]) => void,
  ) =>
    fc.tuple(base, value).map(([{ t, a }, v]) => {
      apply(a, v, t.wrong);
      return { responsibility: t.responsibility, action: a };
    });
  return fc.oneof(
    set(fc.nat(), (a, i, wrong) => (a.actor = { ...(a.actor as object), unitId: wrong[i % wrong.length] })),
    set(fc.stringMatching(/^zz[a-z0-9-]{0,12}$/), (a, u) => (a.actor = { ...(a.actor as object), unitId: u })),
    set(unknownAction, (a, v) => (a.action = v)),
    set(badPerson, (a, v) => (a.actor = { ...(a.actor as object), person: v })),
    set(badRequestId, (a, v) => (a.requestId = v)),
    set(badNote, (a, v) => (a.note = v)),
    set(badEvidence, (a, v) => (a.evidence = v)),
    set(unknownTask, (a, v) => (a.taskId = v)),
    set(fc.constant(0), (a) => delete a.actor),
    set(fc.integer({ min: 17_000, max: 30_000 }), (a, n) => (a.note = 'x'.repeat(n))),
    // The organizer extends, but to a time already past; or to no time at all.
    set(fc.constantFrom('2020-01-01T00:00', '2023-03-01T08:00', 'tomorrow', '2023-13-45T99:99'), (a, until) => {
      a.action = 'extend';
      a.until = until;
      a.reason = 'Gia hạn';
      a.actor = { unitId: 'org', person: 'Nguyễn Thị Lan' };
    }),
    // Phases in order: "during" is never first.
    set(fc.constant(0), (a) => {
      a.taskId = 'security';
      a.action = 'confirmPhase';
      a.phase = 'during';
      a.actor = { unitId: 'b', person: 'Lò Văn Minh' };
    }),
    // Nothing was submitted, so there is nothing to approve or send back.
    set(fc.constantFrom('approve', 'sendBack'), (a, action) => {
      a.taskId = 'estimate';
      a.action = action;
      a.reason = 'Thiếu số liệu';
      a.actor = { unitId: 'boss', person: 'Lường Tuấn Anh' };
    }),
    fc
      .tuple(fc.constantFrom(...RESPONSIBILITIES), fc.anything())
      .map(([responsibility, action]) => ({ responsibility, action: action as Record<string, unknown> })),
  );
}

/** The organizer's commands, each broken in a way the conference must refuse. */
function brokenCommand(): fc.Arbitrary<{ message: UpdateName; arg: unknown }> {
  const actor = fc.oneof(
    fc.constantFrom({ unitId: 'a', person: 'Giàng A Páo' }, { unitId: 'boss', person: 'Lường Tuấn Anh' }),
    badPerson.map((person) => ({ unitId: 'org', person })),
  );
  const badDate = fc.oneof(
    fc.constantFrom('2020-01-01', '2023-02-30', '28/03/2023', '2023-3-28', ''),
    fc.string({ maxLength: 12 }),
  );
  const task = fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), title: fc.string({ maxLength: 20 }) });
  return fc.oneof(
    fc.record({
      message: fc.constant('setDate' as const),
      arg: fc.record({
        date: badDate,
        reason: fc.constant('Giấy mời'),
        actor: fc.constant(org),
        requestId: goodRequestId,
      }),
    }),
    fc.record({
      message: fc.constant('setDate' as const),
      arg: fc.record({
        date: fc.constant('2023-03-29'),
        reason: fc.constant('Giấy mời'),
        actor,
        requestId: goodRequestId,
      }),
    }),
    fc.record({
      message: fc.constant('cancel' as const),
      arg: fc.record({ reason: fc.constant('Hủy'), actor, requestId: goodRequestId }),
    }),
    fc.record({
      message: fc.constant('cancel' as const),
      arg: fc.record({ reason: fc.constantFrom('', '  '), actor: fc.constant(org), requestId: goodRequestId }),
    }),
    fc.record({
      message: fc.constant('issueLink' as const),
      arg: fc.record({
        linkId: fc.stringMatching(/^[A-Za-z0-9]{12}$/),
        unitId: fc.constantFrom('a', 'zz-nobody'),
        role: fc.constantFrom('unit', 'owner'),
        tokenHash: fc.constantFrom('0'.repeat(64), 'not-a-hash'),
        expiresAt: fc.constant('2030-01-01T00:00:00.000Z'),
        actor,
        requestId: goodRequestId,
      }),
    }),
    fc.record({
      message: fc.constant('revokeLink' as const),
      arg: fc.record({
        linkId: fc.stringMatching(/^zz[A-Za-z0-9]{6,20}$/),
        actor: fc.constant(org),
        requestId: goodRequestId,
      }),
    }),
    // Malformed plans: tasks added or changed in ways the plan's rules refuse.
    fc.record({
      message: fc.constant('amendPlan' as const),
      arg: fc.oneof(
        fc.record({
          op: fc.constant('addTask'),
          responsibilityId: fc.constantFrom('summary', 'zz-none'),
          task: fc.anything(),
          reason: fc.constant('Bổ sung'),
          actor: fc.constant(org),
          requestId: goodRequestId,
        }),
        fc.record({
          op: fc.constant('addTask'),
          responsibilityId: fc.constant('summary'),
          task,
          reason: fc.constant('Bổ sung'),
          actor: fc.constant(org),
          requestId: goodRequestId,
        }),
        fc.record({
          op: fc.constant('addTask'),
          responsibilityId: fc.constant('summary'),
          task: fc.constantFrom(
            {
              id: 'report-a',
              title: 'Trùng mã',
              kind: 'once',
              clause: 'X',
              assignees: ['org'],
              dependsOn: [],
              due: { type: 'absolute', at: '2023-03-20T17:00' },
              remindBefore: [],
              organizerChoice: true,
            },
            {
              id: 'loop',
              title: 'Chờ chính nó',
              kind: 'once',
              clause: 'X',
              assignees: ['org'],
              dependsOn: ['loop'],
              due: { type: 'absolute', at: '2023-03-20T17:00' },
              remindBefore: [],
              organizerChoice: true,
            },
            {
              id: 'ghost',
              title: 'Đơn vị lạ',
              kind: 'once',
              clause: 'X',
              assignees: ['zz-nobody'],
              dependsOn: [],
              due: { type: 'absolute', at: '2023-03-20T17:00' },
              remindBefore: [],
              organizerChoice: true,
            },
            {
              id: 'nodue',
              title: 'Hạn lạ',
              kind: 'once',
              clause: 'X',
              assignees: ['org'],
              dependsOn: [],
              due: { type: 'afterTask', task: 'zz-none', days: 'many' },
              remindBefore: [],
              organizerChoice: true,
            },
          ),
          reason: fc.constant('Bổ sung'),
          actor,
          requestId: goodRequestId,
        }),
        fc.record({
          op: fc.constant('changeTask'),
          taskId: fc.constantFrom('zz-none', 'report-a'),
          due: fc.anything(),
          reason: fc.constant('Đổi'),
          actor,
          requestId: goodRequestId,
        }),
        fc.anything(),
      ),
    }),
    fc.record({
      message: fc.constant('claim' as const),
      arg: fc.oneof(fc.record({ requestId: badRequestId, taskId: fc.constant('report-a') }), fc.anything()),
    }),
  );
}

/** The same mistakes through the HTTP API, where the link says who acts and the path says the task. */
function brokenHttp(): fc.Arbitrary<Extract<BadInput, { via: 'http' }>> {
  const act = (task: string) => `/api/conferences/${conferenceId}/tasks/${task}/actions`;
  const body = fc.record({ action: fc.constant('complete'), person: fc.constant('Lò Văn Minh') });
  const json = (o: unknown) => JSON.stringify(o);
  return fc.oneof(
    fc.tuple(unknownAction).map(([action]) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json({ action, person: 'Lò Văn Minh' }),
    })),
    badPerson.map((person) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json({ action: 'complete', person }),
    })),
    badNote.map((note) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json({ action: 'complete', person: 'Lò Văn Minh', note }),
    })),
    badEvidence.map((evidence) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json({ action: 'complete', person: 'Lò Văn Minh', evidence }),
    })),
    // What the link decides may not be said in the body.
    fc.constantFrom({ actor: { unitId: 'b', person: 'x' } }, { unitId: 'b' }, { taskId: 'report-b' }).chain((extra) =>
      body.map((b) => ({
        via: 'http' as const,
        method: 'POST' as const,
        path: act('report-b'),
        token: 'b' as const,
        body: json({ ...b, ...extra }),
      })),
    ),
    // Another unit's task, an unknown task.
    fc.constantFrom('a', 'boss').map((token) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token,
      body: json({ action: 'complete', person: 'Giàng A Páo' }),
    })),
    // "." and ".." are resolved by the URL itself: the address is then not the API's at all.
    fc
      .oneof(
        unknownTask.filter((t) => /^[A-Za-z0-9_.-]+$/.test(t)),
        fc.constantFrom('.', '..'),
      )
      .map((t) => ({
        via: 'http' as const,
        method: 'POST' as const,
        path: act(t),
        token: 'b' as const,
        body: json({ action: 'complete', person: 'Lò Văn Minh' }),
      })),
    // Not JSON, not JSON's media type.
    fc
      .string()
      .filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      })
      .map((s) => ({
        via: 'http' as const,
        method: 'POST' as const,
        path: act('report-b'),
        token: 'b' as const,
        body: s,
      })),
    body.map((b) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json(b),
      type: 'text/plain',
    })),
    fc.anything().map((v) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json(v) ?? 'undefined',
    })),
    // The living plan: the organizer extends to a past time; a unit may not extend at all.
    fc.constantFrom('2020-01-01T00:00', 'soon', '').map((until) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'org' as const,
      body: json({ action: 'extend', person: 'Nguyễn Thị Lan', until, reason: 'Gia hạn' }),
    })),
    fc.constant({
      via: 'http' as const,
      method: 'POST' as const,
      path: act('report-b'),
      token: 'b' as const,
      body: json({ action: 'extend', person: 'Lò Văn Minh', until: '2023-03-30T17:00', reason: 'Gia hạn' }),
    }),
    // The organizer's commands, broken, or from a unit's link.
    fc.constantFrom('2020-01-01', '2023-02-30', 'mai', '').map((date) => ({
      via: 'http' as const,
      method: 'PUT' as const,
      path: `/api/conferences/${conferenceId}/date`,
      token: 'org' as const,
      body: json({ date, reason: 'Giấy mời', person: 'Nguyễn Thị Lan' }),
    })),
    fc.constant({
      via: 'http' as const,
      method: 'PUT' as const,
      path: `/api/conferences/${conferenceId}/date`,
      token: 'a' as const,
      body: json({ date: '2023-03-29', reason: 'Giấy mời', person: 'Giàng A Páo' }),
    }),
    fc.constantFrom('org', 'a').map((token) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: `/api/conferences/${conferenceId}/cancel`,
      token,
      body: json(token === 'org' ? { reason: '', person: 'Nguyễn Thị Lan' } : { reason: 'Hủy', person: 'Giàng A Páo' }),
    })),
    fc
      .constantFrom(
        { unitId: 'zz-nobody', role: 'unit' },
        { unitId: 'a', role: 'owner' },
        { unitId: 'a', role: 'unit', validDays: -1 },
      )
      .map((b) => ({
        via: 'http' as const,
        method: 'POST' as const,
        path: `/api/conferences/${conferenceId}/links`,
        token: 'org' as const,
        body: json({ ...b, person: 'Nguyễn Thị Lan' }),
      })),
    fc.stringMatching(/^zz[A-Za-z0-9]{6,20}$/).map((linkId) => ({
      via: 'http' as const,
      method: 'POST' as const,
      path: `/api/conferences/${conferenceId}/links/${linkId}/revoke`,
      token: 'org' as const,
      body: json({ person: 'Nguyễn Thị Lan' }),
    })),
  );
}

/** Plan files broken the ways people break them: a line lost, a value mistyped, the text cut. */
function brokenPlanText(seed: string): fc.Arbitrary<Extract<BadInput, { via: 'plan' }>> {
  const lines = seed.split('\n');
  return fc
    .oneof(
      fc.nat(lines.length - 1).map((i) => lines.filter((_, j) => j !== i).join('\n')),
      fc
        .tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 12 }))
        .map(([i, s]) => lines.map((l, j) => (j === i ? l.replace(/:\s.*$/, `: ${s}`) : l)).join('\n')),
      fc.nat(seed.length - 1).map((n) => seed.slice(0, n)),
      fc.string({ maxLength: 200 }),
    )
    .map((text) => ({ via: 'plan' as const, text }));
}

// ---- what is checked ----

interface Snapshot {
  histories: Record<string, number>;
  tasks: Record<string, string>;
  links: number;
  workflows: number;
}

async function snapshot(): Promise<Snapshot & { failedTasks: number }> {
  const client = suite.env.client;
  const ids = [
    conferenceWorkflowId(conferenceId),
    ...['reports', 'summary', 'ceremony'].map((r) => responsibilityWorkflowId(conferenceId, r)),
  ];
  const histories: Record<string, number> = {};
  let failedTasks = 0;
  for (const id of ids) {
    const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
    histories[id] = events.length;
    failedTasks += events.filter((e) => e.workflowTaskFailedEventAttributes).length;
  }
  const status = await conferenceStatus(client, conferenceId);
  const tasks = Object.fromEntries(
    status.responsibilities.flatMap((r) => r.tasks).map((t) => [t.id, `${t.state} ${t.history.length} ${t.due ?? ''}`]),
  );
  const links = (await client.workflow.getHandle(conferenceWorkflowId(conferenceId)).query(accessLinksQuery)).length;
  // The conference's refusal log (refusals:<id>) records the refused attempts by design: every
  // other workflow must stay as it was.
  const workflows = (
    await client.workflow.count(`TaskQueue = "${suite.env.taskQueue}" AND WorkflowType != "refusalLogWorkflow"`)
  ).count;
  return { histories, tasks, links, workflows, failedTasks };
}

type Outcome = { ok: true } | { ok: false; kind: 'crash' | '5xx' | 'accepted'; input: BadInput; what: string };

/** 503 answers retried after their Retry-After (printed with the figures). */
let busyRetries = 0;

async function send(input: BadInput): Promise<Outcome> {
  try {
    if (input.via === 'http') {
      const request = () =>
        fetch(`${web.url}${input.path}`, {
          method: input.method,
          headers: { authorization: `Bearer ${tokens[input.token]}`, 'content-type': input.type ?? 'application/json' },
          body: input.body,
        });
      let res = await request();
      // "Busy, try again" (503 with Retry-After) is what a client retries, as a browser or the CLI
      // would: a server that stays busy through three tries is still a 5xx here.
      for (let retry = 0; retry < 3 && res.status === 503 && res.headers.has('retry-after'); retry++) {
        busyRetries++;
        await res.text();
        await new Promise((r) => setTimeout(r, 1000 * Math.min(5, Number(res.headers.get('retry-after')) || 1)));
        res = await request();
      }
      const text = await res.text();
      if (res.status >= 500) return { ok: false, kind: '5xx', input, what: `${res.status} ${text.slice(0, 200)}` };
      if (res.status < 400) return { ok: false, kind: 'accepted', input, what: `${res.status} ${text.slice(0, 200)}` };
      let body: { error?: { field?: string } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { ok: false, kind: 'crash', input, what: `${res.status} not JSON: ${text.slice(0, 120)}` };
      }
      if (!body.error?.field) return { ok: false, kind: 'crash', input, what: `no field in ${text.slice(0, 200)}` };
      return { ok: true };
    }
    if (input.via === 'plan') {
      const result = parsePlanText(input.text, 'fuzz.yaml');
      return result.ok
        ? { ok: true }
        : result.issues.length > 0
          ? { ok: true }
          : { ok: false, kind: 'crash', input, what: 'refused without an issue' };
    }
    const id =
      input.workflow === 'conference'
        ? conferenceWorkflowId(conferenceId)
        : responsibilityWorkflowId(conferenceId, input.workflow);
    // The suite's client signs a valid operator claim for whatever the payload says, so the
    // payload's own checks are what refuse it; an unsigned Update is refused for its claim.
    const handle = (input.unsigned ? unsignedClient() : suite.env.client).workflow.getHandle(id);
    await handle.executeUpdate(UPDATES[input.message] as typeof taskActionUpdate, { args: [input.arg as never] });
    return { ok: false, kind: 'accepted', input, what: 'the Update was accepted' };
  } catch (err) {
    const refused = err instanceof WorkflowUpdateFailedError ? refusalDetails(err) : undefined;
    if (input.via === 'update' && refused) {
      if ((refused.field === 'claim') === Boolean(input.unsigned)) return { ok: true };
      return { ok: false, kind: 'crash', input, what: `refused for ${refused.field}: ${refused.en}` };
    }
    return {
      ok: false,
      kind: 'crash',
      input,
      what: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    };
  }
}

describe('generated bad input', () => {
  it(`refuses ${COUNT} malformed plans, actions and commands with no crash, no 5xx and no change`, async () => {
    // The mini plan's text, not the seed's: the same rules at a tenth of the parsing time.
    const planText = stringify(miniPlan(suite.hooks.url));
    const input: fc.Arbitrary<BadInput> = fc.oneof(
      { weight: 4, arbitrary: brokenHttp() },
      {
        weight: 4,
        arbitrary: brokenAction().map((b) => ({
          via: 'update' as const,
          workflow: b.responsibility,
          message: 'taskAction' as const,
          arg: b.action,
        })),
      },
      {
        weight: 2,
        arbitrary: brokenCommand().map((c) => ({ via: 'update' as const, workflow: 'conference' as const, ...c })),
      },
      // The same bad actions and commands with no claim at all.
      {
        weight: 1,
        arbitrary: fc.oneof(
          brokenAction().map((b) => ({
            via: 'update' as const,
            workflow: b.responsibility,
            message: 'taskAction' as const,
            arg: b.action,
            unsigned: true,
          })),
          brokenCommand().map((c) => ({
            via: 'update' as const,
            workflow: 'conference' as const,
            ...c,
            unsigned: true,
          })),
        ),
      },
      { weight: 1, arbitrary: brokenPlanText(planText) },
    );
    const inputs = fc.sample(input, { numRuns: COUNT, seed: SEED });
    const before = await snapshot();
    expect(before.failedTasks).toBe(0);

    const started = Date.now();
    const failures: Extract<Outcome, { ok: false }>[] = [];
    const counts = { http: 0, update: 0, plan: 0 };
    let unsignedCount = 0;
    const ms = { http: 0, update: 0, plan: 0 };
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < inputs.length) {
          const one = inputs[next++] as BadInput;
          counts[one.via]++;
          if (one.via === 'update' && one.unsigned) unsignedCount++;
          const t0 = Date.now();
          const outcome = await send(one);
          ms[one.via] += Date.now() - t0;
          if (!outcome.ok) failures.push(outcome);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const after = await snapshot();
    console.log(
      `fuzz: ${inputs.length} bad inputs (HTTP ${counts.http}, Updates ${counts.update} of which ${unsignedCount} with no claim, plan texts ${counts.plan}) ` +
        `in ${seconds.toFixed(1)} s, seed ${SEED} (KEHOACH_FUZZ_SEED=${SEED} KEHOACH_FUZZ_COUNT=${COUNT} to replay); ` +
        `${failures.length} not refused cleanly, ${after.failedTasks} workflow task failures, ${busyRetries} busy answers retried`,
    );
    console.log(
      `per input: HTTP ${(ms.http / counts.http).toFixed(1)} ms, Update ${(ms.update / counts.update).toFixed(1)} ms, plan ${(ms.plan / counts.plan).toFixed(1)} ms`,
    );
    for (const f of failures.slice(0, 5))
      console.log(`  ${f.kind}: ${f.what}\n    ${JSON.stringify(f.input).slice(0, 400)}`);
    expect(inputs.length).toBeGreaterThanOrEqual(COUNT);
    expect(failures.map((f) => `${f.kind}: ${f.what}`).slice(0, 5)).toEqual([]);
    expect(after.failedTasks).toBe(0);
    const { failedTasks: _b, ...stateBefore } = before;
    const { failedTasks: _a, ...stateAfter } = after;
    expect(stateAfter).toEqual(stateBefore);
  }, 600_000);
});
