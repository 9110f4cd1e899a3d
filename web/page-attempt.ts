/**
 * What a refused page request was trying to do, for its row in the audit: a form names its
 * action (a task's "complete", "submit", …; the organizer's date, cancellation, links,
 * amendments) and the task, person and request id it carried; a page that was only being read
 * is named by its path ("page:GET /board"). Only a URL-encoded form is read: an upload's body
 * is left to its route.
 */
import type { Context } from 'hono';
import type { Attempt } from './service';

/** The organizer's forms by their path under /c/<conference>. */
const FORM_ACTIONS: [RegExp, string][] = [
  [/^\/date$/, 'setDate'],
  [/^\/cancel$/, 'cancel'],
  [/^\/links$/, 'issueLink'],
  [/^\/links\/[^/]+\/revoke$/, 'revokeLink'],
];

export async function pageAttempt(c: Context, conferenceId: string): Promise<Attempt> {
  const path = c.req.path.slice(`/c/${conferenceId}`.length) || '/';
  const taskId = /^\/tasks\/([^/]+)/.exec(path)?.[1] ?? null;
  const fallback: Attempt = { action: `page:${c.req.method} ${path}`, taskId };
  if (c.req.method !== 'POST') return fallback;
  const form = await formOf(c);
  const text = (k: string): string | null => {
    const v = form[k];
    return typeof v === 'string' && v.trim() !== '' ? v.normalize('NFC') : null;
  };
  const action =
    (taskId ? text('action') : (FORM_ACTIONS.find(([re]) => re.test(path))?.[1] ?? null)) ??
    (/^\/amendments$/.test(path) ? (text('op') ?? 'amend') : null);
  if (!action) return fallback;
  return { action, taskId: taskId ?? text('taskId'), person: text('person'), requestId: text('requestId') };
}

async function formOf(c: Context): Promise<Record<string, unknown>> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return {};
  // Hono keeps the parsed body: the route reads the same form afterwards.
  return await c.req.parseBody().catch(() => ({}));
}
