/**
 * The review of a draft as a clerk does it: the open values grouped by the duty they belong to
 * (the plan and its conference, the units, then each duty in the plan's order), each value with an
 * editor fitted to its shape and the proposal already filled in; and one group's form read back
 * as one decision (`decide`: the proposals kept, the values changed). A per-member duty is one
 * group: its open values are asked on the first copy, and a changed value is set on every copy,
 * so that the copies never drift apart. Pure; no I/O.
 */
import { valueAt, type DraftEdit, type DraftFlag, type DraftState } from '../domain/drafts';
import type { DueRule } from '../domain/plan/schema';
import { ErrorType } from '../domain/errors';
import { WebError } from './errors';
import { localDateTime } from './forms';

/** How a value is edited: a deadline, the deadlines of the phases, units to tick, one unit, … */
export type EditorKind =
  | 'rule'
  | 'phases'
  | 'units'
  | 'unit'
  | 'unitKind'
  | 'time'
  | 'task'
  | 'record'
  | 'number'
  | 'boolean'
  | 'text'
  | 'json';

export interface ReviewItem {
  flag: DraftFlag;
  value: unknown;
  editor: EditorKind;
}

export interface ReviewGroup {
  /** The path the group's values sit under: `plan`, `units`, `responsibilities[2]`, `responsibilities[2].tasks[0]`. */
  key: string;
  kind: 'plan' | 'units' | 'responsibility' | 'duty';
  title: string;
  /** The units that do the duty (every copy's unit for a per-member duty). */
  assignees: string[];
  clause?: string;
  sentence?: string;
  line?: number;
  /** The paths of the other copies of a per-member duty. */
  copies: string[];
  items: ReviewItem[];
}

interface TaskShape {
  id?: string;
  title?: string;
  clause?: string;
  assignees?: string[];
}
interface RespShape {
  title?: string;
  tasks?: TaskShape[];
}
interface UnitShape {
  id?: string;
  name?: string;
  shortName?: string;
}

export const UNIT_KINDS = ['office', 'agency', 'district', 'company', 'council', 'leader'] as const;
const UNIT_LISTS = new Set(['assignees', 'approvers', 'signers', 'support', 'members']);
const ONE_UNIT = new Set(['organizer', 'lead', 'escalateTo']);
/** The values the copies of a per-member duty share (intake/task-build.ts asks them once). */
const SHARED = new Set(['due', 'phases', 'approvers']);

const TASK_PATH = /^responsibilities\[(\d+)\]\.tasks\[(\d+)\]/u;
const RESP_PATH = /^responsibilities\[(\d+)\]/u;

