/**
 * `kehoach plan import` as a user runs it on the seed document: the summary in Vietnamese and
 * English, the draft YAML with its `review:` list, which `plan check` refuses until the values
 * are decided and the list removed, and the `--json` result.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Bilingual } from '../../domain/bilingual';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED_TEXT = fileURLToPath(new URL('../fixtures/intake/ke-hoach-hoi-nghi-tong-ket-2022.txt', import.meta.url));

function kehoach(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/kehoach.mjs', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehoach-intake-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kehoach plan import', { timeout: 60_000 }, () => {
  it('writes a draft that plan check accepts once review: is decided and removed', async () => {
    const out = join(dir, 'draft.yaml');
    const run = await kehoach('plan', 'import', SEED_TEXT, '--out', out);
    expect(run.code).toBe(0);
    const [first, second] = run.stdout.split('\n');
    expect(first).toMatch(
      /^Đã đọc .* \(txt\): 13 đơn vị, \d+ nhiệm vụ, \d+ công việc; 4 thời hạn nêu trong văn bản; \d+ giá trị cần quyết định$/,
    );
    expect(second).toBe(`Bản nháp: ${out} (các giá trị cần quyết định ở mục review:)`);
    expect(run.stdout).toContain('conference.window: Văn bản ghi "cuối tháng 3"');

    const yaml = await readFile(out, 'utf8');
    const data = parse(yaml) as { review: { path: string; reason: string; reasonEn: string }[] };
    expect(data.review.length).toBeGreaterThan(0);
    expect(data.review.every((r) => r.path.length > 0 && r.reason.length > 0 && r.reasonEn.length > 0)).toBe(true);

    const undecided = await kehoach('plan', 'check', out);
    expect(undecided.code).toBe(1);
    expect(undecided.stderr).toMatch(/^review: /);

    const { review: _review, ...decided } = data;
    const decidedPath = join(dir, 'decided.yaml');
    await writeFile(decidedPath, JSON.stringify(decided));
    const check = await kehoach('plan', 'check', decidedPath);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^Hợp lệ: \d+ nhiệm vụ, \d+ công việc, 13 đơn vị\n$/);
  });

  it('speaks English with --lang en and prints the structured result with --json', async () => {
    const en = await kehoach('plan', 'import', SEED_TEXT, '--lang', 'en');
    expect(en.stdout).toMatch(
      /^Read .* \(txt\): 13 units, \d+ responsibilities, \d+ tasks; 4 deadlines stated in the document; \d+ values to decide\n/,
    );
    expect(en.stdout).toContain('To decide:');
    const json = await kehoach('plan', 'import', SEED_TEXT, '--json');
    const result = JSON.parse(json.stdout) as {
      summary: { units: number; deadlinesStated: number; flags: number; issues: number };
      flags: { path: string; reason: Bilingual }[];
      tasks: { deadline: string; words?: string }[];
      plan: { units: unknown[] };
    };
    expect(result.summary).toMatchObject({ units: 13, deadlinesStated: 4, issues: 0 });
    expect(result.summary.flags).toBe(result.flags.length);
    expect(result.tasks.filter((t) => t.deadline === 'stated').map((t) => t.words)).toEqual(
      Array(4).fill('trước ngày 20/3/2023'),
    );
  });

  it('says in one line, exit 2, when the draft cannot be written', async () => {
    const out = join(dir, 'khong-co-thu-muc', 'draft.yaml');
    const run = await kehoach('plan', 'import', SEED_TEXT, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${out}: không ghi được bản nháp (ENOENT)\n`);
  });
});
