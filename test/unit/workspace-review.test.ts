/**
 * The workspace's review, on a corpus document read by the importer (a cluster of communes whose
 * members share duties): the open values grouped by duty, the plan's own values first; a duty
 * given to every member is one group whose changed deadline reaches every member's copy; a form
 * sent as filled in keeps the proposals; and a form's mistakes are refused naming the value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { valueAt, type DraftState } from '../../domain/drafts';
import type { DueRule } from '../../domain/plan/schema';
import { importDocument, type ImportResult } from '../../intake/import';
import { reviewSection } from '../../web/pages/workspace-review';
import { decisionOf, reviewGroups, ruleFields, type ReviewGroup } from '../../web/review';
import { WebError } from '../../web/errors';

const FILE = 'test/fixtures/intake/corpus/04-cum-xa-chieng-sai.txt';

async function draftOf(): Promise<Pick<DraftState, 'plan' | 'flags' | 'sources'>> {
  return stateOf(await importDocument(readFileSync(FILE), '04.txt'));
}

/** What the workspace keeps of an import (web/workspace-routes.ts). */
function stateOf(r: ImportResult): Pick<DraftState, 'plan' | 'flags' | 'sources' | 'found'> {
  return {
    ...(r.counts ? { found: { duties: r.counts.duties, tasks: r.counts.tasks } } : {}),
    plan: r.plan,
    flags: r.flags,
    sources: r.tasks.map((t) => ({
      id: t.id,
      clause: t.clause,
      sentence: t.sentence,
      ...(t.sameDutyAs !== undefined ? { sameDutyAs: t.sameDutyAs } : {}),
    })),
  };
}

/** The form of a group exactly as the page fills it in (the proposals), as textForm reads it. */
function filledIn(g: ReviewGroup): Record<string, string> {
  const form: Record<string, string> = { group: g.key };
  const rule = (p: string, r: DueRule): void => {
    const f = ruleFields(r);
    Object.assign(form, {
      [`${p}.mode`]: f.mode,
      [`${p}.days`]: String(f.days),
      [`${p}.time`]: f.time,
      [`${p}.at`]: f.at,
      ...(f.workingDays ? { [`${p}.wd`]: '1' } : {}),
    });
  };
  g.items.forEach((item, k) => {
    form[`p${k}`] = item.flag.path;
    const v = item.value;
    if (item.editor === 'rule') rule(`v${k}`, v as DueRule);
    else if (item.editor === 'phases') (v as { due: DueRule }[]).forEach((ph, i) => rule(`v${k}.${i}`, ph.due));
    else if (item.editor === 'units') form[`v${k}.ids`] = (v as string[]).join(',');
    else if (item.editor === 'record')
      for (const [key, x] of Object.entries(v as Record<string, string>)) form[`v${k}.${key}`] = x;
    else if (item.editor === 'task') {
      const t = v as { title: string; assignees: string[]; due: DueRule };
      form[`v${k}.title`] = t.title;
      form[`v${k}.ids`] = t.assignees.join(',');
      rule(`v${k}.due`, t.due);
    } else form[`v${k}`] = String(v);
  });
  return form;
}