const lastKey = (path: string): string => /([A-Za-z]+)(?:\[\d+\])?$/u.exec(path)?.[1] ?? path;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function editorOf(path: string, value: unknown): EditorKind {
  const key = lastKey(path);
  if (isObject(value) && typeof value.type === 'string') return 'rule';
  if (key === 'phases' && Array.isArray(value)) return 'phases';
  if (UNIT_LISTS.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'units';
  if (ONE_UNIT.has(key) && typeof value === 'string') return 'unit';
  if (/^units\[\d+\]\.kind$/u.test(path)) return 'unitKind';
  if (typeof value === 'string' && /^\d{2}:\d{2}$/u.test(value) && /time$/iu.test(key)) return 'time';
  if (/^responsibilities\[\d+\]\.tasks\[\d+\]$/u.test(path) && isObject(value)) return 'task';
  if (isObject(value) && Object.values(value).every((v) => typeof v === 'string')) return 'record';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return 'json';
}

function groupKey(path: string): { key: string; order: number[] } {
  const t = TASK_PATH.exec(path);
  if (t) return { key: t[0], order: [2, Number(t[1]), 1, Number(t[2])] };
  const r = RESP_PATH.exec(path);
  if (r) return { key: r[0], order: [2, Number(r[1]), 0, 0] };
  if (path.startsWith('units')) return { key: 'units', order: [1, 0, 0, 0] };
  return { key: 'plan', order: [0, 0, 0, 0] };
}

const compareOrder = (a: number[], b: number[]): number => {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/** The units of the draft by id, for names and for the unit editors. */
export function unitsOf(draft: Pick<DraftState, 'plan'>): UnitShape[] {
  return ((draft.plan.units ?? []) as UnitShape[]).filter((u) => typeof u.id === 'string');
}

/** The open values of the draft, grouped by the duty they belong to, in the plan's order. */
export function reviewGroups(draft: Pick<DraftState, 'plan' | 'flags' | 'sources'>): ReviewGroup[] {
  const names = new Map(unitsOf(draft).map((u) => [u.id ?? '', u.name ?? u.id ?? '']));
  const resps = (draft.plan.responsibilities ?? []) as RespShape[];
  const taskPaths = new Map<string, string>();
  resps.forEach((r, ri) =>
    (r.tasks ?? []).forEach((t, ti) => {
      if (t.id) taskPaths.set(t.id, `responsibilities[${ri}].tasks[${ti}]`);
    }),
  );
  const source = new Map(draft.sources.map((s) => [s.id, s]));
  const groups = new Map<string, ReviewGroup & { order: number[] }>();
  for (const flag of draft.flags) {
    const { key, order } = groupKey(flag.path);
    let g = groups.get(key);
    if (!g) {
      g = { ...describeGroup(key, draft, resps, names, taskPaths, source), order };
      groups.set(key, g);
    }
    const value = valueAt(draft.plan, flag.path);
    g.items.push({ flag, value, editor: editorOf(flag.path, value) });
    // A duty's sentence is shown once, above its values; the plan's values each keep their own.
    if ((g.kind === 'duty' || g.kind === 'responsibility') && g.sentence === undefined && flag.sentence !== undefined) {
      g.sentence = flag.sentence;
      if (flag.clause !== undefined) g.clause ??= flag.clause;
    }
  }
  return [...groups.values()].sort((a, b) => compareOrder(a.order, b.order)).map(({ order: _o, ...g }) => g);
}

function describeGroup(
  key: string,
  draft: Pick<DraftState, 'plan' | 'sources'>,
  resps: RespShape[],
  names: Map<string, string>,
  taskPaths: Map<string, string>,
  source: Map<string, DraftState['sources'][number]>,
): ReviewGroup {
  const base = { key, assignees: [], copies: [], items: [] };
  if (key === 'plan') {
    const meta = (draft.plan.meta ?? {}) as { title?: string };
    return { ...base, kind: 'plan', title: meta.title ?? '' };
  }
  if (key === 'units') return { ...base, kind: 'units', title: '' };
  const t = TASK_PATH.exec(key);
  if (!t) {
    const r = resps[Number(RESP_PATH.exec(key)?.[1])];
    return { ...base, kind: 'responsibility', title: r?.title ?? key };
  }
  const task = valueAt(draft.plan, key) as TaskShape | undefined;
  const id = task?.id ?? '';
  const copies = draft.sources.filter((s) => s.sameDutyAs === id && s.id !== id);
  const copyPaths = copies.map((s) => taskPaths.get(s.id)).filter((p): p is string => p !== undefined);
  const assignees = [task, ...copyPaths.map((p) => valueAt(draft.plan, p) as TaskShape | undefined)]
    .flatMap((x) => x?.assignees ?? [])
    .map((a) => names.get(a) ?? a);
  const s = source.get(id);
  return {
    ...base,
    kind: 'duty',
    title: task?.title ?? key,
    assignees: [...new Set(assignees)],
    copies: copyPaths,
    ...(task?.clause !== undefined ? { clause: task.clause } : s ? { clause: s.clause } : {}),
    ...(s?.sentence ? { sentence: s.sentence } : {}),
    ...(s?.line !== undefined ? { line: s.line } : {}),
  };
}

// ---- reading a group's form back ----

type Form = Record<string, string | undefined>;
type Decision = Extract<DraftEdit, { op: 'decide' }>;

const bad = (field: string, vi: string, en: string): WebError =>
  new WebError(400, ErrorType.InvalidPayload, field, vi, en);

/** A value in a canonical form, to tell a kept proposal from a changed value. */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (!isObject(x)) return x;
    return Object.fromEntries(
      Object.keys(x)
        .filter((k) => x[k] !== undefined && !(k === 'workingDays' && x[k] === false))
        .sort()
        .map((k) => [k, norm(x[k])]),
    );
  };
  return JSON.stringify(norm(v));
}

/** The modes a deadline is set in, as the rule editor offers them. */
export type RuleMode = 'before' | 'day' | 'after' | 'within' | 'at' | 'afterTask';

