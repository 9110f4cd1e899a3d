/**
 * Replays stored histories (the seed run, a moved date, a cancellation; exported with
 * `temporal workflow show --output json`) against today's workflow code. `v1-*` were recorded
 * before `patched('phase-windows')`, `v2-*` before `patched('status-attributes-v2')`, `v3-*`
 * before `patched('stable-timers')`, `v4-*` before the living plan (extensions, returns,
 * reassignment, notes and comments: `patched('living-plan')`), `v5-*` with the code of 2026-11-30
 * (plan amendments, approval stage, sign-off window) before the next workflow change, `v6-*` with
 * the code of the evening of 2026-11-30 (request-id claims, NFC payloads, repeats after close, e-mail,
 * amendments, the living plan: every scenario, recorded before the signed claims), `v7-*` with the
 * code of 2026-12-01 (signed claims, the refusal log), `v8-*` with the same code started under
 * the rules baseline (memo `kehoachRules`: no markers, no first reports; workflows/rules.ts),
 * `v9-archive*` with the archive at close, `v10-*` with the code of 2026-12-07 (every scenario,
 * recorded before sealed messages and calendar versions), `v11-*` sealed (baseline 9, with the
 * tests' seal key, after both), the others with the code of their day (`email*`: a digest unit and undelivered mail,
 * `patched('email-digest')` and `patched('undelivered-mail')`). A change that would
 * break running conferences fails here; wrap such changes in `patched()`. The negative control
 * shows the check can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { RULES_MEMO, SEEDED_BOARDS_BASELINE } from '../../domain/run-rules';
import { sealCodec } from '../../client/seal-codec';
import { HISTORIES_DIR, storedHistories } from '../helpers/histories';
import { installQuietRuntime } from '../helpers/temporal';

installQuietRuntime();

const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function histories(filter: (file: string) => boolean = () => true): { workflowId: string; history: unknown }[] {
  return storedHistories(filter).map(({ workflowId, history }) => ({ workflowId, history }));
}

const quiet = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, log: () => {} };

describe('replay of stored histories', () => {
  it('has histories of the seed run, a moved date and a cancellation, parents and children, of each version', () => {
    const names = ['seed', 'seed.districts', 'seed.budget', 'date-moved', 'cancelled', 'cancelled.ceremony'];
    for (const version of ['v1-', 'v2-', 'v3-', 'v4-', 'v5-', 'v6-', 'v7-', 'v8-', 'v10-', 'v11-', ''])
      for (const name of names) expect(files).toContain(`${version}${name}.json`);
    // A run of today's code with every operation of the living plan (extension, return, reassignment…).
    for (const name of ['living', 'living.reports', 'living.summary', 'living.ceremony'])
      expect(files).toContain(`${name}.json`);
    // Amendments of the running plan: tasks added in two responsibilities, one waiting on the other.
    for (const name of ['amendments', 'amendments.reports', 'amendments.summary'])
      expect(files).toContain(`${name}.json`);
    // E-mail: a digest unit, a mail refused for good (550) on a task and on the cancellation, a
    // notice retried after a busy server (patched 'email-digest' and 'undelivered-mail').
    for (const name of ['email', 'email.reports', 'email.summary', 'email.ceremony'])
      expect(files).toContain(`${name}.json`);
  });

  it('has runs from before the rules baseline and runs under it', () => {
    const rulesOf = (file: string): unknown => {
      const h = JSON.parse(readFileSync(HISTORIES_DIR + file, 'utf8')) as {
        events: {
          workflowExecutionStartedEventAttributes?: { memo?: { fields?: Record<string, { data: string }> } };
        }[];
      };
      const field = h.events[0]?.workflowExecutionStartedEventAttributes?.memo?.fields?.[RULES_MEMO];
      return field ? JSON.parse(Buffer.from(field.data, 'base64').toString('utf8')) : undefined;
    };
    for (const name of ['seed.json', 'seed.districts.json', 'living.json', 'email.reports.json']) {
      expect(rulesOf(`v8-${name}`), `v8-${name}`).toBe(SEEDED_BOARDS_BASELINE);
      expect(rulesOf(`v7-${name}`) ?? 0, `v7-${name}`).toBe(0);
    }
  });

  it('replays every stored history on the current workflow code', async () => {
    const results = [];
    for await (const r of Worker.runReplayHistories(
      // Histories recorded since sealing are sealed with the tests' key; earlier ones open as plain.
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: { payloadCodecs: [sealCodec()] } },
      histories(),
    )) {
      results.push(r);
    }
    expect(results).toHaveLength(files.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  });

  it('fails on a workflow changed without patched() (negative control)', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('../fixtures/changed-workflows/index.ts', import.meta.url)),
      logger: quiet,
    });
    const children = histories((f) => /^(v\d-)?(seed|cancelled)\.[a-z-]+\.json$/.test(f));
    expect(children.length).toBeGreaterThan(10);
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { code } }, children)) results.push(r);
    for (const r of results) expect(r.error, r.workflowId).toBeInstanceOf(DeterminismViolationError);
  });
});
