import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan, Task } from '../../domain/plan/schema';
import { resolveSchedule } from '../../domain/schedule';

const loaded = await loadPlanFile(SEED_PLAN_PATH);
if (!loaded.ok) throw new Error(`seed plan invalid:\n${JSON.stringify(loaded.issues, null, 2)}`);
const plan: Plan = loaded.plan;
const tasks: Task[] = plan.responsibilities.flatMap((r) => r.tasks);
const task = (id: string): Task => {
  const t = tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};
const responsibility = (id: string) => plan.responsibilities.find((r) => r.id === id);
const DISTRICTS = ['muong-cha', 'muong-nhe', 'nam-po', 'dien-bien-dong'];

/** Does a task's clause (e.g. "III.1.1 ¶1, II.1") cite `clause` or one of its sub-clauses? */
const cites = (t: Task, clause: string): boolean =>
  t.clause.split(', ').some((c) => c === clause || c.startsWith(`${clause}.`) || c.startsWith(`${clause} `));

describe('the seed plan', () => {
  it('validates (loadPlanFile returned ok above) with its 14 responsibilities and 13 units', () => {
    expect(plan.responsibilities.map((r) => r.id)).toEqual([
      'program',
      'speeches',
      'progress',
      'budget',
      'funding',
      'hall',
      'media',
      'security',
      'power',
      'reception',
      'districts',
      'pledge',
      'flag',
      'awards',
    ]);
    expect(plan.units.map((u) => u.id).sort()).toEqual(
      [
        'noi-vu',
        'van-phong',
        'vh-tt-th',
        'tc-kh',
        'cong-an',
        'dien-luc',
        'hoi-dong-tdkt',
        'lanh-dao-huyen',
        'tua-chua',
        'muong-cha',
        'muong-nhe',
        'nam-po',
        'dien-bien-dong',
      ].sort(),
    );
    expect(plan.organizer).toBe('noi-vu');
  });

  it.each([
    ['II.1'],
    ['II.2'],
    ['II.3'],
    ['III.1.1 ¶1'],
    ['III.1.1 ¶2'],
    ['III.1.1 ¶3'],
    ['III.1.2'],
    ['III.1.3 ¶1'],
    ['III.1.3 ¶2'],
    ['III.1.4'],
    ['III.1.5'],
    ['III.1.6'],
    ['III.1.7'],
    ['III.2'],
    ['III.2 ¶2'],
  ])('carries out clause %s in at least one task', (clause) => {
    expect(tasks.some((t) => cites(t, clause))).toBe(true);
  });

  it('gives each clause of section III to the unit the document names', () => {
    const owners: [clause: string, unit: string][] = [
      ['III.1.1 ¶1', 'noi-vu'],
      ['III.1.1 ¶2', 'noi-vu'],
      ['III.1.1 ¶3', 'noi-vu'],
      ['III.1.2', 'van-phong'],
      ['III.1.3', 'vh-tt-th'],
      ['III.1.5', 'cong-an'],
      ['III.1.6', 'dien-luc'],
      ['III.1.7', 'hoi-dong-tdkt'],
      ['III.2 ¶2', 'muong-cha'],
    ];
    for (const [clause, unit] of owners) {
      const cited = tasks.filter((t) => cites(t, clause));
      expect(cited.length, clause).toBeGreaterThan(0);
      expect(
        cited.every((t) => t.assignees.includes(unit)),
        clause,
      ).toBe(true);
    }
    expect(task('funding.source').assignees).toEqual(['tc-kh']);
    expect(responsibility('funding')?.lead).toBe('tc-kh');
    const estimate = task('budget.estimate');
    expect(estimate.kind === 'approval' && estimate.approvers).toEqual(['tc-kh']);
  });

  it("keeps the document's only deadline: the four districts' reports before 20/3/2023", () => {
    for (const date of [null, '2023-03-30']) {
      const schedule = resolveSchedule(plan, { conferenceDate: date, completedAt: {} });
      for (const d of DISTRICTS) {
        expect(schedule[`districts.${d}.report`]?.due).toBe('2023-03-19T17:00:00.000Z');
      }
    }
    for (const d of DISTRICTS) {
      const report = task(`districts.${d}.report`);
      expect(report.assignees).toEqual([d]);
      expect(report.kind === 'submission' && report.fields.map((f) => [f.name, f.type])).toEqual([
        ['reportUrl', 'url'],
        ['videoUrl', 'url'],
      ]);
      const list = task(`districts.${d}.delegates`);
      expect(list.kind === 'submission' && list.fields.map((f) => [f.name, f.type])).toEqual([
        ['headCount', 'integer'],
        ['listUrl', 'url'],
      ]);
      expect(task(`districts.${d}.presentation`).assignees).toEqual([d]);
    }
  });

  it("marks every other deadline as the organizer's choice", () => {
    const seedDeadlines = tasks.filter((t) => !t.organizerChoice).map((t) => t.id);
    expect(seedDeadlines.sort()).toEqual(DISTRICTS.map((d) => `districts.${d}.report`).sort());
  });

  it('waits for the districts before drafting the cluster report', () => {
    expect(task('program.cluster-report').dependsOn.sort()).toEqual(
      DISTRICTS.map((d) => `districts.${d}.report`).sort(),
    );
    expect(task('funding.source').dependsOn).toEqual(['budget.estimate']);
  });

  it('holds half a day in late March at the district conference centre, for 180 = 85 + 95 delegates', () => {
    const c = plan.conference;
    expect(c.venue).toBe('Trung tâm Hội nghị huyện Tủa Chùa');
    expect(c.length).toBe('4h');
    expect(c.date).toBeUndefined();
    expect([c.window.from, c.window.to]).toEqual(['2023-03-20', '2023-03-31']);
    expect(c.delegates?.total).toBe(180);
    expect(c.delegates?.groups.map((g) => g.count)).toEqual([85, 95]);
    expect(c.dayBefore?.program.length).toBeGreaterThanOrEqual(3);
    expect(c.progressReportTo).toBe('hoi-dong-tdkt');
  });

  it('has the day-before program on day −1 and the ceremonies on day 0', () => {
    const exchange = task('media.exchange');
    expect(exchange.due.type === 'conference' && exchange.due.day).toBe(-1);
    for (const id of ['pledge.sign', 'flag.handover', 'awards.ceremony']) {
      const due = task(id).due;
      expect(due.type === 'conference' && due.day, id).toBe(0);
    }
  });

  it('passes the rotating flag from Tủa Chùa to Mường Chà, both confirming', () => {
    const handover = task('flag.handover');
    expect(handover.kind).toBe('signoff');
    expect(handover.kind === 'signoff' && handover.signers).toEqual(['tua-chua', 'muong-cha']);
    expect(responsibility('flag')?.lead).toBe('tua-chua');
  });

  it('has every member district sign the 2023 pledge', () => {
    const sign = task('pledge.sign');
    expect(sign.kind === 'signoff' && [...sign.signers].sort()).toEqual(['tua-chua', ...DISTRICTS].sort());
  });

  it('phases security, power and propaganda before, during and after', () => {
    for (const id of ['security.order', 'power.supply', 'media.propaganda']) {
      const t = task(id);
      expect(t.kind === 'phased' && t.phases.map((p) => p.phase), id).toEqual(['before', 'during', 'after']);
    }
  });

  it('records the document: number, signer, legal bases', () => {
    expect(plan.meta.number).toBe('…/KH-CTĐHVC');
    expect(plan.meta.signer).toEqual({ name: 'Lường Tuấn Anh', title: 'Chủ tịch UBND huyện Tủa Chùa' });
    expect(plan.meta.legalBases).toHaveLength(5);
    expect(plan.meta.legalBases.some((b) => b.includes('3719/UBND-KSTT'))).toBe(true);
  });

  it('is written in NFC and gives every task an English title', () => {
    const text = readFileSync(SEED_PLAN_PATH, 'utf8');
    expect(text).toBe(text.normalize('NFC'));
    expect(tasks.filter((t) => t.titleEn === undefined).map((t) => t.id)).toEqual([]);
  });

  it('has a deadline for every task once the date is known, except the settlement that follows the ceremony', () => {
    const schedule = resolveSchedule(plan, { conferenceDate: '2023-03-30', completedAt: {} });
    const open = Object.entries(schedule).filter(([, s]) => s.due === null);
    expect(open.map(([id, s]) => [id, s.waitingFor])).toEqual([['budget.settlement', 'task']]);
  });
});
