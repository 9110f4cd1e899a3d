import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPlanFile, parsePlanText, type LocatedPlanIssue, type PlanLoadResult } from '../../domain/plan/load';
import { validatePlan, type PlanValidation } from '../../domain/plan/validate';
import { fixtureData, fixturePath, fixtureText, lineContaining, setAt } from './helpers/plans';

function issuesOf(result: PlanLoadResult | PlanValidation): LocatedPlanIssue[] {
  if (result.ok) throw new Error('expected the plan to be rejected');
  return result.issues;
}

const paths = (result: PlanLoadResult | PlanValidation): string[] => issuesOf(result).map((i) => i.path);

describe('broken plan files: one error kind each, at its path', () => {
  const cases: [file: string, path: string, mentions: string][] = [
    ['yaml-duplicate-key.yaml', '', 'YAML'],
    ['shape-unknown-kind.yaml', 'responsibilities[0].tasks[1].kind', 'submission'],
    ['duplicate-unit-id.yaml', 'units[4].id', 'tc-kh'],
    ['duplicate-responsibility-id.yaml', 'responsibilities[2].id', 'budget'],
    ['duplicate-task-id.yaml', 'responsibilities[2].tasks[0].id', 'reports.district'],
    ['unknown-unit.yaml', 'responsibilities[0].tasks[0].assignees[0]', 'muong-nhe'],
    ['missing-dependency.yaml', 'responsibilities[0].tasks[1].dependsOn[0]', 'reports.distrct'],
    ['dependency-cycle.yaml', 'responsibilities[1].tasks[1].dependsOn[1]', 'ceremony.pledge'],
    ['after-task-missing.yaml', 'responsibilities[1].tasks[1].due.task', 'budget.approval'],
    ['after-task-not-dependency.yaml', 'responsibilities[1].tasks[1].due.task', 'dependsOn'],
    ['deadline-before-dependency.yaml', 'responsibilities[0].tasks[1].due', 'reports.district'],
    ['signoff-no-signers.yaml', 'responsibilities[2].tasks[0].signers', ''],
    ['window-reversed.yaml', 'conference.window', '2023-03-31'],
    ['delegates-sum.yaml', 'conference.delegates.total', '4 + 6 = 10'],
    ['phased-due-mismatch.yaml', 'responsibilities[2].tasks[1].due', ''],
  ];

  it.each(cases)('%s → %s', async (file, path, mentions) => {
    const issues = issuesOf(await loadPlanFile(fixturePath(file)));
    expect(issues.map((i) => i.path)).toEqual([path]);
    const [only] = issues;
    expect(only?.message.vi).toContain(mentions);
    expect(only?.message.en).toContain(mentions);
    expect(only?.message.vi).not.toEqual(only?.message.en);
    expect(only?.message.vi).toBe(only?.message.vi.normalize('NFC'));
    expect(only?.line).toBeGreaterThan(0);
  });

  it('accepts the file every broken one is derived from', async () => {
    expect((await loadPlanFile(fixturePath('valid-minimal.yaml'))).ok).toBe(true);
  });

  it('reports every error of a file at once, in file order, with lines', async () => {
    const issues = issuesOf(await loadPlanFile(fixturePath('several-errors.yaml')));
    expect(issues.map((i) => i.path)).toEqual([
      'conference.delegates.total',
      'responsibilities[0].tasks[1].dependsOn[0]',
      'responsibilities[1].lead',
      'responsibilities[2].tasks[0].id',
      'responsibilities[2].tasks[0].signers',
    ]);
    const f = 'several-errors.yaml';
    expect(issues.map((i) => i.line)).toEqual([
      lineContaining(f, 'total: 11'),
      lineContaining(f, 'reports.distrct'),
      lineContaining(f, 'lead: phong-tai-chinh'),
      lineContaining(f, '- id: reports.district', lineContaining(f, '- id: ceremony')),
      lineContaining(f, 'signers: []'),
    ]);
  });

  it('names the whole cycle, across responsibilities', async () => {
    const [cycle] = issuesOf(await loadPlanFile(fixturePath('dependency-cycle.yaml')));
    expect(cycle?.message.en).toBe(
      'Dependency cycle: "budget.settlement" → "ceremony.pledge" → "budget.settlement"; these tasks could never open',
    );
    expect(cycle?.message.vi).toContain('Phụ thuộc vòng tròn');
  });
});

describe('unknown unit ids, wherever a unit is named', () => {
  const cases: [where: string, set: string, value: unknown, path: string][] = [
    ['organizer', 'organizer', 'x', 'organizer'],
    ['council', 'conference.progressReportTo', 'x', 'conference.progressReportTo'],
    ['lead', 'responsibilities[1].lead', 'x', 'responsibilities[1].lead'],
    ['support', 'responsibilities[1].support', ['tc-kh', 'x'], 'responsibilities[1].support[1]'],
    ['approver', 'responsibilities[1].tasks[0].approvers', ['x'], 'responsibilities[1].tasks[0].approvers[0]'],
    ['signer', 'responsibilities[2].tasks[0].signers', ['muong-cha', 'x'], 'responsibilities[2].tasks[0].signers[1]'],
    ['escalation', 'responsibilities[0].tasks[0].escalateTo', 'x', 'responsibilities[0].tasks[0].escalateTo'],
  ];
  it.each(cases)('%s', (_where, set, value, path) => {
    const data = fixtureData();
    setAt(data, set, value);
    const issues = issuesOf(validatePlan(data));
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]?.message.vi).toBe('Không có đơn vị "x" trong danh sách đơn vị (units)');
  });
});

