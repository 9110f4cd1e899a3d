/**
 * The signed dossier on a real server: a short conference on the mini plan (a date set, a
 * submission, an approval loop, a task done, a refusal the web logged), exported with
 * `kehoach audit export` and checked with `kehoach audit verify` as an auditor runs them. Export
 * then verify is OK with the deployment key's fingerprint; one byte changed in a history file,
 * in the manifest or in an evidence file, or one audit row deleted, and verify fails naming it;
 * a dossier signed by another key is reported under `--key`. Evidence files come through the
 * reader the export is given (here a folder of files named by their hash, as the store keeps
 * them), are stored in the zip as they are, and are checked against the hashes history records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { defaultPayloadConverter } from '@temporalio/common';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchConferenceHistories, type AuditRow, type WorkflowHistory } from '../../audit';
import { exportDossier, type EvidenceReader } from '../../audit/dossier-export';
import { verifyDossier } from '../../audit/dossier-verify';
import type { FileRecord } from '../../audit/dossier';
import { actOnTask, planInForce, setConferenceDate } from '../../client/conference';
import { logRefusal, readRefusals } from '../../client/refusal-log';
import { loadSigningKey } from '../../client/signing-key';
import { TaskActionSchema } from '../../domain/actions';
import { conferenceWorkflowId } from '../../domain/ids';
import { formatAudit } from '../../present/audit';
import { runKehoach, testSigningKeyFile } from '../helpers/cli';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { eventually } from '../helpers/temporal';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const boss = { unitId: 'boss', person: 'Lường Tuấn Anh' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };

const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-dossier-'));
const work = mkdtempSync(join(tmpdir(), 'kehoach-dossier-out-'));
const cli = (args: string[]) => runKehoach(args, { taskQueue: suite.env.taskQueue, dataDir });
/** The deployment key the CLI signs with in these tests (the test client's own, see helpers/cli). */
const key = () => loadSigningKey({ KEHOACH_SIGNING_KEY_FILE: testSigningKeyFile() });

let id: string;
let submitRequest: string;

// Two evidence files the district hands in with its report: a document and a "video" of 3 MB.
const report = Buffer.from('%PDF-1.4\nBáo cáo tổng kết năm 2022 của huyện A\n%%EOF\n', 'utf8');
const video = randomBytes(3 * 1024 * 1024);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const files: FileRecord[] = [
  { sha256: sha(report), size: report.length, name: 'bao-cao-huyen-a.pdf', mediaType: 'application/pdf' },
  { sha256: sha(video), size: video.length, name: 'phong-su-5-phut.mp4', mediaType: 'video/mp4' },
];
const store = mkdtempSync(join(tmpdir(), 'kehoach-evidence-'));
writeFileSync(join(store, sha(report)), report);
writeFileSync(join(store, sha(video)), video);
/** The evidence store's `get`, as the export is given it: the stored file by its hash. */
const fromStore: EvidenceReader = (sha256) => createReadStream(join(store, sha256));

/** Whether actions carry evidence files on this branch (they do once the evidence store is merged). */
const actionsTakeFiles = TaskActionSchema.safeParse({
  action: 'submit',
  taskId: 'report-a',
  actor: unitA,
  requestId: 'probe-files-1',
  files,
}).success;

