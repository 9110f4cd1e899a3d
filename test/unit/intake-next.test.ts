/**
 * Next year's draft from the seed (`kehoach plan next`): the dates a year later, the host the
 * unit that received the flag, the flag passed on, every moved value flagged; and the draft
 * passes the plan's checks once the flags are decided (the proposals kept).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWorkflow, readHistoryFiles } from '../../audit';
import type { ConferenceInput } from '../../domain/messages';
import { HISTORIES_DIR } from '../helpers/histories';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import { validatePlan } from '../../domain/plan/validate';
import { nextYearDraft } from '../../intake/next';

async function seed(): Promise<Plan> {
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  return loaded.plan;
}

describe('next year from the seed conference', () => {
  it('moves the dates a year and makes the unit that received the flag the host', async () => {
    const plan = await seed();
    const { plan: next, flags, host } = nextYearDraft(plan, ['tua-chua', 'muong-cha']);
    expect(host).toBe('muong-cha');
    const p = next as unknown as Plan;
    expect(p.id).toBe(plan.id.replace('2022', '2023'));
    expect(p.conference.window).toMatchObject({ from: '2024-03-20', to: '2024-03-31' });
    expect(p.conference.title).toContain('năm 2023');
    expect(p.meta.place).toBe('Mường Chà');
    expect(p.units.find((u) => u.id === 'noi-vu')?.name).toBe('Phòng Nội vụ huyện Mường Chà');
    const handover = p.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'flag.handover');
    expect(handover && handover.kind === 'signoff' ? handover.signers : []).toEqual(['muong-cha', 'muong-nhe']);
    // The four districts' reports were due "trước ngày 20/3/2023": a year later, and flagged.
    const report = p.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'districts.muong-cha.report');
    expect(report?.due).toMatchObject({ type: 'absolute', at: '2024-03-20T00:00' });
    const paths = flags.map((f) => f.path);
    for (const path of ['meta.place', 'conference.venue', 'conference.window', 'meta.signer.name'])
      expect(paths).toContain(path);
    expect(paths.filter((x) => x.endsWith('.due')).length).toBeGreaterThanOrEqual(4);
    expect(flags.every((f) => f.reason.vi.length > 0 && f.reason.en.length > 0)).toBe(true);
    // The pledge carries over.
    expect(p.responsibilities.map((r) => r.id)).toContain('pledge');
  });

  it('passes the plan checks once the flagged values are decided', async () => {
    const { plan: next } = nextYearDraft(await seed(), ['tua-chua', 'muong-cha']);
    const checked = validatePlan(next);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });

  it('from a finished rehearsal of the seed (stored histories): the plan it ran, the flag as it was signed', async () => {
    const files = readdirSync(HISTORIES_DIR)
      .filter((f) => f === 'v5-seed.json' || f === 'v5-seed.flag.json')
      .map((f) => HISTORIES_DIR + f);
    const facts = (await readHistoryFiles(files)).map(decodeWorkflow);
    const conference = facts.find((f) => f.kind === 'conference');
    const flag = facts.find((f) => f.kind === 'responsibility');
    const ran = (conference?.input as ConferenceInput).plan;
    const views = flag?.kind === 'responsibility' ? flag.taskViews.filter((v) => v.id === 'flag.handover') : [];
    const signedBy = views.at(-1)?.signedBy ?? [];
    expect(views.at(-1)?.state).toBe('done');
    const { plan: next, host } = nextYearDraft(ran, signedBy);
    expect(host).toBe('muong-cha');
    const checked = validatePlan(next);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });

  it('without both confirmations, keeps the planned receiver as host and says the handover is not confirmed', async () => {
    const { host, flags } = nextYearDraft(await seed(), ['muong-cha']);
    expect(host).toBe('muong-cha');
    expect(flags.find((f) => f.path === 'meta.place')?.reason.vi).toContain('chưa được hai bên xác nhận');
  });
});
