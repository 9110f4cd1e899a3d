/**
 * The audit an auditor reads, built offline from the histories stored in test/fixtures/histories
 * (the seed run, a moved date, a cancellation; four workflow versions), so that a change to the
 * decoder or the row builder shows up here, row by row, before it reaches an auditor. Each set's
 * rows are kept as golden files (one row a line) in test/fixtures/audit; `vitest -u` rewrites
 * them, and the diff is the change an auditor would see.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAudit, readHistoryFiles, type AuditRow, type WorkflowHistory } from '../../audit';
import type { Lang } from '../../domain/time';
import { HISTORIES_DIR } from '../helpers/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const VERSIONS = ['', 'v1-', 'v2-', 'v3-'];
const SCENARIOS = ['seed', 'date-moved', 'cancelled'];
const SETS = VERSIONS.flatMap((v) => SCENARIOS.map((s) => `${v}${s}`));

/** The parent's history and its children's: `<set>.json` and `<set>.<responsibility>.json`. */
async function histories(set: string): Promise<WorkflowHistory[]> {
  const mine = files.filter(
    (f) => f === `${set}.json` || (f.startsWith(`${set}.`) && /^[a-z-]+\.json$/.test(f.slice(set.length + 1))),
  );
  return readHistoryFiles(mine.map((f) => HISTORIES_DIR + f));
}

async function rows(set: string, lang: Lang = 'vi'): Promise<AuditRow[]> {
  return buildAudit(await histories(set), [], lang);
}

const lines = (rs: AuditRow[]): string => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('golden audit rows of the stored histories', () => {
  for (const set of SETS) {
    it(`${set}: the same rows as recorded, in Vietnamese and English`, async () => {
      const h = await histories(set);
      expect(h.length).toBeGreaterThanOrEqual(4);
      await expect(lines(buildAudit(h, [], 'vi'))).toMatchFileSnapshot(`../fixtures/audit/${set}.vi.jsonl`);
      await expect(lines(buildAudit(h, [], 'en'))).toMatchFileSnapshot(`../fixtures/audit/${set}.en.jsonl`);
    });
  }
});
