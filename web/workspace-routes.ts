/**
 * The organizer's plan workspace (/workspace): before a conference exists there is no access link,
 * so the workspace has one secret of its own (KEHOACH_WORKSPACE_TOKEN; `npm start` makes one and
 * prints its link). Opening /w/<token> sets a cookie scoped to /workspace. Drafts are workflows
 * (client/drafts.ts); the plan's checks run here on what the draft holds; a version that passes
 * starts the conference, and the organizer lands on its board through a fresh organizer link.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { issueAccessLink } from '../client/access-links';
import { conferenceStatus, planInForce, startConference } from '../client/conference';
import { draftState, editDraft, listDrafts, startDraft } from '../client/drafts';
import type { Clock } from '../domain/clock';
import type { DraftEdit, DraftState } from '../domain/drafts';
import { ErrorType } from '../domain/errors';
import { ConferenceIdSchema } from '../domain/ids';
import { DOCUMENT_LIMITS } from '../domain/limits';
import { LocalDateSchema } from '../domain/plan/schema';
import { validatePlan } from '../domain/plan/validate';
import { importDocument, ImportRefusal } from '../intake/import';
import { nextYearDraft } from '../intake/next';
import { slug } from '../intake/text';
import { draftYaml } from '../intake/yaml';
import { WebError } from './errors';
import { localDateTime, textForm } from './forms';
import { say } from './i18n';
import type { PageEnv } from './middleware';
import { decisionOf } from './review';
import { draftPage, workspaceListPage, type ValueKind } from './pages/workspace';
import { render } from './screens';
import type { WebService } from './service';

/** An edit as a form asks for it: the person and the request id are added here. */
type EditBody = DraftEdit extends infer T ? (T extends unknown ? Omit<T, 'by' | 'requestId'> : never) : never;

const COOKIE = 'kh_workspace';

/** The body limit of every request, but a plan document's upload, which may be a few MB. */
export function withDocumentUploads(small: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (isDocumentUpload(c) ? documentBodyLimit(c, next) : small(c, next));
}

/** The upload of a plan document, the one body larger than a form. */
const isDocumentUpload = (c: Context): boolean => c.req.method === 'POST' && c.req.path === '/workspace/drafts';

const documentBodyLimit = bodyLimit({
  maxSize: DOCUMENT_LIMITS.bytes + 64 * 1024,
  onError: () => {
    throw WebError.of(
      ErrorType.TooLarge,
      'file',
      `tệp quá lớn (tối đa ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB)`,
      `the file is too large (at most ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB)`,
    );
  },
});
const PERSON_COOKIE = 'kh_workspace_person';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const denied = (): WebError =>
  new WebError(
    401,
    ErrorType.UnknownLink,
    'workspace',
    'hãy mở đường liên kết soạn kế hoạch (npm start in ra đường liên kết này)',
    'open the workspace link (npm start prints it)',
  );

function bad(field: string, vi: string, en: string): WebError {
  return new WebError(400, ErrorType.InvalidPayload, field, vi, en);
}

/** A draft id from the file name: its words as a slug, and a short random tail. */
function draftIdOf(name: string): string {
  return `${slug(name.replace(/\.[A-Za-z0-9]+$/, ''), 50)}-${randomBytes(3).toString('hex')}`;
}

/** A form's value typed as the draft holds it at that place (a deadline, a list, a number…). */
function typedValue(kind: ValueKind, raw: string): unknown {
  const v = raw.trim();
  switch (kind) {
    case 'rule': {
      const at = localDateTime(v);
      if (!at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at))
        throw bad('value', 'cần một ngày giờ (YYYY-MM-DD HH:MM)', 'expected a date and time (YYYY-MM-DD HH:MM)');
      return { type: 'absolute', at };
    }
    case 'list':
      return v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    case 'number': {
      const n = Number(v);
      if (v === '' || !Number.isFinite(n)) throw bad('value', 'cần một số', 'expected a number');
      return n;
    }
    case 'boolean':
      return v === 'true';
    case 'json':
      try {
        return JSON.parse(v) as unknown;
      } catch {
        throw bad('value', 'không phải JSON hợp lệ', 'not valid JSON');
      }
    default:
      if (!v) throw bad('value', 'cần điền', 'is required');
      return v;
  }
}

