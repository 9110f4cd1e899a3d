/**
 * From an HTML form to what the service takes: the form's text fields (NFC), the form of one
 * task kind → the API's action body (validated by the same schema as the JSON API, so a form
 * and an API call are refused alike), and the refusals of a form naming its field.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ErrorType, invalidValue } from '../domain/errors';
import type { EvidenceFile } from '../domain/actions';
import type { Plan } from '../domain/plan/schema';
import { WebError } from './errors';
import { ActBodySchema, AmendBodySchema, type AmendBody } from './schemas';
import type { ActRequest } from './service';

/**
 * A form's text fields, NFC-normalized (a phone keyboard may send decomposed Vietnamese). A field
 * sent more than once (checkboxes of the same name) comes as its values joined with commas.
 */
export async function textForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const texts = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    if (texts.length > 0) out[k] = texts.map((t) => t.normalize('NFC')).join(',');
  }
  return out;
}

/** Amending the plan from the plan page: the form → the API's amendment body (same schema). */
export function amendBody(form: Record<string, string>): AmendBody {
  const list = (v: string | undefined): string[] =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const common = {
    reason: form.reason ?? '',
    person: form.person ?? '',
    ...(form.requestId ? { requestId: form.requestId } : {}),
  };
  const dueAt = localDateTime(form.dueAt);
  const raw =
    form.op === 'addTask'
      ? {
          op: 'addTask',
          responsibilityId: form.responsibilityId,
          task: {
            id: form.id?.trim(),
            title: form.title,
            kind: form.kind,
            clause: form.clause,
            assignees: list(form.assignees),
            dependsOn: list(form.dependsOn),
            due: { type: 'absolute', at: dueAt ?? '' },
          },
          ...common,
        }
      : {
          op: 'changeTask',
          taskId: form.taskId,
          ...(form.title?.trim() ? { title: form.title } : {}),
          ...(dueAt ? { due: { type: 'absolute', at: dueAt } } : {}),
          ...common,
        };
  const parsed = AmendBodySchema.safeParse(raw);
  if (!parsed.success) throw badForm(parsed.error.issues[0]);
  return parsed.data;
}

export function missing(field: string): WebError {
  return new WebError(400, ErrorType.InvalidPayload, field, 'cần điền', 'is required');
}

export function badForm(issue: z.core.$ZodIssue | undefined): WebError {
  const field = issue?.path.map(String).join('.') || 'form';
  const { vi, en } = invalidValue(issue);
  return new WebError(400, ErrorType.InvalidPayload, field, vi, en);
}

/** Actions whose form must carry a note, a reason, a new deadline. */
const NOTE_REQUIRED = new Set(['reportIncident', 'progressNote', 'comment']);
const REASON_REQUIRED = new Set(['sendBack', 'requestExtension', 'extend', 'returnWork', 'reassign', 'withdraw']);
const UNTIL_REQUIRED = new Set(['requestExtension', 'extend', 'returnWork']);

/**
 * A `datetime-local` input's value (`YYYY-MM-DDTHH:MM`, Vietnam time; a browser may add `:SS`)
 * as the engine's local date-time; undefined when left empty.
 */
export function localDateTime(v: string | undefined): string | undefined {
  const t = v?.trim();
  if (!t) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00(?:\.0+)?)?$/.exec(t);
  return m ? `${m[1]}T${m[2]}` : t;
}

/** A whole number as a number; anything else as typed, for the schema to refuse by name. */
function numberOrText(v: string): number | string {
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/** The form of one action → the API's action body (validated by the same schema). */
export function actBody(
  form: Record<string, string>,
  plan: Plan,
  taskId: string,
  files: readonly EvidenceFile[] = [],
): ActRequest {
  const spec = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  const specFields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
  const raw: Record<string, unknown> = { action: form.action, person: form.person ?? '' };
  if (form.requestId) raw.requestId = form.requestId;
  if (form.note?.trim() || NOTE_REQUIRED.has(form.action ?? '')) raw.note = form.note ?? '';
  const evidence = (form.evidence ?? '')
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (evidence.length) raw.evidence = evidence;
  if (files.length) raw.files = files;
  if (REASON_REQUIRED.has(form.action ?? '')) raw.reason = form.reason ?? '';
  else if (form.action === 'decideExtension' && form.reason?.trim()) raw.reason = form.reason;
  if (form.action === 'decideExtension') raw.decision = form.decision;
  const until = localDateTime(form.until);
  if (UNTIL_REQUIRED.has(form.action ?? '')) raw.until = until ?? '';
  else if (form.action === 'decideExtension' && form.decision === 'grant' && until !== undefined) raw.until = until;
  if (form.action === 'progressNote' && form.percent?.trim()) raw.percent = numberOrText(form.percent.trim());
  if (form.action === 'reassign') {
    raw.assignees = (form.assignees ?? '')
      .split(/[\s,]+/)
      .map((u) => u.trim())
      .filter(Boolean);
  }
  if (form.action === 'confirmPhase' || form.action === 'reportIncident') raw.phase = form.phase;
  if (form.action === 'submit') {
    const fields: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(form)) {
      if (!k.startsWith('field.') || v.trim() === '') continue;
      const name = k.slice('field.'.length);
      const type = specFields.find((f) => f.name === name)?.type;
      fields[name] = type === 'integer' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
    }
    raw.fields = fields;
  }
  const parsed = ActBodySchema.safeParse(raw);
  if (!parsed.success) throw badForm(parsed.error.issues[0]);
  return parsed.data;
}
