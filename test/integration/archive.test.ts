/**
 * The record outlives Temporal's retention. A rehearsed seed conference runs to its end; as it
 * closes it archives its signed dossier. Then every one of its workflows is deleted from Temporal,
 * as retention would, and the auditor's commands must answer exactly as before: `kehoach audit`
 * (md, csv, json), `audit export` + `audit verify`, every report kind, the scorecard, `plan next`,
 * `list --all` and the web's audit. A flipped byte in the archive is named by `audit verify`, and no
 * reader serves the tampered archive.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { startConference } from '../../client/conference';
import { SEED_AMENDMENTS, SEED_LIVING_PLAN } from '../../demo/seed-script';
import { simulateUnits } from '../../demo/simulated-units';
import { ArchiveResultSchema, archiveName } from '../../domain/archive';
import {
  archiveWorkflowId,
  conferenceWorkflowId,
  refusalLogWorkflowId,
  responsibilityWorkflowId,
} from '../../domain/ids';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import { DOCUMENT_KINDS } from '../../present/documents';
import { listConferenceIds, openArchiveReader, openArchiver, openConferenceRecord } from '../../present/record';
import { buildScorecard, conferenceScore } from '../../present/scorecard';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach, testSigningKeyFile, type Run } from '../helpers/cli';
import { recordHistories } from '../helpers/histories';
import { rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

let env: TestEnv;
let plan: Plan;
let web: WebServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-archive-'));
const out = mkdtempSync(join(tmpdir(), 'kehoach-archive-out-'));
/** The settings the worker, the CLI and the web share: this data folder, the tests' signing key. */
const settings: NodeJS.ProcessEnv = { ...process.env, KEHOACH_DATA_DIR: dataDir, KEHOACH_SIGNING_KEY: '' };
const cli = (args: string[]): Promise<Run> => runKehoach(args, { taskQueue: env.taskQueue, dataDir });
const noiVu = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };

beforeAll(async () => {
  env = await createTestEnv();
  settings.KEHOACH_SIGNING_KEY_FILE = testSigningKeyFile();
  await env.startWorker(undefined, { archiver: openArchiver(settings) });
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  plan = loaded.plan;
});

afterAll(async () => {
  await web?.close();
  await env?.close();
  for (const dir of [dataDir, out]) rmSync(dir, { recursive: true, force: true });
});

