/**
 * A unit's commands: its inbox (`kehoach tasks`) and the actions on a task (complete, submit,
 * approve, reject, sign, confirm, incident), and the living plan's (ask-extension,
 * grant-extension, refuse-extension, extend, return, reassign, withdraw, progress, comment).
 * The CLI finds the task's responsibility from the conference status, so units need only the
 * conference id and the task id.
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { actOnTask, conferenceStatus, responsibilityOf, signalTaskAction, startedPlan } from '../client/conference';
import { TaskActionSchema, type ActionName, type TaskActionInput } from '../domain/actions';
import { invalidValue } from '../domain/errors';
import { changeText } from '../domain/change-words';
import { LocalDateTimeSchema } from '../domain/plan/primitives';
import { isLivingPlanAction } from '../domain/task-kinds';
import type { ActionRecord, TaskView } from '../domain/views';
import { actionWordVi } from '../domain/labels';
import { formatInbox, stateLabel, taskJson } from './board-view';
import { askedBefore, inboxOf, unitShortNames } from '../present/tasks';
import { checkArg } from './organizer';
import { toLocalIso } from '../domain/time';
import { VERBS, type VerbSpec } from './verbs';
import { linkFor, needLink, webRequest } from './http';
import { actorOptions, logRefusal, parseActor, type ActorOptions } from './actor';
import {
  addOutputOptions,
  collect,
  CliError,
  explain,
  fail,
  printJson,
  printLine,
  say,
  withClient,
  type OutputOptions,
} from './output';
import { storeFiles } from './evidence-files';

interface ActOptions extends OutputOptions, ActorOptions {
  note?: string;
  evidence?: string[];
  file?: string[];
  field?: string[];
  reason?: string;
  phase?: string;
  until?: string;
  to?: string[];
  percent?: string;
  requestId?: string;
  signal?: boolean;
  /** An access link's token: act through the web's HTTP API as the link's unit. */
  token?: string;
  /** The web's address for --token (default: KEHOACH_PUBLIC_URL, the running web, or port 3000). */
  web?: string;
}

export function registerUnitCommands(program: Command): void {
  addOutputOptions(
    program
      .command('tasks')
      .description('Việc đang chờ một đơn vị, hạn gần nhất trước / a unit inbox, soonest due first')
      .argument('<id>', 'mã hội nghị / conference id')
      .requiredOption('--unit <unit>', 'mã đơn vị / unit id'),
  ).action(async (id: string, o: OutputOptions & { unit: string }) => {
    await withClient(
      o,
      async (client) => {
        const status = await conferenceStatus(client, id);
        // The organizer also answers extension requests: its id is in the plan the conference started with.
        const plan = await startedPlan(client, id).catch(() => undefined);
        const organizer = plan?.organizer;
        const tasks = inboxOf(status, o.unit, organizer);
        if (o.json) return printJson(tasks.map(taskJson));
        printLine(formatInbox(status, o.unit, tasks, o.lang, organizer, unitShortNames(plan)));
      },
      { conferenceId: id },
    );
  });

  for (const [verb, spec] of Object.entries(VERBS)) {
    const by = spec.by ? ` (${spec.by.vi} / ${spec.by.en})` : '';
    const cmd = actorOptions(
      program
        .command(verb)
        .description(`${spec.vi} / ${spec.en}${by}`)
        .argument('<id>', 'mã hội nghị / conference id')
        .argument('<task>', 'mã công việc / task id')
        .option('--note <text>', 'ghi chú / note')
        .option('--evidence <url>', 'đường dẫn minh chứng (nhắc lại được) / evidence link (repeatable)', collect, [])
        .option(
          '--file <[field=]path>',
          "tệp minh chứng, hoặc tệp của một trường (nhắc lại được) / evidence file, or a field's file (repeatable)",
          collect,
          [],
        )
        .option('--request-id <id>', 'mã yêu cầu (gửi lại an toàn) / request id for safe retries')
        .option('--signal', 'gửi Signal thay vì Update (không chờ kết quả) / send a Signal instead of an Update')
        .option(
          '--token <token>',
          'mã của đường liên kết: thao tác qua trang web / access link token: act through the web',
        )
        .option('--web <url>', 'địa chỉ trang web cho --token / the web address for --token'),
      true,
    );
    if (spec.takes.includes('field'))
      cmd.option('--field <name=value>', 'trường kết quả (nhắc lại được) / result field (repeatable)', collect, []);
    if (spec.takes.includes('reason'))
      cmd.option('--reason <text>', spec.action === 'sendBack' ? 'lý do trả lại / why it is sent back' : 'lý do / why');
    if (spec.takes.includes('phase'))
      cmd.addOption(new Option('--phase <phase>', 'giai đoạn / phase').choices(['before', 'during', 'after']));
    if (spec.takes.includes('until'))
      cmd.option(
        '--until <when>',
        'hạn mới, giờ Việt Nam: YYYY-MM-DDTHH:MM, hoặc YYYY-MM-DD nghĩa là 17:00 ngày đó / ' +
          'new deadline, Vietnam time: YYYY-MM-DDTHH:MM, or YYYY-MM-DD meaning 17:00 that day',
      );
    if (spec.takes.includes('to'))
      cmd.option(
        '--to <units>',
        'đơn vị nhận việc, cách nhau bằng dấu phẩy (nhắc lại được) / new units, comma-separated (repeatable)',
        collect,
        [],
      );
    if (spec.takes.includes('percent')) cmd.option('--percent <n>', 'phần trăm đã xong, 0–100 / percent done, 0–100');
    addOutputOptions(cmd).action((id: string, task: string, o: ActOptions) => act(verb, spec, id, task, o));
  }
}

