/**
 * From an HTML form to what the service takes: the form's text fields (NFC), the form of one
 * task kind → the API's action body (validated by the same schema as the JSON API, so a form
 * and an API call are refused alike), and the refusals of a form naming its field.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ErrorType, invalidValue } from '../domain/errors';
import type { Plan } from '../domain/plan/schema';
import { WebError } from './errors';
import { ActBodySchema } from './schemas';
import type { ActRequest } from './service';

/** A form's text fields, NFC-normalized (a phone keyboard may send decomposed Vietnamese). */
export async function textForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.normalize('NFC');
  return out;
}

export function missing(field: string): WebError {
  return new WebError(400, ErrorType.InvalidPayload, field, 'cần điền', 'is required');
}

export function badForm(issue: z.core.$ZodIssue | undefined): WebError {
  const field = issue?.path.map(String).join('.') || 'form';
  const { vi, en } = invalidValue(issue);
  return new WebError(400, ErrorType.InvalidPayload, field, vi, en);
}

/** The form of one task kind → the API's action body (validated by the same schema). */
export function actBody(form: Record<string, string>, plan: Plan, taskId: string): ActRequest {
  const spec = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  const specFields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
  const raw: Record<string, unknown> = { action: form.action, person: form.person ?? '' };
  if (form.requestId) raw.requestId = form.requestId;
  if (form.note?.trim() || form.action === 'reportIncident') raw.note = form.note ?? '';
  const evidence = (form.evidence ?? '')
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (evidence.length) raw.evidence = evidence;
  if (form.action === 'sendBack') raw.reason = form.reason ?? '';
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