/** Everything an auditor reads of a conference, as files and texts, to compare before and after. */
async function readEverything(id: string, tag: string, auditorToken: string): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  const ok = async (name: string, args: string[]): Promise<string> => {
    const r = await cli(args);
    expect(r.stderr, `${name}: ${r.stderr}`).toBe('');
    expect(r.code, name).toBe(0);
    return r.stdout;
  };
  for (const format of ['md', 'csv', 'json'])
    got[`audit.${format}`] = await ok(`audit ${format}`, ['audit', id, '--format', format]);
  got['audit.en.csv'] = await ok('audit en', ['audit', id, '--format', 'csv', '--lang', 'en']);
  for (const kind of DOCUMENT_KINDS) {
    const file = join(out, `${tag}-${kind}.docx`);
    await ok(`report ${kind}`, ['report', id, '--kind', kind, '--out', file]);
    // The body of the document (its package also stamps the time it was made).
    got[`report.${kind}`] =
      (await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')?.async('string')) ?? '';
  }
  // The scorecard's own reading of this conference (the CLI's counts every conference of the shared
  // test server, which other suites add to while this one runs).
  const reader = openArchiveReader(settings);
  const score = conferenceScore(await (await openConferenceRecord(env.client, id, reader)).histories());
  got.scorecard = JSON.stringify(buildScorecard([score], { year: 2023, cluster: undefined }));
  await ok('plan next', ['plan', 'next', id, '--out', join(out, `${tag}-next.yaml`)]);
  got['plan-next.yaml'] = readFileSync(join(out, `${tag}-next.yaml`), 'utf8');
  got['plan-show'] = await ok('plan show', ['plan', 'show', id, '--json']);
  got.status = await ok('status', ['status', id]);
  // The dossier: its parts, and the manifest without the time of export.
  const zip = join(out, `${tag}-dossier.zip`);
  await ok('audit export', ['audit', 'export', id, '--out', zip]);
  const verify = JSON.parse(await ok('audit verify', ['audit', 'verify', zip, '--json'])) as {
    ok: boolean;
    counts: unknown;
  };
  expect(verify.ok).toBe(true);
  got['verify.counts'] = JSON.stringify(verify.counts);
  const dossier = await JSZip.loadAsync(readFileSync(zip));
  for (const name of Object.keys(dossier.files).sort()) {
    if (name === 'manifest.sig') continue;
    const text = (await dossier.file(name)?.async('string')) ?? '';
    got[`dossier/${name}`] = name === 'manifest.json' ? text.replace(/"exportedAt": "[^"]+"/, '') : text;
  }
  // The web, as the auditor opens it with the link the organizer gave.
  for (const format of ['csv', 'json']) {
    const res = await fetch(`${web?.url}/api/conferences/${id}/audit?format=${format}`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    expect(res.status, `web audit ${format}`).toBe(200);
    got[`web.audit.${format}`] = await res.text();
  }
  return got;
}

describe('the record after retention', () => {
  let id: string;
  let auditorToken: string;
  let before: Record<string, string>;

  it('archives a finished seed conference as it closes, findable from Temporal', async () => {
    id = env.conferenceId('archive');
    await startConference(env.client, { conferenceId: id, plan, clock: rehearsal(2000), taskQueue: env.taskQueue });
    auditorToken = (
      await issueAccessLink(env.client, id, { unitId: 'hoi-dong-tdkt', role: 'auditor', validDays: 365, actor: noiVu })
    ).token;
    const { result } = await simulateUnits({
      client: env.client,
      conferenceId: id,
      plan,
      pace: 'prompt',
      sendBackOnce: ['budget.estimate'],
      livingPlan: SEED_LIVING_PLAN,
      amendments: SEED_AMENDMENTS,
      dateSteps: [{ atPlan: '2023-03-15T01:00:00.000Z', date: '2023-03-30', reason: 'Giấy mời số 45/GM-UBND' }],
    });
    expect(result.outcome).toBe('completed');

    // The archive workflow the conference started as it closed: its result and memo name the archive.
    const handle = env.client.workflow.getHandle(archiveWorkflowId(id));
    const archived = ArchiveResultSchema.parse(await handle.result());
    expect(archived).toMatchObject({ conferenceId: id, name: archiveName(id), found: false });
    const closedAt = (await env.client.workflow.getHandle(conferenceWorkflowId(id)).describe()).closeTime;
    const archivedAt = (await handle.describe()).closeTime;
    console.log(
      `archive written ${((archivedAt?.getTime() ?? 0) - (closedAt?.getTime() ?? 0)) / 1000} s after the close`,
    );
    // The first histories of conferences that archive as they close (patched 'archive-at-close'), for the replay test.
    await recordHistories(
      'v9-archive',
      id,
      plan.responsibilities.map((r) => r.id),
      [[archiveWorkflowId(id), 'v9-archive.archiving']],
    );
    const memo = (await handle.describe()).memo as Record<string, { sha256?: string }>;
    expect(memo.kehoachArchive?.sha256).toBe(archived.sha256);
    // One archive, whole, where the data folder keeps them; nothing half-written beside it.
    expect(readdirSync(join(dataDir, 'archive', 'conferences'))).toEqual([`${id}.zip`]);
    expect(readdirSync(join(dataDir, 'archive', 'tmp'))).toEqual([]);
    const verify = await cli(['audit', 'verify', join(dataDir, 'archive', archiveName(id)), '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, conferenceId: id });

    // `kehoach archive` again finds the same archive: one per conference, whatever is retried.
    const again = await cli(['archive', id, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sha256: archived.sha256, found: true });
  }, 600_000);

  it('answers every reader the same once Temporal has deleted every workflow of the conference', async () => {
    web = await startWebServer({
      port: 0,
      hostname: '127.0.0.1',
      client: env.client,
      refusalLog: join(dataDir, 'refusals.jsonl'),
      archive: openArchiveReader(settings),
    });
    before = await readEverything(id, 'before', auditorToken);
    expect(before['audit.csv']?.split('\n').length).toBeGreaterThan(40);

    const ids = [
      conferenceWorkflowId(id),
      ...plan.responsibilities.map((r) => responsibilityWorkflowId(id, r.id)),
      archiveWorkflowId(id),
      refusalLogWorkflowId(id),
    ];
    for (const workflowId of ids)
      await env.client.workflowService
        .deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } })
        .catch(() => undefined);
    await eventually(async () => {
      for (const workflowId of ids.slice(0, -1)) {
        const gone = await env.client.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            () => false,
            () => true,
          );
        if (!gone) return undefined;
      }
      return true;
    }, 'every workflow of the conference deleted');

    const after = await readEverything(id, 'after', auditorToken);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // Every part compared byte for byte: the list of those that differ is empty.
    expect(Object.keys(before).filter((key) => after[key] !== before[key])).toEqual([]);

    // The auditor checks the archive by the conference's id, with no file at hand.
    const byId = await cli(['audit', 'verify', id, '--json']);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ ok: true, conferenceId: id });

    // A restore from backup onto a new machine: the archive folder and the signing key, nothing else
    // (no Temporal database). The record reads the same.
    const restored = mkdtempSync(join(tmpdir(), 'kehoach-restored-'));
    try {
      cpSync(join(dataDir, 'archive'), join(restored, 'archive'), { recursive: true });
      mkdirSync(join(restored, 'keys'));
      cpSync(testSigningKeyFile(), join(restored, 'keys', 'signing.key'));
      const fromBackup = await runKehoach(['audit', id, '--format', 'csv'], {
        taskQueue: env.taskQueue,
        dataDir: restored,
        signingKeyFile: join(restored, 'keys', 'signing.key'),
      });
      expect(fromBackup.stderr).toBe('');
      expect(fromBackup.stdout).toBe(before['audit.csv']);
    } finally {
      rmSync(restored, { recursive: true, force: true });
    }

    // Counted in the year's scorecard, and listed with the archived conferences.
    expect(await listConferenceIds(env.client, openArchiveReader(settings), 100_000)).toContain(id);
    const list = await cli(['list', '--all', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ conferenceId: id, archived: true }));
  }, 600_000);

  it('names a flipped byte, and no reader serves the tampered archive', async () => {
    const file = join(dataDir, 'archive', archiveName(id));
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    // A byte in the middle of the zip: inside some entry's data.
    const at = Math.floor(bad.length / 2);
    bad[at] = (bad[at] ?? 0) ^ 0x01;
    writeFileSync(file, bad);
    try {
      const verify = await cli(['audit', 'verify', file]);
      expect(verify.code).toBe(1);
      expect(verify.stdout + verify.stderr).toMatch(/histories\/|audit\/|plan\.json|status\.json|manifest|zip/);
      const audit = await cli(['audit', id, '--format', 'csv']);
      expect(audit.code).toBe(1);
      expect(audit.stdout).toBe('');
      expect(audit.stderr).toMatch(/hồ sơ lưu trữ conferences\/.*\.zip|archive/);
      const res = await fetch(`${web?.url}/api/conferences/${id}/audit?format=csv`, {
        headers: { authorization: `Bearer ${auditorToken}` },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain(before['audit.csv']?.split('\n')[1] ?? '<none>');
    } finally {
      writeFileSync(file, good);
    }
  });
});
