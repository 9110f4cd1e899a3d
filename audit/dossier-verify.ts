/**
 * Checks a dossier offline, with no server: the signature of manifest.json (and, when asked, that
 * a given key made it), the hash chain, every file's SHA-256 and size, no file more or less than
 * the manifest lists; then it rebuilds the audit rows from the exported histories with the audit's
 * own code and compares them with the exported rows (JSON row by row, CSV and Markdown line by
 * line), and the evidence files the histories record with those the manifest lists. Every mismatch
 * is a finding naming the file (and the row or line); none means the dossier proves itself.
 *
 * Library: yauzl (streamed zip reading that refuses unsafe entry names; nothing is extracted).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { RefusalLogEntry } from '../client/refusal-log';
import { canonicalJson, keyFingerprint, verifyText } from '../domain/signature';
import { childWorkflowIds, conferenceIdOf, type WorkflowHistory } from './decode';
import {
  DOSSIER_PATH,
  DossierError,
  ManifestSchema,
  SignatureFileSchema,
  chainEntries,
  dossierContent,
  evidencePath,
  type Manifest,
} from './dossier';
import type { RowRenderer } from './dossier-export';
import { historyFromJson } from './read';
import type { AuditRow } from './row';

/** One thing wrong, by file (and row of the rows, or line of a rendering), in both languages. */
export interface Finding {
  file: string;
  row?: number;
  line?: number;
  vi: string;
  en: string;
}

export interface VerifyReport {
  ok: boolean;
  findings: Finding[];
  /** The key the manifest names, whether its signature holds, and its fingerprint. */
  signer: { publicKey: string; fingerprint: string; signatureValid: boolean } | null;
  conferenceId: string | null;
  exportedAt: string | null;
  counts: { files: number; histories: number; rows: number; evidence: number; evidenceIncluded: number };
}

export interface VerifyOptions {
  render: RowRenderer;
  /** A public key (hex) the dossier must be signed with. */
  requireKey?: string;
}

/** At most this many line findings per rendering: the first shows where, the count says how much. */
const MAX_LINE_FINDINGS = 10;

export async function verifyDossier(path: string, options: VerifyOptions): Promise<VerifyReport> {
  const files = await scanDossier(path);
  return checkDossier(files, options);
}

/** A dossier checked, with the content of its parts (not the evidence files) for readers of an archive. */
export interface OpenedDossier {
  report: VerifyReport;
  /** A part's bytes (manifest, histories, plan, status, links, refusals, rows); undefined when absent. */
  content(path: string): Buffer | undefined;
  /** The paths the dossier holds, in the manifest's order where it lists them. */
  paths(): string[];
}

/** Checks a dossier as {@link verifyDossier} does and keeps its parts for reading. */
export async function openDossier(path: string, options: VerifyOptions): Promise<OpenedDossier> {
  const files = await scanDossier(path);
  const report = checkDossier(files, options);
  return { report, content: (p) => files.get(p)?.content, paths: () => [...files.keys()] };
}

// ---- reading a folder or a zip, hashing every file ----

interface Scanned {
  sha256: string;
  size: number;
  /** Kept for the parts read again (manifest, histories, rows, plan); never for evidence. */
  content?: Buffer;
  /** The file could not be read whole (a damaged zip entry). */
  error?: string;
  /** Seen more than once (a zip may hold two entries of one name). */
  duplicate?: boolean;
}

async function scanDossier(path: string): Promise<Map<string, Scanned>> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    throw new DossierError(
      'dossier',
      `không mở được "${path}" (${(err as NodeJS.ErrnoException).code ?? firstLine(err)})`,
      `cannot open "${path}" (${(err as NodeJS.ErrnoException).code ?? firstLine(err)})`,
    );
  }
  return isDir ? scanFolder(path) : scanZip(path);
}

async function scanFolder(dir: string): Promise<Map<string, Scanned>> {
  const out = new Map<string, Scanned>();
  const names = (await readdir(dir, { recursive: true })).sort();
  for (const name of names) {
    const full = join(dir, name);
    if (!(await stat(full)).isFile()) continue;
    const rel = name.split(sep).join('/');
    out.set(rel, await hashStream(createReadStream(full), keepContent(rel)));
  }
  return out;
}

