/**
 * `kehoach rules` against a real dev server: the open conferences counted by the rules baseline
 * they run under (memo `kehoachRules`), a conference started as the releases before the baseline
 * started one (no rules in its memo) listed under baseline 0 by its id, and gone from the count
 * once it is no longer open. The server is shared with the other suites, so only this suite's
 * conferences are looked for.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceHandle, startConference } from '../../client/conference';
import { loadSigningKey } from '../../client/signing-key';
import { CLAIM_KEY_MEMO } from '../../domain/claims';
import { conferenceWorkflowId } from '../../domain/ids';
import { RULES_BASELINE } from '../../domain/run-rules';
import { WORKFLOW_TYPE } from '../../domain/workflow-types';
import { runKehoach, type Run } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';

const DATE = '2023-03-28';

let env: TestEnv;
let hooks: WebhookReceiver;
let dataDir: string;

beforeAll(async () => {
  env = await createTestEnv();
  hooks = await startWebhookReceiver();
  await env.startWorker();
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-rules-'));
});

afterAll(async () => {
  await env?.close();
  await hooks?.close();
});

function kehoach(...args: string[]): Promise<Run> {
  return runKehoach(args, { taskQueue: env.taskQueue, dataDir });
}

interface Census {
  baseline: number;
  baselines: { rules: number; open: number; conferences: string[] }[];
}

/** The baseline `kehoach rules --json` lists a conference under, or undefined when it lists it under none. */
function baselineOf(census: Census, conferenceId: string): number | undefined {
  return census.baselines.find((b) => b.conferences.includes(conferenceId))?.rules;
}

async function census(): Promise<Census> {
  const r = await kehoach('rules', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Census;
}

describe('kehoach rules', () => {
  it('counts the open conferences by baseline, names those of an older one, and forgets one once it ends', async () => {
    const current = env.conferenceId('rules-now');
    await startConference(env.client, {
      conferenceId: current,
      plan: miniPlan(hooks.url),
      clock: rehearsal(3_600_000),
      date: DATE,
      taskQueue: env.taskQueue,
    });
    // Started as the releases before 1 December 2026 started one: the claim key, no rules.
    const older = env.conferenceId('rules-before');
    await env.client.workflow.start(WORKFLOW_TYPE.conference, {
      taskQueue: env.taskQueue,
      workflowId: conferenceWorkflowId(older),
      args: [{ conferenceId: older, plan: miniPlan(hooks.url), clock: rehearsal(3_600_000), date: DATE }],
      memo: { [CLAIM_KEY_MEMO]: loadSigningKey().publicKey },
    });

    const both = await eventually(async () => {
      const c = await census();
      return baselineOf(c, current) !== undefined && baselineOf(c, older) !== undefined ? c : undefined;
    }, 'both conferences in the census');
    expect(both.baseline).toBe(RULES_BASELINE);
    expect(baselineOf(both, current)).toBe(RULES_BASELINE);
    expect(baselineOf(both, older)).toBe(0);
    for (const b of both.baselines) expect(b.open).toBe(b.conferences.length);
    expect(both.baselines.map((b) => b.rules)).toEqual([...both.baselines.map((b) => b.rules)].sort((x, y) => x - y));

    const vi = await kehoach('rules', '--lang', 'vi');
    expect(vi.code, vi.stderr).toBe(0);
    expect(vi.stdout).toContain('Mốc quy tắc');
    expect(vi.stdout).toContain('0 (trước khi có mốc)');
    expect(vi.stdout).toContain(older);
    expect(vi.stdout).not.toContain(current); // a conference of today's baseline holds no branch back
    expect(vi.stdout).toMatch(new RegExp(`\\d+ hội nghị còn chạy theo mốc cũ hơn ${RULES_BASELINE}`));
    expect(vi.stdout).toBe(vi.stdout.normalize('NFC'));
    const en = await kehoach('rules', '--lang', 'en');
    expect(en.stdout).toMatch(
      /open conferences? still runs? under a baseline older than \d+: keep the older baselines' patched\(\) branches/,
    );

    await conferenceHandle(env.client, older).terminate('the rules test is done with it');
    const after = await eventually(async () => {
      const c = await census();
      return baselineOf(c, older) === undefined ? c : undefined;
    }, 'the ended conference out of the census');
    expect(baselineOf(after, current)).toBe(RULES_BASELINE);
    await conferenceHandle(env.client, current).terminate('the rules test is done with it');
  }, 120_000);
});