async function act(verb: string, spec: VerbSpec, conferenceId: string, taskId: string, o: ActOptions): Promise<void> {
  const action = spec.action;
  // With a link (--token, or a `kehoach login` for this conference and no --as): through the web.
  const credential = linkFor(conferenceId, o);
  if (!credential && o.as === undefined) return fail(needLink(), o.lang);
  const actor = parseActor({ ...o, as: o.as ?? '' });
  const requestId = o.requestId ?? randomUUID();
  const refused = logRefusal({ conferenceId, taskId, action, actor, requestId });
  let payload: TaskActionInput;
  try {
    payload = buildPayload(spec, taskId, actor, requestId, o);
  } catch (e) {
    await refused(e as CliError);
    return fail(e as CliError, o.lang);
  }
  if (credential) {
    if (o.signal)
      return fail(
        new CliError(
          'signal',
          '--signal không dùng được qua trang web',
          '--signal is not available through the web',
          2,
        ),
        o.lang,
      );
    try {
      const { taskId: _t, actor: _a, ...rest } = payload as TaskActionInput & Record<string, unknown>;
      const view = (await webRequest(credential, 'POST', `/tasks/${encodeURIComponent(taskId)}/actions`, {
        ...rest,
        person: actor.person,
      })) as TaskView;
      return answer(verb, o, conferenceId, null, taskId, requestId, view);
    } catch (e) {
      return fail(explain(e, conferenceId), o.lang);
    }
  }
  await withClient(
    o,
    async (client) => {
      const status = await conferenceStatus(client, conferenceId);
      const responsibilityId = responsibilityOf(status, taskId);
      if (!responsibilityId) {
        throw new CliError(
          'taskId',
          `hội nghị "${conferenceId}" không có công việc "${taskId}" (xem "kehoach status ${conferenceId}")`,
          `conference "${conferenceId}" has no task "${taskId}" (see "kehoach status ${conferenceId}")`,
        );
      }
      if (o.file?.length) {
        const plan = await startedPlan(client, conferenceId).catch(() => undefined);
        const stored = await storeFiles(o.file, plan, taskId);
        const p = payload as { files?: unknown; fields?: Record<string, unknown> };
        p.files = stored.files;
        if (Object.keys(stored.fields).length > 0) p.fields = { ...(p.fields ?? {}), ...stored.fields };
      }
      if (o.signal) {
        // A signal is not validated before it is recorded: check its shape here, so that only
        // the workflow's own rules (unit, state) can refuse it.
        const parsed = TaskActionSchema.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.map(String).join('.') || 'payload';
          const { vi, en } = invalidValue(issue);
          throw new CliError(field, vi, en);
        }
        await signalTaskAction(client, conferenceId, responsibilityId, payload);
        if (o.json) return printJson({ signalled: true, conferenceId, responsibilityId, taskId, action, requestId });
        printLine(
          say(
            o.lang,
            `Đã gửi tín hiệu "${actionWordVi(action)}" cho công việc ${taskId}; kết quả xem bằng "kehoach status ${conferenceId}". Mã yêu cầu: ${requestId}`,
            `Signalled "${action}" on task ${taskId}; see the outcome with "kehoach status ${conferenceId}". Request id: ${requestId}`,
          ),
        );
        return;
      }
      const view = await actOnTask(client, conferenceId, responsibilityId, payload);
      answer(verb, o, conferenceId, responsibilityId, taskId, requestId, view);
    },
    { conferenceId, onRefused: refused },
  );
}

/** Prints the task's new state after an action (an Update's answer, or the web's). */
function answer(
  verb: string,
  o: ActOptions,
  conferenceId: string,
  responsibilityId: string | null,
  taskId: string,
  requestId: string,
  view: TaskView,
): void {
  const action = view.history.find((h) => h.requestId === requestId)?.action ?? (VERBS[verb] as VerbSpec).action;
  const index = view.history.findIndex((h) => h.requestId === requestId);
  const record = view.history[index];
  if (o.json)
    return printJson({
      conferenceId,
      responsibilityId,
      requestId,
      late: record?.late ?? null,
      ...(record && isLivingPlanAction(action) ? { change: changeJson(record, view.history, index) } : {}),
      task: taskJson(view),
    });
  if (record && isLivingPlanAction(action)) {
    // A change to the plan: say what changed (old → new), not whether it was on time.
    const change = (lang: 'vi' | 'en'): string => {
      const text = changeText(record, lang, askedBefore(view.history, index));
      return text ? `: ${text}` : '';
    };
    return printLine(
      say(
        o.lang,
        `Đã ghi nhận "${actionWordVi(action)}" cho công việc ${taskId} (${view.title})${change('vi')}. Trạng thái: ${stateLabel(view.state, 'vi')}. Mã yêu cầu: ${requestId}`,
        `Recorded "${verb}" on task ${taskId} (${view.titleEn ?? view.title})${change('en')}. State: ${stateLabel(view.state, 'en')}. Request id: ${requestId}`,
      ),
    );
  }
  const late = record?.late ? say(o.lang, ' — trễ hạn', ' — late') : say(o.lang, ' — đúng hạn', ' — on time');
  printLine(
    say(
      o.lang,
      `Đã ghi nhận "${actionWordVi(action)}" cho công việc ${taskId} (${view.title}): ${stateLabel(view.state, 'vi')}${record ? late : ''}. Mã yêu cầu: ${requestId}`,
      `Recorded "${verb}" on task ${taskId} (${view.titleEn ?? view.title}): ${stateLabel(view.state, 'en')}${record ? late : ''}. Request id: ${requestId}`,
    ),
  );
}