describe('deadlines against dependencies', () => {
  it('compares two conference-relative deadlines by their offsets', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[0].tasks[0].due', { type: 'conference', day: -1, time: '17:00' });
    expect(paths(validatePlan(data))).toEqual(['responsibilities[0].tasks[1].due']);
    setAt(data, 'responsibilities[0].tasks[0].due', { type: 'conference', day: -3, time: '17:00' });
    expect(validatePlan(data).ok).toBe(true);
  });

  it('accepts a relative deadline after an absolute one as long as some date in the window allows it', () => {
    // The seed's case: the cluster report (day −3) needs the districts' reports (before 20/3);
    // with the window 20/3–31/3 the conference can be late enough.
    expect(validatePlan(fixtureData()).ok).toBe(true);
    const data = fixtureData();
    setAt(data, 'conference.window.to', '2023-03-22'); // the latest possible day −3 is 19/3 17:00 < 20/3
    expect(paths(validatePlan(data))).toEqual(['responsibilities[0].tasks[1].due']);
  });

  it('uses the fixed date once the invitation has set it', () => {
    const data = fixtureData();
    setAt(data, 'conference.date', '2023-03-21');
    expect(paths(validatePlan(data))).toEqual(['responsibilities[0].tasks[1].due']);
    setAt(data, 'conference.date', '2023-03-30');
    expect(validatePlan(data).ok).toBe(true);
  });

  it('compares an absolute deadline with a relative dependency at the earliest window date', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[0].tasks[1].due', { type: 'absolute', at: '2023-03-19T17:00' });
    setAt(data, 'responsibilities[0].tasks[0].due', { type: 'conference', day: 0, time: '07:30' }); // at the earliest 20/3 07:30
    expect(paths(validatePlan(data))).toEqual(['responsibilities[0].tasks[1].due']);
    setAt(data, 'responsibilities[0].tasks[0].due', { type: 'conference', day: -10, time: '17:00' }); // at the earliest 10/3 17:00
    expect(validatePlan(data).ok).toBe(true);
  });

  it('checks each phase of a phased duty against its dependencies', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[2].tasks[1].dependsOn', ['ceremony.pledge']); // pledge due day 0 11:30
    // phase "before" (day −1 07:00) is before the pledge's deadline; "during" (day 0 11:30) is not.
    expect(paths(validatePlan(data))).toEqual(['responsibilities[2].tasks[1].phases[0].due']);
  });
});

describe('shape errors and normalisation', () => {
  it('reports a misspelt key at the key itself, with its line', () => {
    const text = fixtureText('valid-minimal.yaml').replace(
      '        clause: III.2\n',
      '        clause: III.2\n        colour: red\n',
    );
    const issues = issuesOf(parsePlanText(text));
    expect(issues.map((i) => i.path)).toEqual(['responsibilities[0].tasks[0].colour']);
    expect(issues[0]?.message.vi).toBe('Trường "colour" không có trong định dạng kế hoạch');
    expect(issues[0]?.line).toBe(text.split('\n').findIndex((l) => l.includes('colour: red')) + 1);
  });

  it('reports a missing required field in Vietnamese and English', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[1].title', undefined);
    const issues = issuesOf(validatePlan(data));
    expect(issues).toEqual([
      { path: 'responsibilities[1].title', message: { vi: 'Thiếu trường bắt buộc', en: 'Required field is missing' } },
    ]);
  });

  it('brings decomposed Vietnamese to NFC so equal names compare equal', () => {
    const data = fixtureData();
    setAt(data, 'units[3].name', 'UBND huyện Mường Chà'.normalize('NFD'));
    const result = validatePlan(data);
    expect(result.ok && result.plan.units[3]?.name).toBe('UBND huyện Mường Chà'.normalize('NFC'));
  });

  it('turns a YAML syntax error into an issue with its line', () => {
    const issues = issuesOf(parsePlanText('version: 1\nunits: [\n  - a\nresponsibilities: x\n'));
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message.vi).toMatch(/^Lỗi cú pháp YAML/);
    expect(issues[0]?.line).toBeGreaterThan(1);
  });

  it('refuses files over 1 MiB without parsing them', () => {
    const issues = issuesOf(parsePlanText(`# ${'x'.repeat(1024 * 1024)}\nversion: 1\n`, 'big.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message.en).toContain('larger than 1 MiB');
  });

  it('reports an unreadable file as an issue', async () => {
    const issues = issuesOf(await loadPlanFile(fixturePath('does-not-exist.yaml')));
    expect(issues[0]?.message.en).toContain('ENOENT');
  });

  it('sorts units by Vietnamese collation of their name (Đ between D and E, not after Z)', () => {
    const data = fixtureData();
    setAt(data, 'units[4]', { id: 'dien-luc', name: 'Điện lực Tủa Chùa', shortName: 'Điện lực', kind: 'company' });
    setAt(data, 'units[5]', { id: 'cong-an', name: 'Công an huyện', shortName: 'Công an', kind: 'agency' });
    const result = parsePlanText(stringify(data));
    expect(result.ok && result.plan.units.map((u) => u.id)).toEqual([
      'cong-an',
      'dien-luc',
      'hoi-dong',
      'noi-vu',
      'tc-kh',
      'muong-cha',
    ]);
  });
});