async function scanZip(file: string): Promise<Map<string, Scanned>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: true });
  } catch (err) {
    throw new DossierError(
      'dossier',
      `"${file}" không phải tệp zip đọc được (${firstLine(err)})`,
      `"${file}" is not a readable zip (${firstLine(err)})`,
    );
  }
  const out = new Map<string, Scanned>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      let scanned: Scanned;
      try {
        scanned = await hashStream(await zip.openReadStreamPromise(entry), keepContent(name));
      } catch (err) {
        scanned = { sha256: '', size: 0, error: firstLine(err) };
      }
      if (out.has(name)) scanned.duplicate = true;
      out.set(name, scanned);
    }
  } catch (err) {
    throw new DossierError(
      'dossier',
      `tệp zip "${file}" bị hỏng (${firstLine(err)})`,
      `the zip "${file}" is damaged (${firstLine(err)})`,
    );
  } finally {
    zip.close();
  }
  return out;
}

function keepContent(path: string): boolean {
  return !path.startsWith('evidence/');
}

async function hashStream(stream: Readable, keep: boolean): Promise<Scanned> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (keep) chunks.push(chunk);
  }
  return { sha256: hash.digest('hex'), size, ...(keep ? { content: Buffer.concat(chunks) } : {}) };
}

// ---- the checks ----

/** Where a check says what it found. */
type Report = (f: Finding) => void;

/** The rows, the unamended plan and the evidence, rebuilt from the dossier's histories. */
type Rebuilt = ReturnType<typeof dossierContent>;

/**
 * Every check in order, each adding its findings: the manifest and its signature first (without
 * them nothing else can be trusted), then the files against the manifest, the histories, the rows
 * rebuilt from them, the plan, the evidence.
 */
function checkDossier(files: Map<string, Scanned>, options: VerifyOptions): VerifyReport {
  const findings: Finding[] = [];
  const report: Report = (f) => findings.push(f);
  const counts = { files: files.size, histories: 0, rows: 0, evidence: 0, evidenceIncluded: 0 };
  const done = (signer: VerifyReport['signer'], manifest: Manifest | null): VerifyReport => ({
    ok: findings.length === 0,
    findings,
    signer,
    conferenceId: manifest?.conferenceId ?? null,
    exportedAt: manifest?.exportedAt ?? null,
    counts,
  });

  const read = readManifest(files, report);
  if (!read) return done(null, null);
  const { manifest, body } = read;
  const signer = checkSignature(files, manifest, body, options.requireKey, report);
  checkFiles(files, manifest, report);
  const histories = readHistories(files, manifest, report);
  counts.histories = histories.length;
  const rebuilt = rebuild(files, histories, manifest, report);
  if (!rebuilt) return done(signer, manifest);
  counts.rows = rebuilt.rows.length;
  checkRows(files, rebuilt, manifest, options.render, report);
  checkPlan(files, rebuilt, report);
  counts.evidence = rebuilt.evidence.length;
  counts.evidenceIncluded = manifest.evidence.filter((f) => f.included).length;
  checkEvidence(files, rebuilt, manifest, report);
  return done(signer, manifest);
}

/** The manifest, parsed, with the text its signature covers; null when it is missing or unreadable. */
function readManifest(files: Map<string, Scanned>, report: Report): { manifest: Manifest; body: string } | null {
  const manifestFile = files.get(DOSSIER_PATH.manifest);
  if (!manifestFile?.content) {
    report(missing(DOSSIER_PATH.manifest));
    return null;
  }
  const body = manifestFile.content.toString('utf8');
  const parsed = ManifestSchema.safeParse(parseJson(body));
  if (!parsed.success) {
    report({
      file: DOSSIER_PATH.manifest,
      vi: 'không đọc được bảng kê (không phải JSON của hồ sơ, hoặc đã bị sửa)',
      en: 'the manifest cannot be read (not a dossier manifest, or altered)',
    });
    return null;
  }
  return { manifest: parsed.data, body };
}

/** The signature over the manifest, by the key it names (and the key required, when one is). */
function checkSignature(
  files: Map<string, Scanned>,
  manifest: Manifest,
  manifestBody: string,
  requireKey: string | undefined,
  report: Report,
): NonNullable<VerifyReport['signer']> {
  const signer = {
    publicKey: manifest.publicKey,
    fingerprint: keyFingerprint(manifest.publicKey),
    signatureValid: false,
  };
  const sigFile = files.get(DOSSIER_PATH.signature);
  const sig = SignatureFileSchema.safeParse(parseJson(sigFile?.content?.toString('utf8') ?? ''));
  if (!sigFile) report(missing(DOSSIER_PATH.signature));
  else if (!sig.success)
    report({ file: DOSSIER_PATH.signature, vi: 'không đọc được chữ ký', en: 'the signature cannot be read' });
  else {
    signer.signatureValid =
      sig.data.publicKey === manifest.publicKey && verifyText(manifestBody, sig.data.signature, manifest.publicKey);
    if (!signer.signatureValid)
      report({
        file: DOSSIER_PATH.manifest,
        vi: `chữ ký không khớp với bảng kê: bảng kê đã bị sửa sau khi ký, hoặc không do khóa ${signer.fingerprint} ký`,
        en: `the signature does not match the manifest: it was changed after signing, or not signed by key ${signer.fingerprint}`,
      });
  }
  if (requireKey !== undefined && requireKey !== manifest.publicKey)
    report({
      file: DOSSIER_PATH.signature,
      vi: `hồ sơ do khóa ${signer.fingerprint} ký, không phải khóa được yêu cầu ${safeFingerprint(requireKey)}`,
      en: `signed by key ${signer.fingerprint}, not the required key ${safeFingerprint(requireKey)}`,
    });
  return signer;
}

