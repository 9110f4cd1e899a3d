/**
 * The scorecard's builder on stored histories (the rehearsed seed conference and the living-plan
 * run): its late and on-time counts per unit are those of the audit rows of the same histories,
 * its filters keep or drop whole conferences, and `kehoach scorecard --from-files` prints it
 * without a server.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildAudit, readHistoryFiles, type WorkflowHistory } from '../../audit';
import { buildScorecard, conferenceScore, formatScorecard } from '../../present/scorecard';
import { HISTORIES_DIR } from '../helpers/histories';

const run = promisify(execFile);

function filesOf(name: string): string[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f === `${name}.json` || new RegExp(`^${name}\\.[a-z-]+\\.json$`).test(f))
    .map((f) => HISTORIES_DIR + f);
}

async function histories(name: string): Promise<WorkflowHistory[]> {
  return readHistoryFiles(filesOf(name));
}

describe('scorecard from stored histories', () => {
  it('counts per unit what the audit rows of the same histories say: a task is late for a unit when one of its own actions on it was', async () => {
    for (const name of ['seed', 'living']) {
      const h = await histories(name);
      const score = conferenceScore(h);
      // Per unit and task: late when any of the unit's judged actions on it is late.
      const judged = new Map<string, Map<string, boolean>>();
      for (const r of buildAudit(h))
        if (r.kind === 'action' && r.timing && r.taskId && r.unit) {
          const tasks = judged.get(r.unit) ?? new Map<string, boolean>();
          tasks.set(r.taskId, (tasks.get(r.taskId) ?? false) || r.timing === 'late');
          judged.set(r.unit, tasks);
        }
      expect(judged.size, name).toBeGreaterThan(0);
      for (const [unit, tasks] of judged) {
        const late = [...tasks.values()].filter(Boolean).length;
        expect(score.byUnit[unit]?.late, `${name} ${unit}`).toBe(late);
        expect(score.byUnit[unit]?.onTime, `${name} ${unit}`).toBe(tasks.size - late);
      }
    }
  });

  it('names the late units of the seed rehearsal and filters by year and cluster', async () => {
    const seed = conferenceScore(await histories('seed'));
    const card = buildScorecard([seed]);
    expect(card.filter((r) => r.late > 0).map((r) => r.unitId)).toEqual(['dien-luc', 'dien-bien-dong']); // in the order of their names
    expect(card.find((r) => r.unitId === 'dien-bien-dong')).toMatchObject({
      unit: 'UBND huyện Điện Biên Đông',
      conferences: 1,
    });
    expect(buildScorecard([seed], { year: seed.year ?? 0, cluster: 'cum thi dua huyen vung cao' })).toEqual(card);
    expect(buildScorecard([seed], { year: (seed.year ?? 0) + 1 })).toEqual([]);
    expect(buildScorecard([seed], { cluster: 'Cụm thi đua các xã' })).toEqual([]);
  });

  it('quotes CSV cells that need it and says so when no conference matches', () => {
    const csv = formatScorecard(
      [
        {
          unitId: 'x',
          unit: 'UBND huyện "X", tỉnh Y',
          conferences: 1,
          held: 2,
          onTime: 1,
          late: 1,
          overdue: 0,
          returned: 0,
          extensionsAsked: 0,
          extensionsGranted: 0,
        },
      ],
      'csv',
      'en',
    );
    expect(csv.split('\n')[1]).toBe('x,"UBND huyện ""X"", tỉnh Y",1,2,1,1,0,0,0,0');
    expect(formatScorecard([], 'table', 'vi')).toBe('Không có hội nghị nào khớp.');
  });

  it('is printed by kehoach scorecard --from-files, conferences told apart by their histories', async () => {
    const files = [...filesOf('seed'), ...filesOf('living')];
    const { stdout } = await run(process.execPath, [
      'bin/kehoach.mjs',
      'scorecard',
      '--from-files',
      ...files,
      '--json',
    ]);
    const rows = JSON.parse(stdout) as { unitId: string; conferences: number; late: number }[];
    const expected = buildScorecard([
      conferenceScore(await histories('seed')),
      conferenceScore(await histories('living')),
    ]);
    expect(rows).toEqual(expected);
    expect(rows.find((r) => r.unitId === 'dien-luc')?.late).toBeGreaterThan(0);
  }, 60_000);
});