beforeAll(async () => {
  // One plan day an hour: no reminder fires during the test.
  id = await startMiniConference(suite, { prefix: 'dossier', startedBy: org });
  await setConferenceDate(suite.env.client, id, { date: '2023-03-30', reason: 'Giấy mời số 12/GM-UBND', actor: org });
  submitRequest = `${id}-submit-a`;
  await actOnTask(suite.env.client, id, 'reports', {
    action: 'submit',
    taskId: 'report-a',
    actor: unitA,
    requestId: submitRequest,
    note: 'Báo cáo và phóng sự',
    fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
    ...(actionsTakeFiles ? { files } : {}),
  });
  await actOnTask(suite.env.client, id, 'summary', { action: 'submit', taskId: 'estimate', actor: org });
  await actOnTask(suite.env.client, id, 'summary', {
    action: 'sendBack',
    taskId: 'estimate',
    actor: boss,
    reason: 'Thiếu chi phí in ấn',
  });
  await actOnTask(suite.env.client, id, 'reports', { action: 'complete', taskId: 'report-b', actor: unitB });
  // A refusal the web service logged: it left no history, the audit (and the dossier) still show it.
  // Written to the local file (no client), as entries were before the refusal log workflow.
  await logRefusal(
    undefined,
    { conferenceId: id, taskId: 'pledge', action: 'sign', unit: 'a', person: 'Kẻ Giả Mạo', requestId: null },
    { field: 'link', en: 'the access link has expired', vi: 'đường dẫn truy cập đã hết hạn', type: 'KehoachLink' },
    'web',
    join(dataDir, 'refusals.jsonl'),
  );
  // The conference's board has heard from every child before the export reads the histories.
  await eventually(async () => {
    const rows = await cli(['audit', id, '--json']);
    return (JSON.parse(rows.stdout) as AuditRow[]).filter((r) => r.kind === 'action').length >= 4 ? true : undefined;
  }, 'four actions in the audit');
});