/** The chain, then each file against its entry; nothing unlisted. */
function checkFiles(files: Map<string, Scanned>, manifest: Manifest, report: Report): void {
  const rechained = chainEntries(manifest.files.map(({ chain: _chain, ...e }) => e));
  const broken = manifest.files.findIndex((e, i) => e.chain !== rechained[i]?.chain);
  if (broken >= 0)
    report({
      file: DOSSIER_PATH.manifest,
      vi: `chuỗi băm bị đứt tại mục ${broken + 1} (${manifest.files[broken]?.path})`,
      en: `the hash chain breaks at entry ${broken + 1} (${manifest.files[broken]?.path})`,
    });
  if (manifest.chainHead !== (rechained.at(-1)?.chain ?? ''))
    report({ file: DOSSIER_PATH.manifest, vi: 'mã cuối chuỗi băm không khớp', en: 'the chain head does not match' });
  const listed = new Set<string>([DOSSIER_PATH.manifest, DOSSIER_PATH.signature]);
  for (const e of manifest.files) {
    if (listed.has(e.path))
      report({ file: e.path, vi: 'có hai lần trong bảng kê', en: 'listed twice in the manifest' });
    listed.add(e.path);
    const f = files.get(e.path);
    if (!f) report(missing(e.path));
    else if (f.error) report({ file: e.path, vi: `không đọc được (${f.error})`, en: `cannot be read (${f.error})` });
    else if (f.sha256 !== e.sha256 || f.size !== e.size)
      report({
        file: e.path,
        vi: `nội dung đã thay đổi: SHA-256 ${f.sha256} (${f.size} byte), bảng kê ghi ${e.sha256} (${e.size} byte)`,
        en: `content changed: SHA-256 ${f.sha256} (${f.size} bytes), the manifest says ${e.sha256} (${e.size} bytes)`,
      });
    if (f?.duplicate) report({ file: e.path, vi: 'có hai lần trong tệp zip', en: 'appears twice in the zip' });
  }
  for (const name of files.keys())
    if (!listed.has(name)) report({ file: name, vi: 'không có trong bảng kê', en: 'not in the manifest' });
}

/** The histories, as exported; the conference's children must all be there, and of the conference named. */
function readHistories(files: Map<string, Scanned>, manifest: Manifest, report: Report): WorkflowHistory[] {
  const histories: WorkflowHistory[] = [];
  for (const e of manifest.files) {
    if (!e.path.startsWith('histories/')) continue;
    const content = files.get(e.path)?.content;
    if (!content) continue;
    try {
      histories.push({
        ...(e.workflowId ? { workflowId: e.workflowId } : {}),
        history: historyFromJson(JSON.parse(content.toString('utf8'))),
      });
    } catch (err) {
      report({
        file: e.path,
        vi: `không đọc được lịch sử (${firstLine(err)})`,
        en: `not a readable history (${firstLine(err)})`,
      });
    }
  }
  const have = new Set(manifest.files.flatMap((e) => (e.workflowId ? [e.workflowId] : [])));
  for (const h of histories)
    for (const child of childWorkflowIds(h.history))
      if (!have.has(child))
        report({
          file: DOSSIER_PATH.manifest,
          vi: `thiếu lịch sử của quy trình ${child}`,
          en: `the history of workflow ${child} is missing`,
        });
  const historyConference = conferenceIdOf(histories);
  if (historyConference !== undefined && historyConference !== manifest.conferenceId)
    report({
      file: DOSSIER_PATH.manifest,
      vi: `bảng kê ghi hội nghị ${manifest.conferenceId}, lịch sử là của ${historyConference}`,
      en: `the manifest names conference ${manifest.conferenceId}, the histories are of ${historyConference}`,
    });
  return histories;
}

