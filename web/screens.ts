/**
 * A whole page around a body (the layout with the session's unit and conference), the refusal
 * page, and the two pages a form can come back to with its error: the organizer's board and the
 * unit's inbox. Shared by the page routes and the form routes.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { planNowIso } from '../domain/clock';
import type { Plan } from '../domain/plan/schema';
import type { ConferenceStatus, TaskView } from '../domain/views';
import { actionConfirmation, involves } from '../present/tasks';
import { timelineSvg } from '../present/timeline';
import type { Session } from './auth';
import type { WebError } from './errors';
import type { Html } from './html';
import { say, type Lang } from './i18n';
import { person, type PageEnv } from './middleware';
import { boardPage, type BoardInput } from './pages/board';
import { inboxPage, type FormError } from './pages/inbox';
import { page } from './pages/layout';
import { planPage, type PlanPageInput } from './pages/plan';
import { refusalPage } from './pages/message';
import { unitNames } from './pages/task-parts';
import type { WebService } from './service';

export function render(
  c: Context<PageEnv>,
  title: string,
  body: Html,
  extra: { status?: number; plan?: Plan } = {},
): Response {
  const session = c.get('session') as Session | undefined;
  const name = unitNames(extra.plan);
  const out = page(
    {
      lang: c.get('lang'),
      title,
      path: c.req.path,
      session,
      unitName: session ? name(session.unitId) : undefined,
      conferenceTitle: extra.plan?.conference.title,
    },
    body,
  );
  return c.html(out.value, (extra.status ?? 200) as 200);
}

/** Why something was refused, with the refusal's status; in the conference's frame when signed in. */
export async function refusal(c: Context<PageEnv>, service: WebService, e: WebError): Promise<Response> {
  const session = c.get('session') as Session | undefined;
  const plan = session ? await service.plan(session.conferenceId).catch(() => undefined) : undefined;
  return render(c, say(c.get('lang'), 'Không thực hiện được', 'Not allowed'), refusalPage(e, c.get('lang')), {
    status: e.status,
    ...(plan ? { plan } : {}),
  });
}

/**
 * What the board and the inbox both need before their own content: the conference's status and
 * plan, read together, and the frame every page of a conference is drawn in (plan time, unit
 * names, its address, who is acting).
 */
async function conferenceScreen(
  c: Context<PageEnv>,
  service: WebService,
): Promise<{
  session: Session;
  status: ConferenceStatus;
  plan: Plan;
  lang: Lang;
  frame: Pick<BoardInput, 'nowIso' | 'lang' | 'name' | 'base' | 'person'>;
}> {
  const session = c.get('session');
  const [status, plan] = await Promise.all([service.status(session.conferenceId), service.plan(session.conferenceId)]);
  const lang = c.get('lang');
  const frame = {
    nowIso: planNowIso(status.clock, Date.now()),
    lang,
    name: unitNames(plan),
    base: `/c/${session.conferenceId}`,
    person: person(c),
  };
  return { session, status, plan, lang, frame };
}

/** The organizer's board, with a confirmation or a refused form. */
export async function boardScreen(
  c: Context<PageEnv>,
  service: WebService,
  extra: { ok?: string; okTask?: string; error?: BoardInput['error']; taskError?: FormError; status?: number } = {},
): Promise<Response> {
  const { session, status, plan, lang, frame } = await conferenceScreen(c, service);
  const ok = extra.okTask ? actionConfirmation(findTask(status, extra.okTask), extra.okTask, lang) : extra.ok;
  const body = boardPage({
    status,
    ...frame,
    unitId: session.unitId,
    plan,
    newRequestId: randomUUID,
    requestIds: { date: randomUUID(), cancel: randomUUID() },
    ok,
    error: extra.error,
    taskError: extra.taskError,
  });
  return render(c, say(lang, 'Bảng theo dõi', 'Board'), body, { plan, status: extra.status ?? 200 });
}

/** The unit's inbox, with a confirmation or a refused form. */
export async function inboxScreen(
  c: Context<PageEnv>,
  service: WebService,
  extra: { ok?: string; okTask?: string; error?: FormError; status?: number } = {},
): Promise<Response> {
  const { session: s, status, plan, lang, frame } = await conferenceScreen(c, service);
  const ok = extra.okTask ? actionConfirmation(findTask(status, extra.okTask), extra.okTask, lang) : extra.ok;
  // The lead's done work to return; the organizer returns work from the board.
  const led =
    s.role === 'unit'
      ? status.responsibilities
          .filter((r) => r.lead === s.unitId)
          .flatMap((r) => r.tasks.filter((t) => t.state === 'done'))
      : [];
  const body = inboxPage({
    unitId: s.unitId,
    ...service.inbox(status, s.unitId),
    timeline: unitTimeline(status, plan, s.unitId, frame.nowIso, lang),
    led,
    plan,
    ...frame,
    newRequestId: randomUUID,
    ok,
    error: extra.error,
  });
  return render(c, say(lang, 'Hộp việc', 'Inbox'), body, { plan, status: extra.status ?? 200 });
}

/** The plan in force, with a confirmation or a refused amendment form. */
export async function planScreen(
  c: Context<PageEnv>,
  service: WebService,
  extra: { ok?: string; error?: PlanPageInput['error']; status?: number } = {},
): Promise<Response> {
  const session = c.get('session');
  const { plan, planVersion, amendments } = await service.planInForce(session);
  const lang = c.get('lang');
  const body = planPage({
    plan,
    planVersion,
    amendments,
    lang,
    name: unitNames(plan),
    base: `/c/${session.conferenceId}`,
    person: person(c),
    canAmend: session.role === 'organizer',
    requestIds: { add: randomUUID(), change: randomUUID() },
    ok: extra.ok,
    error: extra.error,
  });
  return render(c, say(lang, 'Kế hoạch', 'Plan'), body, { plan, status: extra.status ?? 200 });
}

function findTask(status: ConferenceStatus, taskId: string): TaskView | undefined {
  return status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
}

/** The unit's own tasks (those it does, approves or signs), one row per responsibility. */
function unitTimeline(status: ConferenceStatus, plan: Plan, unitId: string, nowIso: string, lang: Lang): string {
  const rows = status.responsibilities
    .map((r) => ({ ...r, tasks: r.tasks.filter((t) => involves(t, unitId)) }))
    .filter((r) => r.tasks.length > 0);
  return timelineSvg({
    rows,
    allTasks: status.responsibilities.flatMap((r) => r.tasks),
    conferenceDate: status.date,
    startTime: plan.conference.startTime,
    start: status.clock.mode === 'rehearsal' ? status.clock.planStart : undefined,
    nowIso,
    lang,
    id: 'timeline-svg',
  });
}