describe('the review grouped by duty', () => {
  it('puts every open value in one group, the plan first, then the duties in the plan’s order', async () => {
    const draft = await draftOf();
    const groups = reviewGroups(draft);
    expect(groups.flatMap((g) => g.items.map((i) => i.flag.path)).sort()).toEqual(
      draft.flags.map((f) => f.path).sort(),
    );
    expect(groups[0]?.kind).toBe('plan');
    expect(groups[0]?.items.map((i) => i.flag.path)).toEqual(
      expect.arrayContaining(['organizer', 'conference.startTime', 'conference.window']),
    );
    expect(groups.length).toBeLessThan(draft.flags.length);
    const duties = groups.filter((g) => g.kind === 'duty');
    expect(duties.every((g) => g.title.length > 0 && g.assignees.length > 0)).toBe(true);
    // Ordered as the plan lists them.
    const order = duties.map((g) => g.key.match(/\d+/gu)?.map(Number) ?? []);
    expect(order).toEqual([...order].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)));
  });

  it('shows a duty given to each member as one group naming every member', async () => {
    const groups = reviewGroups(await draftOf());
    const shared = groups.find((g) => g.copies.length > 0);
    expect(shared?.assignees).toEqual(expect.arrayContaining([expect.stringMatching(/Phiêng Khoài/u)]));
    expect(shared?.assignees.length).toBe(shared ? shared.copies.length + 1 : 0);
    expect(shared?.title.normalize('NFC')).toBe(shared?.title);
  });

  it('keeps every proposal when a group is confirmed as filled in', async () => {
    const draft = await draftOf();
    for (const g of reviewGroups(draft)) {
      const d = decisionOf(draft, g.key, filledIn(g));
      expect(d.set, g.key).toEqual([]);
      expect(d.accept.sort()).toEqual(g.items.map((i) => i.flag.path).sort());
    }
  });

  it('sets a changed deadline on every member’s copy of the duty, and keeps the rest', async () => {
    const draft = await draftOf();
    const shared = reviewGroups(draft).find((g) => g.copies.length > 0 && g.items.some((i) => i.editor === 'rule'));
    if (!shared) throw new Error('the corpus document has a per-member duty with an open deadline');
    const k = shared.items.findIndex((i) => i.editor === 'rule');
    const form = { ...filledIn(shared), [`v${k}.mode`]: 'before', [`v${k}.days`]: '7', [`v${k}.time`]: '16:30' };
    const d = decisionOf(draft, shared.key, form);
    const due = { type: 'conference', day: -7, time: '16:30' };
    expect(d.set).toEqual([shared.key, ...shared.copies].map((p) => ({ path: `${p}.due`, value: due })));
    expect(d.accept).toEqual(shared.items.filter((_, i) => i !== k).map((i) => i.flag.path));
    // The copies held the same proposal as the first.
    for (const p of shared.copies) expect(valueAt(draft.plan, `${p}.due`)).toEqual(shared.items[k]?.value);
  });

  it('reads a fixed date, working days and a unit chosen from the list', async () => {
    const draft = await draftOf();
    const plan = reviewGroups(draft)[0];
    if (!plan) throw new Error('no plan group');
    const form = filledIn(plan);
    const organizer = plan.items.findIndex((i) => i.flag.path === 'organizer');
    const units = (draft.plan.units as { id: string; name: string }[]).map((u) => u.id);
    const other = units.find((u) => u !== plan.items[organizer]?.value) ?? '';
    form[`v${organizer}`] = other;
    expect(decisionOf(draft, plan.key, form).set).toEqual([{ path: 'organizer', value: other }]);

    const duty = reviewGroups(draft).find((g) => g.kind === 'duty' && g.items[0]?.editor === 'rule');
    if (!duty) throw new Error('no duty with an open deadline');
    const at = { ...filledIn(duty), 'v0.mode': 'at', 'v0.at': '2025-12-20T09:00' };
    expect(decisionOf(draft, duty.key, at).set[0]?.value).toEqual({ type: 'absolute', at: '2025-12-20T09:00' });
    const wd = { ...filledIn(duty), 'v0.mode': 'before', 'v0.days': '3', 'v0.wd': '1' };
    expect(decisionOf(draft, duty.key, wd).set[0]?.value).toEqual({
      type: 'conference',
      day: -3,
      time: '17:00',
      workingDays: true,
    });
  });

  it('refuses a form’s mistakes naming the value and the reason', async () => {
    const draft = await draftOf();
    const duty = reviewGroups(draft).find((g) => g.kind === 'duty' && g.items[0]?.editor === 'rule');
    const plan = reviewGroups(draft)[0];
    if (!duty || !plan) throw new Error('no groups');
    const refused = (g: ReviewGroup, form: Record<string, string>): WebError => {
      try {
        decisionOf(draft, g.key, form);
      } catch (e) {
        if (e instanceof WebError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    const path = duty.items[0]?.flag.path ?? '';
    expect(refused(duty, { ...filledIn(duty), 'v0.days': 'ba' })).toMatchObject({
      status: 400,
      field: `${path}.days`,
      vi: 'số ngày phải là số nguyên từ 1 đến 60',
    });
    expect(refused(duty, { ...filledIn(duty), 'v0.mode': 'at', 'v0.at': '' })).toMatchObject({ field: `${path}.at` });
    expect(refused(duty, { ...filledIn(duty), 'v0.time': '25:00' })).toMatchObject({ field: `${path}.time` });
    expect(refused(duty, { ...filledIn(duty), 'v0.mode': 'sometime' })).toMatchObject({ field: `${path}.mode` });
    const organizer = plan.items.findIndex((i) => i.flag.path === 'organizer');
    expect(refused(plan, { ...filledIn(plan), [`v${organizer}`]: 'khong-co' })).toMatchObject({
      field: 'organizer',
      en: 'no unit khong-co',
    });
    expect(refused(duty, { ...filledIn(duty), p0: 'responsibilities[0].tasks[9].due' })).toMatchObject({
      field: 'responsibilities[0].tasks[9].due',
    });
    expect(refused(duty, { group: duty.key })).toMatchObject({ field: 'group' });
    expect(() => decisionOf(draft, 'responsibilities[99].tasks[0]', filledIn(duty))).toThrow(WebError);
  });
});

/** The fields a browser sends for each review form of a page, read from its markup. */
function formsOf(markup: string): { group: string; fields: Record<string, string>; emptyRequired: string[] }[] {
  const unescape = (s: string): string =>
    s
      .replace(/&quot;/gu, '"')
      .replace(/&#39;/gu, "'")
      .replace(/&lt;/gu, '<')
      .replace(/&gt;/gu, '>')
      .replace(/&amp;/gu, '&');
  const attrs = (tag: string): Map<string, string> =>
    new Map([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/gu)].slice(1).map((m) => [m[1] ?? '', unescape(m[2] ?? '')]));
  return [...markup.matchAll(/<form method="post" action="[^"]*\/decisions"[^>]*>([\s\S]*?)<\/form>/gu)].map((f) => {
    const body = f[1] ?? '';
    const fields: Record<string, string> = {};
    const emptyRequired: string[] = [];
    const add = (name: string, value: string): void => {
      fields[name] = fields[name] === undefined ? value : `${fields[name]},${value}`;
    };
    for (const m of body.matchAll(/<input\b[^>]*>/gu)) {
      const a = attrs(m[0]);
      const name = a.get('name') ?? '';
      if (a.get('type') === 'checkbox' && !a.has('checked')) continue;
      if (a.has('required') && !a.get('value')) emptyRequired.push(name);
      // A number under the input's own minimum: the browser would not send the form.
      if (a.has('min') && a.get('value') !== '' && Number(a.get('value')) < Number(a.get('min')))
        emptyRequired.push(name);
      add(name, a.get('value') ?? '');
    }
    for (const m of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gu)) {
      const name = attrs(`<select ${m[1] ?? ''}`).get('name') ?? '';
      const options = [...(m[2] ?? '').matchAll(/<option\b[^>]*>/gu)].map((o) => attrs(o[0]));
      add(name, (options.find((o) => o.has('selected')) ?? options[0])?.get('value') ?? '');
    }
    for (const m of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gu))
      add(attrs(`<t ${m[1] ?? ''}`).get('name') ?? '', unescape(m[2] ?? ''));
    return { group: fields.group ?? '', fields, emptyRequired };
  });
}