/** The rows again, from the histories and the refusals, with the audit's own code; undefined when they cannot be. */
function rebuild(
  files: Map<string, Scanned>,
  histories: WorkflowHistory[],
  manifest: Manifest,
  report: Report,
): Rebuilt | undefined {
  const refusals = readJsonArray(files, DOSSIER_PATH.refusals, report) as RefusalLogEntry[] | undefined;
  try {
    return dossierContent(histories, refusals ?? [], manifest.lang);
  } catch (err) {
    // Histories or refusals altered into a shape the audit cannot read: said, not thrown.
    report({
      file: DOSSIER_PATH.rowsJson,
      vi: `không dựng lại được các dòng từ lịch sử và nhật ký từ chối (${firstLine(err)})`,
      en: `the rows cannot be rebuilt from the histories and the refusals (${firstLine(err)})`,
    });
    return undefined;
  }
}

/** The exported rows against the rebuilt ones, row by row; then each rendering, line by line. */
function checkRows(
  files: Map<string, Scanned>,
  rebuilt: Rebuilt,
  manifest: Manifest,
  render: RowRenderer,
  report: Report,
): void {
  let rowsDiffer = false;
  const reportRow: Report = (f) => {
    rowsDiffer = true;
    report(f);
  };
  const exported = readJsonArray(files, DOSSIER_PATH.rowsJson, reportRow);
  if (exported) compareRows(exported, rebuilt.rows, reportRow);
  for (const [format, path] of [
    ['json', DOSSIER_PATH.rowsJson],
    ['csv', DOSSIER_PATH.rowsCsv],
    ['md', DOSSIER_PATH.rowsMd],
  ] as const) {
    const content = files.get(path)?.content;
    // rows.json is compared row by row above; its text only when the rows agree (spacing, extra keys).
    if (!content || (format === 'json' && rowsDiffer)) continue;
    compareLines(path, content.toString('utf8'), render(rebuilt.rows, format, manifest.lang), report);
  }
}

/** The plan in force: with no amendment in history, it is the plan the conference started with. */
function checkPlan(files: Map<string, Scanned>, rebuilt: Rebuilt, report: Report): void {
  const planText = files.get(DOSSIER_PATH.plan)?.content?.toString('utf8');
  const plan = planText === undefined ? undefined : parseJson(planText);
  if (planText !== undefined && plan === undefined)
    report({ file: DOSSIER_PATH.plan, vi: 'không phải JSON', en: 'not JSON' });
  else if (plan !== undefined && rebuilt.unamendedPlan !== undefined)
    if (canonicalJson(plan) !== canonicalJson(rebuilt.unamendedPlan))
      report({
        file: DOSSIER_PATH.plan,
        vi: 'khác kế hoạch hội nghị bắt đầu với, dù lịch sử không ghi lần sửa nào',
        en: 'differs from the plan the conference started with, though history records no amendment',
      });
}

/** The evidence: what the histories record, the manifest lists, and the dossier holds. */
function checkEvidence(files: Map<string, Scanned>, rebuilt: Rebuilt, manifest: Manifest, report: Report): void {
  const listedEvidence = new Map(manifest.evidence.map((f) => [f.sha256, f]));
  for (const f of rebuilt.evidence) {
    const l = listedEvidence.get(f.sha256);
    if (!l)
      report({
        file: evidencePath(f.sha256),
        vi: `tệp minh chứng "${f.name}" ghi trong lịch sử nhưng không có trong bảng kê`,
        en: `evidence file "${f.name}" is recorded in history but not in the manifest`,
      });
    else if (l.size !== f.size)
      report({
        file: evidencePath(f.sha256),
        vi: `kích thước trong bảng kê (${l.size} byte) khác lịch sử (${f.size} byte)`,
        en: `size in the manifest (${l.size} bytes) differs from history (${f.size} bytes)`,
      });
  }
  const recorded = new Set(rebuilt.evidence.map((f) => f.sha256));
  for (const l of manifest.evidence) {
    const path = evidencePath(l.sha256);
    if (!recorded.has(l.sha256))
      report({
        file: path,
        vi: `tệp minh chứng "${l.name}" có trong bảng kê nhưng không có trong lịch sử`,
        en: `evidence file "${l.name}" is in the manifest but not recorded in history`,
      });
    const entry = manifest.files.find((e) => e.path === path);
    if (l.included && !entry) report(missing(path));
    // The file's name is its hash: the content must hash to it, whatever the manifest says.
    const f = files.get(path);
    if (l.included && f && !f.error && f.sha256 !== l.sha256 && entry?.sha256 === f.sha256)
      report({
        file: path,
        vi: `nội dung không khớp mã băm ghi trong lịch sử (${f.sha256})`,
        en: `content does not match the hash recorded in history (${f.sha256})`,
      });
  }
}