/** The change an action made, for machines: the record's old and new values, in UTC and Vietnam time. */
function changeJson(record: ActionRecord, history: ActionRecord[], index: number): Record<string, unknown> {
  const asked = askedBefore(history, index);
  return {
    ...record,
    ...(record.until ? { untilLocal: toLocalIso(record.until) } : {}),
    ...(record.previousDue ? { previousDueLocal: toLocalIso(record.previousDue) } : {}),
    ...(asked ? { asked, askedLocal: toLocalIso(asked) } : {}),
    text: { vi: changeText(record, 'vi', asked), en: changeText(record, 'en', asked) },
  };
}

function buildPayload(
  spec: VerbSpec,
  taskId: string,
  actor: { unitId: string; person: string },
  requestId: string,
  o: ActOptions,
): TaskActionInput {
  const action: ActionName = spec.action;
  const p: Record<string, unknown> = { action, taskId, actor, requestId, evidence: o.evidence ?? [] };
  if (o.note !== undefined) p.note = o.note;
  if (isLivingPlanAction(action)) return livingPlanPayload(spec, p, o);
  if (action === 'submit') p.fields = parseFields(o.field ?? []);
  // Sent even when empty, so the refusal names what is missing ("must say why …").
  if (action === 'sendBack') p.reason = o.reason ?? '';
  if (action === 'reportIncident') p.note = o.note ?? '';
  if (action === 'confirmPhase' || action === 'reportIncident') {
    if (o.phase === undefined) {
      throw new CliError('phase', 'cần --phase before|during|after', 'needs --phase before|during|after', 2);
    }
    p.phase = o.phase;
  }
  return p as TaskActionInput;
}

function parseFields(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError('field', `"${pair}" phải có dạng tên=giá trị`, `"${pair}" must be name=value`, 2);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

/**
 * The living plan's fields: the new deadline, the units, the percent, the decision and the
 * reason. A missing or malformed --until, --to or --percent is a usage error (exit 2); a missing
 * reason or note is sent empty, so the engine's refusal names what is missing (exit 1).
 */
function livingPlanPayload(spec: VerbSpec, p: Record<string, unknown>, o: ActOptions): TaskActionInput {
  for (const need of spec.needs ?? []) {
    const missing = need === 'until' ? o.until === undefined : (o.to ?? []).length === 0;
    if (missing) {
      const hint = need === 'until' ? '--until YYYY-MM-DD[THH:MM]' : '--to đơn vị[,đơn vị]';
      const hintEn = need === 'until' ? '--until YYYY-MM-DD[THH:MM]' : '--to unit[,unit]';
      throw new CliError(need, `cần ${hint}`, `needs ${hintEn}`, 2);
    }
  }
  if (o.until !== undefined) p.until = parseUntil(o.until);
  if (spec.decision) p.decision = spec.decision;
  if (spec.takes.includes('reason')) {
    // Required by the engine everywhere but on a grant: sent empty so that it says so.
    if (o.reason !== undefined || spec.decision !== 'grant') p.reason = o.reason ?? '';
  }
  if (spec.takes.includes('to')) {
    p.assignees = (o.to ?? [])
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter((t) => t !== '');
  }
  if (spec.action === 'progressNote' || spec.action === 'comment') p.note = o.note ?? '';
  if (o.percent !== undefined) {
    const n = /^\d{1,3}$/.test(o.percent.trim()) ? Number(o.percent) : Number.NaN;
    if (!(n >= 0 && n <= 100)) {
      throw new CliError(
        'percent',
        `"${o.percent}" không hợp lệ: phải là số nguyên từ 0 đến 100`,
        `"${o.percent}" is invalid: must be a whole number from 0 to 100`,
        2,
      );
    }
    p.percent = n;
  }
  return p as TaskActionInput;
}

/** `2023-03-25T17:00`, `2023-03-25 17:00`, or a date alone meaning 17:00 that day (Vietnam time). */
export function parseUntil(value: string): string {
  const v = value.trim();
  const local = /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? `${v}T17:00`
    : v.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/, '$1T$2');
  return checkArg('until', LocalDateTimeSchema, local);
}
