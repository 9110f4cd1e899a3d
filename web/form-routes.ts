/**
 * The forms of a conference's pages (POST, then redirect: PRG): the organizer sets or moves the
 * date, cancels, issues and revokes links, and acts on tasks from the board (extensions, return,
 * reassignment, withdrawal); a unit acts on a task from its inbox. A mistake in a form shows the
 * form again with the reason (the refusal's status); a refusal of the link itself (another unit's
 * task, a dead link, another site) is a refusal page, thrown to the app's error handler.
 */
import type { Context, Hono } from 'hono';
import { WebError } from './errors';
import type { EvidenceFile } from '../domain/actions';
import { actionFilesOf, isEvidenceUpload, partLimits, receiveEvidence, uploadAllowed } from './evidence-routes';
import { actBody, amendBody, badForm, missing, textForm } from './forms';
import { rememberPerson, person, setIssuedFlash, type PageEnv } from './middleware';
import { IssueLinkBodySchema } from './schemas';
import { boardScreen, inboxScreen, planScreen } from './screens';
import type { ActRequest, WebService } from './service';

/** The plan fields a form's files fill, as the form's own `field.<name>` inputs. */
function prefixed(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`field.${k}`, v]));
}

/** Whether a refusal is the form's fault (shown again with the form) rather than the link's. */
function formMistake(err: unknown): err is WebError {
  return err instanceof WebError && err.status !== 401 && err.status !== 403 && err.status !== 500;
}

export function registerFormRoutes(
  app: Hono<PageEnv>,
  service: WebService,
  linkUrl: (c: Context, conferenceId: string, token: string) => string,
): void {
  const organizerForm = (kind: 'date' | 'cancel') => async (c: Context<PageEnv>) => {
    const s = c.get('session');
    const form = await textForm(c);
    const values = { date: form.date ?? '', reason: form.reason ?? '', person: form.person ?? '' };
    try {
      if (!values.person.trim()) throw missing('person');
      if (!values.reason.trim()) throw missing('reason');
      const requestId = form.requestId || undefined;
      if (kind === 'date')
        await service.setDate(s, { date: values.date, reason: values.reason, person: values.person, requestId });
      else await service.cancel(s, { reason: values.reason, person: values.person, requestId });
      rememberPerson(c, values.person);
      return c.redirect(`/c/${s.conferenceId}/board?ok=${kind}`, 303);
    } catch (err) {
      if (!formMistake(err)) throw err;
      return boardScreen(c, service, {
        error: { form: kind, field: err.field, vi: err.vi, en: err.en, values },
        status: err.status,
      });
    }
  };
  app.post('/c/:conferenceId/date', organizerForm('date'));
  app.post('/c/:conferenceId/cancel', organizerForm('cancel'));

  app.post('/c/:conferenceId/tasks/:taskId', async (c) => {
    const s = c.get('session');
    const taskId = c.req.param('taskId');
    const plan = await service.plan(s.conferenceId);
    // A form with files (multipart) is streamed: its files go to the evidence store as they arrive.
    const upload = isEvidenceUpload(c);
    if (upload) {
      // Before a byte is stored; refused like an action on another unit's task, and logged as one.
      await uploadAllowed(service, s, taskId).catch(async (err: unknown) => {
        if (err instanceof WebError && err.status !== 500) {
          await service.logRefusal(s.conferenceId, s.unitId, { action: 'upload', taskId }, err);
        }
        throw err;
      });
    }
    let form: Record<string, string> = {};
    let files: EvidenceFile[] = [];
    let uploadError: Error | undefined;
    if (upload) {
      try {
        const received = await receiveEvidence(c, service.evidence, partLimits(plan, taskId), form);
        const attached = actionFilesOf(received);
        form = { ...form, ...prefixed(attached.fields) };
        files = attached.files;
      } catch (err) {
        uploadError = err instanceof Error ? err : new Error(String(err));
      }
    } else form = await textForm(c);
    // The organizer acts from the board and comes back to it; a unit, from its inbox.
    const fromBoard = form.from === 'board' && s.role === 'organizer';
    delete form.from;
    try {
      let body: ActRequest;
      try {
        if (uploadError !== undefined) throw uploadError;
        body = actBody(form, plan, taskId, files);
      } catch (err) {
        // The form was refused before it reached the engine: logged like any refusal.
        if (err instanceof WebError) {
          const attempt = {
            action: form.action ?? 'unknown',
            taskId,
            person: form.person ?? null,
            requestId: form.requestId ?? null,
          };
          await service.logRefusal(s.conferenceId, s.unitId, attempt, err);
        }
        throw err;
      }
      await service.act(s, taskId, body);
      rememberPerson(c, body.person);
      const page = fromBoard ? 'board' : 'inbox';
      return c.redirect(`/c/${s.conferenceId}/${page}?ok=${encodeURIComponent(taskId)}#task-${taskId}`, 303);
    } catch (err) {
      // Another unit's task, a dead link: a refusal page. A mistake in the form: the form again.
      if (!formMistake(err)) throw err;
      const error = { taskId, action: form.action ?? '', field: err.field, vi: err.vi, en: err.en, values: form };
      return fromBoard
        ? boardScreen(c, service, { taskError: error, status: err.status })
        : inboxScreen(c, service, { error, status: err.status });
    }
  });

  app.post('/c/:conferenceId/amendments', async (c) => {
    const s = c.get('session');
    const form = await textForm(c);
    const which = form.op === 'addTask' ? 'add' : 'change';
    try {
      let body;
      try {
        body = amendBody(form);
      } catch (err) {
        if (err instanceof WebError) {
          const attempt = {
            action: form.op ?? 'amend',
            taskId: form.op === 'addTask' ? null : (form.taskId ?? null),
            person: form.person ?? null,
            requestId: form.requestId ?? null,
          };
          await service.logRefusal(s.conferenceId, s.unitId, attempt, err);
        }
        throw err;
      }
      const answer = await service.amend(s, body);
      rememberPerson(c, body.person);
      return c.redirect(`/c/${s.conferenceId}/plan?ok=${encodeURIComponent(answer.amendment.taskId)}`, 303);
    } catch (err) {
      if (!formMistake(err)) throw err;
      return planScreen(c, service, {
        error: { form: which, field: err.field, vi: err.vi, en: err.en, values: form },
        status: err.status,
      });
    }
  });

  app.post('/c/:conferenceId/links', async (c) => {
    const s = c.get('session');
    const form = await textForm(c);
    const parsed = IssueLinkBodySchema.safeParse({
      unitId: form.unitId,
      role: form.role,
      validDays: Number(form.validDays || 30),
      person: form.person,
    });
    if (!parsed.success) throw badForm(parsed.error.issues[0]);
    const issued = await service.issueLink(s, parsed.data);
    rememberPerson(c, parsed.data.person);
    // Post/redirect/get with the secret carried once in a short-lived cookie, shown, then deleted.
    setIssuedFlash(c, s.conferenceId, { url: linkUrl(c, s.conferenceId, issued.token), unitId: parsed.data.unitId });
    return c.redirect(`/c/${s.conferenceId}/links`, 303);
  });

  app.post('/c/:conferenceId/links/:linkId/revoke', async (c) => {
    const s = c.get('session');
    const form = await textForm(c);
    const who = form.person?.trim() || person(c) || s.unitId;
    await service.revokeLink(s, c.req.param('linkId'), who);
    return c.redirect(`/c/${s.conferenceId}/links`, 303);
  });
}