/** Exported rows against rebuilt rows: a row of one not in the other, by its number, then order. */
function compareRows(exported: unknown[], rebuilt: AuditRow[], report: Report): void {
  const pending = new Map<string, number[]>();
  rebuilt.forEach((r, i) => {
    const key = canonicalJson(r);
    pending.set(key, [...(pending.get(key) ?? []), i]);
  });
  let extra = 0;
  exported.forEach((r, i) => {
    const left = pending.get(canonicalJson(r));
    if (left && left.length > 0) left.shift();
    else {
      extra += 1;
      report({
        file: DOSSIER_PATH.rowsJson,
        row: i + 1,
        vi: `không có trong các dòng dựng lại từ lịch sử: ${describe(r)}`,
        en: `not among the rows rebuilt from the histories: ${describe(r)}`,
      });
    }
  });
  const absent = [...pending.values()].flat().sort((a, b) => a - b);
  for (const i of absent)
    report({
      file: DOSSIER_PATH.rowsJson,
      row: i + 1,
      vi: `thiếu dòng mà lịch sử cho: ${describe(rebuilt[i])}`,
      en: `missing a row the histories give: ${describe(rebuilt[i])}`,
    });
  if (extra === 0 && absent.length === 0 && exported.some((r, i) => canonicalJson(r) !== canonicalJson(rebuilt[i])))
    report({ file: DOSSIER_PATH.rowsJson, vi: 'các dòng sai thứ tự', en: 'the rows are out of order' });
}

function describe(row: unknown): string {
  const r = (row ?? {}) as Partial<AuditRow>;
  const where = r.workflowId ? ` (${r.workflowId}#${r.eventId ?? ''})` : '';
  return [r.local, r.kind, r.action, r.unit, r.taskId, r.requestId].filter((v) => v).join(' ') + where;
}

/**
 * A rendering against the rendering of the rebuilt rows, line by line: a line of one that the
 * other lacks (so a deleted or added line is one finding, not every line after it), then order.
 */
function compareLines(path: string, actual: string, expected: string, report: Report): void {
  const a = actual.replace(/\n$/, '').split('\n');
  const e = expected.replace(/\n$/, '').split('\n');
  const pending = new Map<string, number[]>();
  e.forEach((line, i) => pending.set(line, [...(pending.get(line) ?? []), i]));
  const found: Finding[] = [];
  a.forEach((line, i) => {
    const left = pending.get(line);
    if (left && left.length > 0) left.shift();
    else
      found.push({
        file: path,
        line: i + 1,
        vi: 'dòng này không có trong bản dựng lại từ lịch sử',
        en: 'this line is not in the rendering of the rows rebuilt from the histories',
      });
  });
  for (const i of [...pending.values()].flat().sort((x, y) => x - y))
    found.push({
      file: path,
      line: i + 1,
      vi: `thiếu dòng mà bản dựng lại từ lịch sử có: ${e[i]?.slice(0, 120) ?? ''}`,
      en: `missing a line the rows rebuilt from the histories give: ${e[i]?.slice(0, 120) ?? ''}`,
    });
  if (found.length === 0 && a.some((line, i) => line !== e[i]))
    found.push({ file: path, vi: 'các dòng sai thứ tự', en: 'the lines are out of order' });
  for (const f of found.slice(0, MAX_LINE_FINDINGS)) report(f);
  if (found.length > MAX_LINE_FINDINGS)
    report({
      file: path,
      vi: `và ${found.length - MAX_LINE_FINDINGS} chỗ khác nữa`,
      en: `and ${found.length - MAX_LINE_FINDINGS} more`,
    });
}

function readJsonArray(files: Map<string, Scanned>, path: string, report: Report): unknown[] | undefined {
  const content = files.get(path)?.content;
  if (!content) return undefined; // reported with the manifest's entries
  const value = parseJson(content.toString('utf8'));
  if (Array.isArray(value)) return value as unknown[];
  report({ file: path, vi: 'không phải danh sách JSON', en: 'not a JSON list' });
  return undefined;
}

function missing(file: string): Finding {
  return { file, vi: 'thiếu tệp', en: 'file missing' };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safeFingerprint(publicKey: string): string {
  return /^[0-9a-f]{64}$/.test(publicKey) ? keyFingerprint(publicKey) : publicKey;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