export function registerWorkspace(
  app: Hono<PageEnv>,
  service: WebService,
  opts: { token?: string | undefined; taskQueue?: string | undefined },
): void {
  const { client } = service;
  const secure = (c: Context): boolean => new URL(c.req.url).protocol === 'https:';

  app.get('/w/:token', (c) => {
    if (!opts.token || !sameSecret(c.req.param('token'), opts.token)) throw denied();
    setCookie(c, COOKIE, opts.token, { path: '/workspace', httpOnly: true, sameSite: 'Strict', secure: secure(c) });
    return c.redirect('/workspace', 303);
  });

  const guard = async (c: Context<PageEnv>, next: Next): Promise<void> => {
    const held = getCookie(c, COOKIE);
    if (!opts.token || !held || !sameSecret(held, opts.token)) throw denied();
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && new URL(origin).host !== c.req.header('host'))
        throw new WebError(403, ErrorType.Forbidden, 'origin', 'yêu cầu từ trang khác', 'request from another site');
    }
    await next();
  };
  app.use('/workspace', guard);
  app.use('/workspace/*', guard);

  const person = (c: Context): string => getCookie(c, PERSON_COOKIE) ?? '';
  const rememberPerson = (c: Context, p: string): void =>
    setCookie(c, PERSON_COOKIE, p, { path: '/workspace', httpOnly: true, sameSite: 'Strict', secure: secure(c) });
  const needPerson = (p: string | undefined): string => {
    const v = p?.trim() ?? '';
    if (!v) throw bad('person', 'cần điền tên người thực hiện', 'your name is required');
    return v;
  };

  const listScreen = async (c: Context<PageEnv>, extra: { ok?: string; error?: WebError; status?: number } = {}) =>
    render(
      c,
      say(c.get('lang'), 'Soạn kế hoạch', 'Plan workspace'),
      workspaceListPage({
        drafts: await listDrafts(client),
        lang: c.get('lang'),
        person: person(c),
        ok: extra.ok,
        error: extra.error,
      }),
      { status: extra.status ?? 200 },
    );

  const readDraft = async (draftId: string): Promise<DraftState> => {
    try {
      return await draftState(client, draftId);
    } catch {
      throw new WebError(404, ErrorType.NotFound, 'draft', `không có bản nháp ${draftId}`, `no draft ${draftId}`);
    }
  };

  const draftScreen = async (
    c: Context<PageEnv>,
    draftId: string,
    extra: { ok?: string; error?: WebError; status?: number } = {},
  ) => {
    const draft = await readDraft(draftId);
    const checked = validatePlan(draft.plan);
    const versionIssues = new Map(
      draft.versions.map((v) => {
        const r = validatePlan(v.plan);
        return [v.version, r.ok ? 0 : r.issues.length] as const;
      }),
    );
    return render(
      c,
      say(c.get('lang'), 'Bản nháp kế hoạch', 'Plan draft'),
      draftPage({
        draft,
        issues: checked.ok ? [] : checked.issues,
        versionIssues,
        lang: c.get('lang'),
        person: person(c),
        ok: extra.ok,
        error: extra.error,
      }),
      { status: extra.status ?? 200 },
    );
  };

  app.get('/workspace', (c) => listScreen(c));

  app.post('/workspace/drafts', async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    try {
      const who = needPerson(typeof body.person === 'string' ? body.person.normalize('NFC') : undefined);
      if (!(file instanceof File) || file.size === 0) throw bad('file', 'hãy chọn một tệp', 'choose a file');
      const result = await importDocument(new Uint8Array(await file.arrayBuffer()), file.name);
      const draftId = draftIdOf(file.name);
      await startDraft(
        client,
        {
          draftId,
          source: file.name,
          text: result.text,
          plan: result.plan,
          flags: result.flags,
          sources: result.tasks.map((t) => ({
            id: t.id,
            clause: t.clause,
            sentence: t.sentence,
            ...(t.line !== undefined ? { line: t.line } : {}),
            ...(t.sameDutyAs !== undefined ? { sameDutyAs: t.sameDutyAs } : {}),
          })),
          ...(result.counts ? { found: { duties: result.counts.duties, tasks: result.counts.tasks } } : {}),
          by: { unitId: typeof result.plan.organizer === 'string' ? result.plan.organizer : 'organizer', person: who },
        },
        opts.taskQueue,
      );
      rememberPerson(c, who);
      return c.redirect(`/workspace/drafts/${draftId}`, 303);
    } catch (err) {
      if (err instanceof ImportRefusal) return listScreen(c, { error: bad('file', err.vi, err.en), status: 400 });
      if (err instanceof WebError) return listScreen(c, { error: err, status: err.status });
      throw err;
    }
  });

  /** A draft from a conference: its plan in force as it is, or next year's (dates, host, flag). */
  const fromConference = (next: boolean) => async (c: Context<PageEnv>) => {
    const form = await textForm(c);
    try {
      const who = needPerson(form.person);
      const id = ConferenceIdSchema.safeParse(form.conferenceId?.trim());
      if (!id.success) throw bad('conferenceId', 'mã hội nghị không hợp lệ', 'not a conference id');
      const unknown = (): never => {
        throw new WebError(
          404,
          ErrorType.UnknownConference,
          'conferenceId',
          `không có hội nghị ${id.data}`,
          `no conference ${id.data}`,
        );
      };
      const [plan, status] = await Promise.all([
        planInForce(client, id.data).catch(unknown),
        conferenceStatus(client, id.data).catch(unknown),
      ]);
      const handover = status.responsibilities
        .flatMap((r) => r.tasks)
        .find((t) => t.kind === 'signoff' && /cờ luân lưu/iu.test(t.title));
      const drafted = next
        ? nextYearDraft(plan, handover?.signedBy ?? [])
        : { plan: plan as unknown as Record<string, unknown>, flags: [] };
      const draftId = draftIdOf(`${next ? 'nam-sau' : 'tu'}-${id.data}`);
      await startDraft(
        client,
        {
          draftId,
          source: id.data,
          text: '',
          plan: drafted.plan,
          flags: drafted.flags,
          sources: [],
          by: { unitId: plan.organizer, person: who },
        },
        opts.taskQueue,
      );
      rememberPerson(c, who);
      return c.redirect(`/workspace/drafts/${draftId}`, 303);
    } catch (err) {
      if (err instanceof WebError) return listScreen(c, { error: err, status: err.status });
      throw err;
    }
  };
  app.post('/workspace/drafts/from-conference', fromConference(false));
  app.post('/workspace/drafts/next-year', fromConference(true));

  app.get('/workspace/drafts/:id', (c) => {
    const ok = c.req.query('ok');
    return draftScreen(c, c.req.param('id'), ok ? { ok: say(c.get('lang'), 'Đã ghi.', 'Saved.') } : {});
  });

  app.get('/workspace/drafts/:id/plan.yaml', async (c) => {
    const draft = await readDraft(c.req.param('id'));
    const flags = draft.flags.map((f) => ({
      path: f.path,
      reason: f.reason,
      ...(f.clause !== undefined ? { clause: f.clause } : {}),
      ...(f.sentence !== undefined ? { sentence: f.sentence } : {}),
    }));
    const yaml = draftYaml({ plan: draft.plan, flags, issues: [], tasks: [] }, draft.source);
    return c.body(yaml, 200, {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${draft.draftId}.yaml"`,
    });
  });

  /** Applies edits in order as the person; a refused one shows the draft again with the reason. */
  const edit = async (c: Context<PageEnv>, draftId: string, who: string, edits: EditBody[], anchor: string) => {
    for (const e of edits)
      await editDraft(client, draftId, {
        ...e,
        by: { unitId: 'organizer', person: who },
        requestId: randomUUID(),
      });
    rememberPerson(c, who);
    return c.redirect(`/workspace/drafts/${draftId}?ok=1#${anchor}`, 303);
  };

  const mistakes = async (c: Context<PageEnv>, draftId: string, run: () => Promise<Response>): Promise<Response> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WebError) return draftScreen(c, draftId, { error: err, status: err.status });
      const details = (err as { cause?: { details?: unknown[] } }).cause?.details?.[0] as
        { field: string; vi: string; en: string } | undefined;
      if (details) return draftScreen(c, draftId, { error: bad(details.field, details.vi, details.en), status: 400 });
      throw err;
    }
  };

  app.post('/workspace/drafts/:id/edits', async (c) => {
    const draftId = c.req.param('id');
    const form = await textForm(c);
    return mistakes(c, draftId, async () => {
      const who = needPerson(form.person);
      const path = form.path ?? '';
      if (form.op === 'accept') return edit(c, draftId, who, [{ op: 'accept', path }], 'review');
      const value = typedValue((form.kind ?? 'text') as ValueKind, form.value ?? '');
      return edit(c, draftId, who, [{ op: 'set', path, value }], 'review');
    });
  });

  /** One group of the review (a duty's open values) decided at once: each value kept or set. */
  app.post('/workspace/drafts/:id/decisions', async (c) => {
    const draftId = c.req.param('id');
    const form = await textForm(c);
    return mistakes(c, draftId, async () => {
      const who = needPerson(form.person);
      const decision = decisionOf(await readDraft(draftId), form.group ?? '', form);
      return edit(c, draftId, who, [decision], 'review');
    });
  });

  app.post('/workspace/drafts/:id/tasks', async (c) => {
    const draftId = c.req.param('id');
    const form = await textForm(c);
    return mistakes(c, draftId, async () => {
      const who = needPerson(form.person);
      const at = form.at ?? '';
      if (!/^responsibilities\[\d+\]\.tasks\[\d+\]$/.test(at))
        throw bad('at', 'không có công việc này', 'no such task');
      const edits: EditBody[] = [
        { op: 'set', path: `${at}.title`, value: typedValue('text', form.title ?? '') },
        { op: 'set', path: `${at}.kind`, value: form.kind ?? 'once' },
        { op: 'set', path: `${at}.assignees`, value: typedValue('list', form.assignees ?? '') },
      ];
      if (form.dueAt?.trim()) edits.push({ op: 'set', path: `${at}.due`, value: typedValue('rule', form.dueAt) });
      return edit(c, draftId, who, edits, 'tasks');
    });
  });

  app.post('/workspace/drafts/:id/units', async (c) => {
    const draftId = c.req.param('id');
    const form = await textForm(c);
    return mistakes(c, draftId, async () => {
      const who = needPerson(form.person);
      const at = form.at ?? '';
      if (!/^units\[\d+\]$/.test(at)) throw bad('at', 'không có đơn vị này', 'no such unit');
      return edit(
        c,
        draftId,
        who,
        [
          { op: 'set', path: `${at}.name`, value: typedValue('text', form.name ?? '') },
          { op: 'set', path: `${at}.shortName`, value: typedValue('text', form.shortName ?? '') },
          { op: 'set', path: `${at}.kind`, value: form.kind ?? 'office' },
        ],
        'units',
      );
    });
  });

  app.post('/workspace/drafts/:id/versions', async (c) => {
    const draftId = c.req.param('id');
    const form = await textForm(c);
    return mistakes(c, draftId, async () =>
      edit(c, draftId, needPerson(form.person), [{ op: 'save', note: form.note ?? '' }], 'versions'),
    );
  });

  app.post('/workspace/drafts/:id/versions/:n/start', async (c) => {
    const draftId = c.req.param('id');
    const n = Number(c.req.param('n'));
    const form = await textForm(c);
    return mistakes(c, draftId, async () => {
      const who = needPerson(form.person);
      const draft = await readDraft(draftId);
      const version = draft.versions.find((v) => v.version === n);
      if (!version) throw bad('version', `không có phiên bản ${n}`, `no version ${n}`);
      if (version.openFlags > 0)
        throw bad('version', 'phiên bản còn giá trị cần xem lại', 'the version still has values to review');
      const checked = validatePlan(version.plan);
      if (!checked.ok) {
        const first = checked.issues[0];
        throw bad(
          first?.path ?? 'plan',
          first?.message.vi ?? 'kế hoạch chưa đạt',
          first?.message.en ?? 'the plan does not pass',
        );
      }
      const plan = checked.plan;
      const id = ConferenceIdSchema.safeParse(form.conferenceId?.trim());
      if (!id.success)
        throw bad(
          'conferenceId',
          'mã hội nghị chỉ gồm chữ thường, số và dấu gạch',
          'lower case, digits and dashes only',
        );
      const date = form.date?.trim() ? LocalDateSchema.safeParse(form.date.trim()) : undefined;
      if (date && !date.success) throw bad('date', 'ngày không hợp lệ', 'not a date');
      const planStart = new Date(`${plan.conference.window.from}T08:00:00+07:00`);
      planStart.setUTCDate(planStart.getUTCDate() - 7);
      const clock: Clock =
        form.rehearsal === '1'
          ? { mode: 'rehearsal', planStart: planStart.toISOString(), msPerPlanDay: 3_600_000 }
          : { mode: 'real' };
      const organizer = { unitId: plan.organizer, person: who };
      await startConference(client, {
        conferenceId: id.data,
        plan,
        clock,
        ...(date?.success ? { date: date.data } : {}),
        startedBy: organizer,
        ...(opts.taskQueue ? { taskQueue: opts.taskQueue } : {}),
      });
      await editDraft(client, draftId, {
        op: 'started',
        version: n,
        conferenceId: id.data,
        by: organizer,
        requestId: randomUUID(),
      });
      const { token } = await issueAccessLink(client, id.data, {
        unitId: plan.organizer,
        role: 'organizer',
        validDays: 30,
        actor: organizer,
      });
      return c.redirect(`/k/${id.data}/${token}`, 303);
    });
  });
}
