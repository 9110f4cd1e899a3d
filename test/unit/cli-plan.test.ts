import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath } from './helpers/plans';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = 'plans/ke-hoach-hoi-nghi-tong-ket-2022.yaml';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kehoach` exactly as a user would, through the package's bin shim. */
function kehoach(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['bin/kehoach.mjs', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

describe('kehoach plan check', { timeout: 30_000 }, () => {
  it('passes the seed plan with a one-line summary', async () => {
    const run = await kehoach('plan', 'check', SEED);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Hợp lệ: 14 nhiệm vụ, 41 công việc, 13 đơn vị\n');
    const en = await kehoach('plan', 'check', SEED, '--lang', 'en');
    expect(en.stdout).toBe('Valid: 14 responsibilities, 41 tasks, 13 units\n');
  });

  it('fails a broken plan with one "<path>: <message>" line per error', async () => {
    const run = await kehoach('plan', 'check', fixturePath('several-errors.yaml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(': ')))).toEqual([
      'conference.delegates.total',
      'responsibilities[0].tasks[1].dependsOn[0]',
      'responsibilities[1].lead',
      'responsibilities[2].tasks[0].id',
      'responsibilities[2].tasks[0].signers',
    ]);
    expect(lines[2]).toMatch(/^responsibilities\[1\]\.lead: Không có đơn vị "phong-tai-chinh" .*\(dòng \d+\)$/);
  });

  it('fails a file that does not exist', async () => {
    const run = await kehoach('plan', 'check', 'plans/khong-co.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ENOENT');
  });
});

describe('kehoach plan show', { timeout: 30_000 }, () => {
  it('prints the resolved schedule as JSON in local time', async () => {
    const run = await kehoach('plan', 'show', SEED, '--date', '2023-03-30', '--json');
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as {
      units: { id: string; name: string }[];
      responsibilities: {
        id: string;
        title: string;
        lead: string;
        clause: string;
        tasks: {
          id: string;
          title: string;
          kind: string;
          assignees: string[];
          clause: string;
          dependsOn: string[];
          due: string | null;
        }[];
      }[];
    };
    expect(view.units).toHaveLength(13);
    expect(view.units.every((u) => typeof u.id === 'string' && typeof u.name === 'string')).toBe(true);
    expect(view.responsibilities).toHaveLength(14);
    const all = view.responsibilities.flatMap((r) => r.tasks);
    expect(all).toHaveLength(41);
    for (const r of view.responsibilities) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'title', 'lead', 'clause', 'tasks']));
    }
    for (const t of all) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['id', 'title', 'kind', 'assignees', 'clause', 'dependsOn', 'due']),
      );
      if (t.due !== null) expect(t.due).toMatch(LOCAL_ISO);
    }
    const due = (id: string) => all.find((t) => t.id === id)?.due;
    expect(due('districts.nam-po.report')).toBe('2023-03-20T00:00:00+07:00');
    expect(due('program.cluster-report')).toBe('2023-03-27T17:00:00+07:00');
    expect(due('media.exchange')).toBe('2023-03-29T22:00:00+07:00');
    expect(due('flag.handover')).toBe('2023-03-30T11:30:00+07:00');
    expect(due('budget.settlement')).toBeNull();
    const flag = view.responsibilities.find((r) => r.id === 'flag');
    expect(flag?.lead).toBe('tua-chua');
  });

  it('keeps relative deadlines open until a date is given, but not the 20/3 deadline', async () => {
    const run = await kehoach('plan', 'show', SEED, '--json');
    const all = (
      JSON.parse(run.stdout) as { responsibilities: { tasks: { id: string; due: string | null }[] }[] }
    ).responsibilities.flatMap((r) => r.tasks);
    expect(all.filter((t) => t.due !== null).map((t) => t.due)).toEqual(Array(4).fill('2023-03-20T00:00:00+07:00'));
  });

  it('prints a table with local times', async () => {
    const run = await kehoach('plan', 'show', SEED, '--date', '2023-03-30');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Hội nghị: ngày 30 tháng 3 năm 2023, 07:30 — Trung tâm Hội nghị huyện Tủa Chùa');
    expect(run.stdout).toMatch(/20\/03\/2023 00:00 +districts\.muong-cha\.report +Mường Chà/);
    expect(run.stdout).toMatch(/^\[flag\] .* chủ trì: Tủa Chùa/m);
  });

  it('refuses a date that does not exist with exit code 2', async () => {
    const run = await kehoach('plan', 'show', SEED, '--date', '2023-02-30');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2023-02-30');
  });
});

describe('kehoach plan with working days and optional conference parts', { timeout: 30_000 }, () => {
  it('shows a plan with a fixed date and no window, day before or delegates, and a 10wd settlement', async () => {
    const file = fixturePath('valid-fixed-date.yaml');
    expect((await kehoach('plan', 'check', file)).code).toBe(0);
    const vi = await kehoach('plan', 'show', file);
    expect(vi.code, vi.stderr).toBe(0);
    expect(vi.stdout).toContain('Đại biểu: không nêu\nNgày trước Hội nghị: không nêu\n');
    // Thursday 27/4/2023 + 10 working days, over 29/4–3/5: the end of Tuesday 16/5.
    expect(vi.stdout).toMatch(/17\/05\/2023 00:00 +budget\.settlement/);
    const en = await kehoach('plan', 'show', file, '--lang', 'en');
    expect(en.stdout).toContain('Delegates: not given\nThe day before: not given\n');
    const json = JSON.parse((await kehoach('plan', 'show', file, '--json')).stdout) as {
      conference: { window: unknown; delegates: unknown; dayBefore: unknown };
    };
    expect(json.conference).toMatchObject({
      window: { from: '2023-04-27', to: '2023-04-27' },
      delegates: null,
      dayBefore: null,
    });
  });

  it('accepts a working-day deadline in a year without its announcement, and shows it provisional', async () => {
    const file = fixturePath('working-days-provisional.yaml');
    const check = await kehoach('plan', 'check', file);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Hợp lệ: /);
    // Thursday 28/3/2030 + 10 working days: 29/3, 1–5/4, 8–11/4; due at the end of Thursday 11/4 (Giỗ Tổ is on 12/4).
    const show = await kehoach('plan', 'show', file);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/12\/04\/2030 00:00 ~ +budget\.settlement/);
    expect(show.stdout).toContain('~ hạn tạm tính: đếm ngày làm việc theo lịch nghỉ lễ năm 2030');
    const json = JSON.parse((await kehoach('plan', 'show', file, '--json')).stdout) as { provisionalYears: number[] };
    expect(json.provisionalYears).toEqual([2030]);
  });
});