/** A due rule as the rule editor's fields show it. */
export function ruleFields(rule: DueRule): {
  mode: RuleMode;
  days: number;
  workingDays: boolean;
  time: string;
  at: string;
} {
  const defaults = { days: 3, workingDays: false, time: '17:00', at: '' };
  switch (rule.type) {
    case 'absolute':
      return { ...defaults, mode: 'at', at: rule.at, time: rule.at.slice(11, 16) };
    case 'conference':
      return {
        ...defaults,
        mode: rule.day < 0 ? 'before' : rule.day === 0 ? 'day' : 'after',
        days: Math.abs(rule.day),
        workingDays: rule.workingDays === true,
        time: rule.time,
      };
    case 'afterConference':
      return {
        ...defaults,
        mode: 'within',
        days: Number.parseInt(rule.after, 10),
        workingDays: rule.after.endsWith('wd'),
        time: rule.time ?? '',
      };
    case 'afterTask':
      return {
        ...defaults,
        mode: 'afterTask',
        days: Number.parseInt(rule.after, 10),
        workingDays: rule.after.endsWith('wd'),
        time: '',
      };
  }
}

/** The rule a rule editor's fields say (`p` the fields' prefix; `was` the proposal, for the task it follows). */
function ruleFrom(form: Form, p: string, field: string, was: unknown): DueRule {
  const mode = form[`${p}.mode`] as RuleMode | undefined;
  const wd = form[`${p}.wd`] === '1';
  const days = (max: number, min = 1): number => {
    const raw = (form[`${p}.days`] ?? '').trim();
    const n = Number(raw);
    if (!/^\d{1,4}$/u.test(raw) || n < min || n > max)
      throw bad(
        `${field}.days`,
        `số ngày phải là số nguyên từ ${min} đến ${max}`,
        `the number of days must be a whole number from ${min} to ${max}`,
      );
    return n;
  };
  const time = (required: boolean): string | undefined => {
    const t = (form[`${p}.time`] ?? '').trim();
    if (!t && !required) return undefined;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/u.test(t))
      throw bad(`${field}.time`, 'cần giờ dạng HH:MM', 'expected a time of day (HH:MM)');
    return t;
  };
  const wdOnly = wd ? { workingDays: true } : {};
  switch (mode) {
    case 'before':
      return { type: 'conference', day: -days(60), time: time(true) ?? '', ...wdOnly };
    case 'day':
      return { type: 'conference', day: 0, time: time(true) ?? '' };
    case 'after':
      return { type: 'conference', day: days(60), time: time(true) ?? '', ...wdOnly };
    case 'within': {
      const t = time(false);
      return { type: 'afterConference', after: `${days(366, 0)}${wd ? 'wd' : 'd'}`, ...(t ? { time: t } : {}) };
    }
    case 'at': {
      const at = localDateTime(form[`${p}.at`]);
      if (!at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/u.test(at))
        throw bad(`${field}.at`, 'cần một ngày giờ (YYYY-MM-DD HH:MM)', 'expected a date and time (YYYY-MM-DD HH:MM)');
      return { type: 'absolute', at };
    }
    case 'afterTask': {
      const task = isObject(was) && was.type === 'afterTask' ? String(was.task) : '';
      if (!task)
        throw bad(`${field}.mode`, 'hạn này không theo một việc khác', 'this deadline does not follow another task');
      // A span in hours or minutes keeps its unit (the editor counts it as is).
      const unit = wd ? 'wd' : (/(h|m)$/u.exec(String((was as { after?: string }).after))?.[1] ?? 'd');
      return { type: 'afterTask', task, after: `${days(366, 0)}${unit}` };
    }
    default:
      throw bad(`${field}.mode`, 'hãy chọn cách tính hạn', 'choose how the deadline is set');
  }
}