afterAll(() => {
  for (const dir of [dataDir, work, store]) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a folder dossier to spoil, so each case starts from the good one. */
function copyOf(dir: string, name: string): string {
  const to = join(work, name);
  cpSync(dir, to, { recursive: true });
  return to;
}

function flipByteAt(path: string, at: number): void {
  const b = readFileSync(path);
  b[at] = b[at]! ^ 0x01;
  writeFileSync(path, b);
}

describe('kehoach audit export, then verify', () => {
  let folder: string;

  beforeAll(async () => {
    folder = join(work, 'dossier');
    const out = await cli(['audit', 'export', id, '--out', folder, '--no-files']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });

  it('exports every workflow, the plan, the rows in three formats and a signed manifest; verify says OK with the key', async () => {
    const zip = join(work, 'dossier.zip');
    const out = await cli(['audit', 'export', id, '--out', zip, '--no-files']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Đã xuất hồ sơ kiểm tra của hội nghị ${id}`);
    expect(out.stdout).toContain(key().fingerprint);
    expect(existsSync(`${zip}.part`)).toBe(false);
    const again = await cli(['audit', 'export', id, '--out', zip, '--no-files']);
    expect(again.stderr).toContain(`out: tệp "${zip}" đã có`);
    expect(again.code).toBe(1);

    const names = await zipNames(zip);
    const children = ['reports', 'summary', 'ceremony'].map((r) => `histories/conference_${id}_${r}.json`);
    expect(names).toEqual(
      expect.arrayContaining([
        `histories/conference_${id}.json`,
        ...children,
        'plan.json',
        'audit/rows.json',
        'audit/rows.csv',
        'audit/rows.md',
        'audit/refusals.json',
        'manifest.json',
        'manifest.sig',
      ]),
    );

    for (const dossier of [zip, folder]) {
      const verified = await cli(['audit', 'verify', dossier]);
      expect(verified.stdout).toContain(`OK: hồ sơ nguyên vẹn, ký bởi khóa ${key().fingerprint}`);
      expect(verified.stdout).toContain('ngày'); // the export's day, the administrative way
      expect(verified.code).toBe(0);
    }
    const english = await cli(['audit', 'verify', zip, '--lang', 'en', '--key', key().publicKey]);
    expect(english.stdout).toContain(`OK: the dossier is intact, signed by key ${key().fingerprint}`);
    expect(english.code).toBe(0);

    // The dossier's rows are the audit's rows, the web's refusal and the plan in force included.
    const live = JSON.parse((await cli(['audit', id, '--json'])).stdout) as AuditRow[];
    const exported = JSON.parse(readFileSync(join(folder, 'audit', 'rows.json'), 'utf8')) as AuditRow[];
    expect(exported).toEqual(live);
    expect(exported.find((r) => r.source === 'web-log')?.person).toBe('Kẻ Giả Mạo');
    expect(readFileSync(join(folder, 'audit', 'rows.md'), 'utf8')).toContain('| Thời gian |');
    expect(JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(await planInForce(suite.env.client, id))),
    );
  });

  it('names a history file with one byte changed', async () => {
    const dir = copyOf(folder, 'history-byte');
    const file = join(dir, 'histories', `conference_${id}_summary.json`);
    const text = readFileSync(file, 'utf8');
    flipByteAt(file, Buffer.byteLength(text.slice(0, text.indexOf('"taskId": "') + 12)));
    const out = await cli(['audit', 'verify', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`histories/conference_${id}_summary.json: nội dung đã thay đổi`);
    expect(out.stdout).toContain('KHÔNG HỢP LỆ');
  });

  it('names a history whose recorded action was altered, and the rows it no longer gives', async () => {
    const dir = copyOf(folder, 'history-person');
    const file = join(dir, 'histories', `conference_${id}_reports.json`);
    // The person who submitted, as the Update's input records it (base64 of JSON), changed.
    const json = JSON.parse(readFileSync(file, 'utf8')) as { events: Record<string, unknown>[] };
    const accepted = json.events.find((e) => {
      const p = payloadOf(e);
      return (
        p !== undefined &&
        (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { requestId?: string }).requestId ===
          submitRequest
      );
    });
    const p = payloadOf(accepted!)!;
    p.data = Buffer.from(
      Buffer.from(p.data, 'base64').toString('utf8').replace('Giàng A Páo', 'Giàng A Pao'),
      'utf8',
    ).toString('base64');
    writeFileSync(file, JSON.stringify(json, null, 2));
    const out = await cli(['audit', 'verify', dir, '--lang', 'en']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`histories/conference_${id}_reports.json: content changed`);
    expect(out.stdout).toMatch(
      new RegExp(`audit/rows.json, row \\d+: not among the rows rebuilt from the histories: .*${submitRequest}`),
    );
  });

  it('names the manifest with one byte changed', async () => {
    const dir = copyOf(folder, 'manifest-byte');
    const file = join(dir, 'manifest.json');
    const text = readFileSync(file, 'utf8');
    // One hex digit of the first file's hash, made another hex digit: the manifest still reads.
    const at = text.indexOf('"sha256": "') + 11;
    const bytes = readFileSync(file);
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    writeFileSync(file, bytes);
    const out = await cli(['audit', 'verify', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('manifest.json: chữ ký không khớp với bảng kê');
    expect(out.stdout).toContain('chữ ký KHÔNG hợp lệ');

    // Any other byte: a manifest that no longer reads is named too.
    const broken = copyOf(folder, 'manifest-broken');
    flipByteAt(join(broken, 'manifest.json'), 0);
    const unreadable = await cli(['audit', 'verify', broken]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toContain('manifest.json: không đọc được bảng kê');
  });

  it('names a plan in force that is not the plan history started with', async () => {
    const dir = copyOf(folder, 'plan-changed');
    const file = join(dir, 'plan.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Hội nghị thử', 'Hội nghị khác'));
    const out = await cli(['audit', 'verify', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('plan.json: nội dung đã thay đổi');
    expect(out.stdout).toContain('plan.json: khác kế hoạch hội nghị bắt đầu với');
  });

  it('names a deleted audit row by its number and what it recorded', async () => {
    const dir = copyOf(folder, 'row-deleted');
    const file = join(dir, 'audit', 'rows.json');
    const rows = JSON.parse(readFileSync(file, 'utf8')) as AuditRow[];
    const index = rows.findIndex((r) => r.requestId === submitRequest);
    expect(index).toBeGreaterThan(0);
    rows.splice(index, 1);
    writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
    const out = await cli(['audit', 'verify', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('audit/rows.json: nội dung đã thay đổi');
    expect(out.stdout).toContain(`audit/rows.json, dòng ${index + 1}: thiếu dòng mà lịch sử cho:`);
    expect(out.stdout).toContain(submitRequest);

    // The same row taken out of the spreadsheet export only: the CSV line is named.
    const csvDir = copyOf(folder, 'csv-row-deleted');
    const csv = join(csvDir, 'audit', 'rows.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(submitRequest));
    writeFileSync(csv, lines.filter((_, i) => i !== line).join('\n'));
    const fromCsv = await cli(['audit', 'verify', csvDir, '--lang', 'en']);
    expect(fromCsv.code).toBe(1);
    expect(fromCsv.stdout).toContain(
      `audit/rows.csv, line ${line + 1}: missing a line the rows rebuilt from the histories give`,
    );
    expect(fromCsv.stdout).not.toContain('audit/rows.json');
  });

  it('reports a dossier signed by another key under --key, and which key signed it', async () => {
    // The same conference exported by a deployment holding another key (its own data folder).
    const otherData = mkdtempSync(join(tmpdir(), 'kehoach-other-key-'));
    const forged = join(work, 'other-key.zip');
    const otherKeyFile = join(otherData, 'keys', 'signing.key');
    const theirs = loadSigningKey({ KEHOACH_SIGNING_KEY_FILE: otherKeyFile });
    const made = await runKehoach(['audit', 'export', id, '--out', forged, '--no-files'], {
      taskQueue: suite.env.taskQueue,
      dataDir: otherData,
      signingKeyFile: otherKeyFile,
    });
    expect(made.code).toBe(0);
    expect(theirs.publicKey).not.toBe(key().publicKey);

    // Without --key, verify says which key signed: the auditor compares it with the one they trust.
    const plain = await cli(['audit', 'verify', forged]);
    expect(plain.stdout).toContain(`ký bởi khóa ${theirs.fingerprint}`);
    expect(plain.code).toBe(0);

    const required = await cli(['audit', 'verify', forged, '--key', key().publicKey]);
    expect(required.code).toBe(1);
    expect(required.stdout).toContain(
      `manifest.sig: hồ sơ do khóa ${theirs.fingerprint} ký, không phải khóa được yêu cầu ${key().fingerprint}`,
    );

    // The key may come from a file; the deployment's own dossier passes with it.
    const keyFile = join(work, 'public.key');
    writeFileSync(keyFile, `${key().publicKey}\n`);
    const own = await cli(['audit', 'verify', join(work, 'dossier.zip'), '--key', keyFile]);
    expect(own.stdout).toContain(`OK: hồ sơ nguyên vẹn, ký bởi khóa ${key().fingerprint}`);
    expect(own.code).toBe(0);
    const bad = await cli(['audit', 'verify', forged, '--key', join(work, 'no-such.key')]);
    expect(bad.stderr).toMatch(/^key: cần khóa công khai/);
    expect(bad.code).toBe(2);
  });
});

describe('evidence files', () => {
  let histories: (WorkflowHistory & { workflowId: string })[];

  beforeAll(async () => {
    histories = (await fetchConferenceHistories(suite.env.client, id)).map((h) => ({
      ...h,
      workflowId: h.workflowId ?? conferenceWorkflowId(id),
    }));
    // Until actions take files (the evidence store's branch), the submission's Update input is
    // given the file records that branch puts there: the same place, the same shape.
    if (!actionsTakeFiles) recordFiles(histories, submitRequest, files);
  });

  const exportTo = async (out: string, evidence: EvidenceReader | null) =>
    exportDossier(
      {
        conferenceId: id,
        histories,
        plan: await planInForce(suite.env.client, id),
        refusals: await readRefusals(suite.env.client, id, join(dataDir, 'refusals.jsonl')),
        lang: 'vi',
        render: formatAudit,
        evidence,
        key: key(),
      },
      out,
    );

  it('puts the files of the actions in the dossier, streamed and stored as they are, and verify checks them', async () => {
    const zip = join(work, 'evidence.zip');
    const summary = await exportTo(zip, fromStore);
    expect(summary).toMatchObject({ evidence: 2, evidenceIncluded: 2, fingerprint: key().fingerprint });
    expect(await zipEntrySha(zip, `evidence/${sha(video)}`)).toBe(sha(video));

    const out = await cli(['audit', 'verify', zip]);
    expect(out.stdout).toContain(`OK: hồ sơ nguyên vẹn, ký bởi khóa ${key().fingerprint}`);
    expect(out.stdout).toContain('2 tệp minh chứng (kèm 2)');
    expect(out.code).toBe(0);

    // One byte of the video changed inside the zip (stored, not compressed: the bytes are there).
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(video.subarray(0, 64)) + 1_000_000;
    bytes[at] = bytes[at]! ^ 0x01;
    const spoiled = join(work, 'evidence-spoiled.zip');
    writeFileSync(spoiled, bytes);
    const bad = await cli(['audit', 'verify', spoiled, '--lang', 'en']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`evidence/${sha(video)}: content changed`);
    expect(bad.stdout).not.toContain(`evidence/${sha(report)}`);
  });

  it('names an evidence file with one byte changed in a folder dossier', async () => {
    const dir = join(work, 'evidence-folder');
    await exportTo(dir, fromStore);
    expect((await verifyDossier(dir, { render: formatAudit })).ok).toBe(true);
    flipByteAt(join(dir, 'evidence', sha(report)), 10);
    const out = await cli(['audit', 'verify', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`evidence/${sha(report)}: nội dung đã thay đổi`);
  });

  it('lists only the hashes with --no-files, and verify still checks them against history', async () => {
    const dir = join(work, 'evidence-hashes');
    const summary = await exportTo(dir, null);
    expect(summary).toMatchObject({ evidence: 2, evidenceIncluded: 0 });
    expect(existsSync(join(dir, 'evidence'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { evidence: unknown[] };
    expect(manifest.evidence).toEqual(files.map((f) => ({ ...f, included: false })));
    const report = await verifyDossier(dir, { render: formatAudit });
    expect(report.findings).toEqual([]);
    expect(report.counts).toMatchObject({ evidence: 2, evidenceIncluded: 0 });
  });

  it('refuses to export a file whose content does not match its recorded hash, and leaves no zip', async () => {
    const zip = join(work, 'wrong-content.zip');
    const wrong: EvidenceReader = (sha256) =>
      sha256 === sha(report) ? Readable.from([Buffer.from('một tệp khác')]) : fromStore(sha256);
    await expect(exportTo(zip, wrong)).rejects.toMatchObject({
      field: `evidence/${sha(report)}`,
      vi: expect.stringContaining('không khớp mã băm ghi trong lịch sử') as unknown,
    });
    expect(existsSync(zip)).toBe(false);
    expect(existsSync(`${zip}.part`)).toBe(false);
  });
});

/** Puts file records on the Update input of one request, as actions with files record them. */
function recordFiles(histories: WorkflowHistory[], requestId: string, records: FileRecord[]): void {
  let found = 0;
  for (const h of histories)
    for (const e of h.history.events ?? []) {
      const payloads = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads;
      const first = payloads?.[0];
      if (!payloads || !first) continue;
      const args = defaultPayloadConverter.fromPayload<{ requestId?: string; action?: string }>(first);
      if (args.requestId !== requestId || args.action === undefined) continue; // not the request id's claim
      payloads[0] = defaultPayloadConverter.toPayload({ ...args, files: records });
      found += 1;
    }
  if (found !== 1) throw new Error(`expected one Update for ${requestId}, found ${found}`);
}

function payloadOf(e: Record<string, unknown>): { data: string } | undefined {
  const a = e.workflowExecutionUpdateAcceptedEventAttributes as
    { acceptedRequest?: { input?: { args?: { payloads?: { data: string }[] } } } } | undefined;
  return a?.acceptedRequest?.input?.args?.payloads?.[0];
}

async function zipNames(file: string): Promise<string[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const names: string[] = [];
  for await (const entry of zip.eachEntry()) names.push(entry.fileName);
  zip.close();
  return names;
}

async function zipEntrySha(file: string, name: string): Promise<string | undefined> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const hash = createHash('sha256');
      for await (const chunk of await zip.openReadStreamPromise(entry)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    }
    return undefined;
  } finally {
    zip.close();
  }
}