describe('the review page as a browser sends it', () => {
  const documents = [
    'test/fixtures/intake/ke-hoach-hoi-nghi-tong-ket-2022.txt',
    ...readdirSync('test/fixtures/intake/corpus')
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `test/fixtures/intake/corpus/${f}`),
  ];
  it.each(documents)('keeps every proposal of %s when each group is confirmed as filled in', async (file) => {
    const r = await importDocument(readFileSync(file), file);
    const draft = {
      ...stateOf(r),
      draftId: 'd',
      source: file,
      text: r.text,
      versions: [],
      edits: 0,
      createdBy: { unitId: 'x', person: 'y' },
      createdAt: '',
      updatedAt: '',
    };
    const groups = reviewGroups(draft);
    const markup = reviewSection({ draft, groups, lang: 'vi', person: 'Lan', base: '/workspace/drafts/d' }).toString();
    const forms = formsOf(markup);
    expect(forms.map((f) => f.group)).toEqual(groups.map((g) => g.key));
    for (const f of forms) {
      expect(f.emptyRequired, f.group).toEqual([]);
      const d = decisionOf(draft, f.group, f.fields);
      expect(d.set, f.group).toEqual([]);
    }
    expect(forms.flatMap((f) => decisionOf(draft, f.group, f.fields).accept).sort()).toEqual(
      draft.flags.map((x) => x.path).sort(),
    );
  });
});