const listOf = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The value one item's fields say (`p` the fields' prefix). */
function valueFrom(item: ReviewItem, form: Form, p: string, unitIds: ReadonlySet<string>): unknown {
  const path = item.flag.path;
  const units = (ids: string[]): string[] => {
    const unknown = ids.find((id) => !unitIds.has(id));
    if (unknown !== undefined) throw bad(path, `không có đơn vị ${unknown}`, `no unit ${unknown}`);
    if (ids.length === 0) throw bad(path, 'hãy chọn ít nhất một đơn vị', 'choose at least one unit');
    return ids;
  };
  /** A text; left empty only where the draft has it empty (a number filled in when issued). */
  const text = (v: string | undefined, field: string, was: unknown): string => {
    const t = (v ?? '').trim();
    if (!t && was !== '') throw bad(field, 'cần điền', 'is required');
    if (t.length > 2000) throw bad(field, 'quá dài (tối đa 2000 ký tự)', 'too long (at most 2000 characters)');
    return t;
  };
  switch (item.editor) {
    case 'rule':
      return ruleFrom(form, p, path, item.value);
    case 'phases':
      return (item.value as Record<string, unknown>[]).map((ph, i) => ({
        ...ph,
        due: ruleFrom(form, `${p}.${i}`, `${path}[${i}].due`, ph.due),
      }));
    case 'units':
      return units(listOf(form[`${p}.ids`]));
    case 'unit':
      return units([text(form[p], path, undefined)])[0];
    case 'unitKind': {
      const k = form[p] ?? '';
      if (!(UNIT_KINDS as readonly string[]).includes(k))
        throw bad(
          path,
          `loại đơn vị là một trong ${UNIT_KINDS.join(', ')}`,
          `the kind is one of ${UNIT_KINDS.join(', ')}`,
        );
      return k;
    }
    case 'time': {
      const t = (form[p] ?? '').trim();
      if (!/^([01]\d|2[0-3]):[0-5]\d$/u.test(t))
        throw bad(path, 'cần giờ dạng HH:MM', 'expected a time of day (HH:MM)');
      return t;
    }
    case 'task': {
      const task = item.value as Record<string, unknown>;
      const due = isObject(task.due) ? ruleFrom(form, `${p}.due`, `${path}.due`, task.due) : task.due;
      return {
        ...task,
        title: text(form[`${p}.title`], `${path}.title`, undefined),
        assignees: units(listOf(form[`${p}.ids`])),
        due,
      };
    }
    case 'record':
      return Object.fromEntries(
        Object.entries(item.value as Record<string, string>).map(([k, was]) => [
          k,
          text(form[`${p}.${k}`], `${path}.${k}`, was),
        ]),
      );
    case 'number': {
      const raw = (form[p] ?? '').trim();
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) throw bad(path, 'cần một số', 'expected a number');
      return n;
    }
    case 'boolean':
      return form[p] === 'true';
    case 'text':
      return text(form[p], path, item.value);
    case 'json':
      try {
        return JSON.parse(form[p] ?? '') as unknown;
      } catch {
        throw bad(path, 'không phải JSON hợp lệ', 'not valid JSON');
      }
  }
}

/**
 * One group's form → one decision: each value the form carries (`p<k>` its path, `v<k>…` its
 * fields) kept when it is the proposal, set when changed, and set on every copy of a per-member
 * duty. A path the group no longer has open is refused by name (another tab decided it).
 */
export function decisionOf(
  draft: Pick<DraftState, 'plan' | 'flags' | 'sources'>,
  groupKeyText: string,
  form: Form,
): Omit<Decision, 'by' | 'requestId'> {
  const group = reviewGroups(draft).find((g) => g.key === groupKeyText);
  if (!group)
    throw bad(
      'group',
      `không còn giá trị nào cần quyết định ở ${groupKeyText}`,
      `nothing left to decide at ${groupKeyText}`,
    );
  const unitIds = new Set(unitsOf(draft).map((u) => u.id ?? ''));
  const accept: string[] = [];
  const set: Decision['set'] = [];
  for (let k = 0; form[`p${k}`] !== undefined; k++) {
    const path = form[`p${k}`] ?? '';
    const item = group.items.find((i) => i.flag.path === path);
    if (!item) throw bad(path, `không còn cần quyết định giá trị ${path}`, `${path} is no longer open`);
    const value = valueFrom(item, form, `v${k}`, unitIds);
    if (canonical(value) === canonical(item.value)) {
      accept.push(path);
      continue;
    }
    set.push({ path, value });
    const field = path.slice(group.key.length + 1);
    if (group.kind === 'duty' && SHARED.has(lastKey(field)) && !field.includes('.'))
      for (const copy of group.copies) set.push({ path: `${copy}.${field}`, value });
  }
  if (accept.length + set.length === 0) throw bad('group', 'không có giá trị nào để quyết định', 'no values to decide');
  return { op: 'decide', accept, set };
}
