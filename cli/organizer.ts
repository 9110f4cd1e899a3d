/**
 * The organizer's commands (Phòng Nội vụ): start a conference from a plan file, set or move its
 * date once the invitation fixes it, cancel it, list conferences, and read the board.
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import {
  cancelConference,
  conferenceStatus,
  setConferenceDate,
  startConference,
  startedPlan,
} from '../client/conference';
import { REAL_CLOCK, type Clock } from '../domain/clock';
import { ClockSchema } from '../domain/clock-schema';
import { ConferenceIdSchema, conferenceWorkflowId } from '../domain/ids';
import { loadPlanFile } from '../domain/plan/load';
import { issueReason } from '../domain/plan/zod-issues';
import { LocalDateSchema } from '../domain/plan/schema';
import { ConferenceIdKey, OpenUnitsKey, OverdueCountKey, StatusKey } from '../domain/search-attributes';
import { formatAdministrativeDate, toLocalIso, type Lang } from '../domain/time';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { formatBoard } from './board-view';
import { actorOptions, logRefusal, parseActor, type ActorOptions } from './actor';
import {
  addOutputOptions,
  CliError,
  explain,
  fail,
  printJson,
  printLine,
  say,
  table,
  withClient,
  type OutputOptions,
} from './output';
import { formatIssueLine } from './plan-view';
import { workflowStatusText } from '../present/words';
import { unitShortNames } from '../present/tasks';
import { judgeStartDate } from './start-date';
import { LINK_OPTIONS, linkFor, needLink, webRequest } from './http';
import { ConferenceStatusSchema, type DateChange } from '../domain/views';
import { openArchiveReader, openConferenceRecord } from '../present/record';
import { eventTime } from '../audit/decode';

interface StartOptions extends OutputOptions {
  id?: string;
  date?: string;
  rehearsal?: string;
  rehearsalStart?: string;
  taskQueue?: string;
  as?: string;
  by?: string;
}

interface LinkOptions {
  token?: string;
  web?: string;
}

interface ScheduleOptions extends OutputOptions, Omit<ActorOptions, 'as'>, LinkOptions {
  as?: string;
  date: string;
  reason: string;
  requestId?: string;
}

interface CancelOptions extends OutputOptions, Omit<ActorOptions, 'as'>, LinkOptions {
  as?: string;
  reason: string;
  requestId?: string;
}

interface ListOptions extends OutputOptions {
  overdue?: boolean;
  all?: boolean;
}

/** Adds start, schedule, cancel, list and status to the `kehoach` program. */
export function registerOrganizerCommands(program: Command): void {
  registerStart(program);
  registerSchedule(program);
  registerCancel(program);
  registerList(program);
  registerStatus(program);
}

function registerStart(program: Command): void {
  addOutputOptions(
    program
      .command('start')
      .description('Bắt đầu một hội nghị từ tệp kế hoạch / start a conference from a plan file')
      .argument('<plan>', 'tệp kế hoạch YAML / plan file')
      .option('--id <id>', 'mã hội nghị (mặc định: mã kế hoạch) / conference id (default: the plan id)')
      .option('--date <YYYY-MM-DD>', 'ngày hội nghị nếu đã có giấy mời / conference date if known')
      .option(
        '--rehearsal <msPerPlanDay>',
        'diễn tập: số ms thật cho một ngày kế hoạch / rehearsal: real ms per plan day',
      )
      .option(
        '--rehearsal-start <iso>',
        'giờ kế hoạch lúc bắt đầu diễn tập (UTC ISO) / plan instant the rehearsal starts at',
      )
      .option('--as <unit>', 'đơn vị khởi tạo / starting unit')
      .option('--by <name>', 'người khởi tạo / person starting it')
      .addOption(new Option('--task-queue <queue>', 'task queue').env('KEHOACH_TASK_QUEUE').hideHelp()),
  ).action(start);
}

/** `kehoach start <plan>`: the plan checked, the arguments and the date judged, then the conference started. */
async function start(file: string, o: StartOptions): Promise<void> {
  const loaded = await loadPlanFile(file);
  if (!loaded.ok) {
    for (const i of loaded.issues) process.stderr.write(`${formatIssueLine(i, file, o.lang)}\n`);
    process.exitCode = 1;
    return;
  }
  const plan = loaded.plan;
  const conferenceId = o.id ?? plan.id;
  try {
    checkArg('id', ConferenceIdSchema, conferenceId);
    if (o.date !== undefined) checkArg('date', LocalDateSchema, o.date);
  } catch (e) {
    fail(e as CliError, o.lang);
    return;
  }
  const clock = clockOf(o);
  if (clock instanceof CliError) return fail(clock, o.lang);
  if (o.date !== undefined) {
    const verdict = judgeStartDate(plan, o.date, clock, new Date().toISOString());
    if (verdict.refusal) return fail(verdict.refusal, o.lang);
    if (verdict.warning) process.stderr.write(`${say(o.lang, verdict.warning.vi, verdict.warning.en)}\n`);
  }
  const startedBy = o.as && o.by ? { unitId: o.as, person: o.by } : undefined;
  await withClient(
    o,
    async (client) => {
      await startConference(client, {
        conferenceId,
        plan,
        clock,
        ...(o.date ? { date: o.date } : {}),
        ...(startedBy ? { startedBy } : {}),
        ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}),
      });
      if (o.json)
        return printJson({
          conferenceId,
          workflowId: conferenceWorkflowId(conferenceId),
          date: o.date ?? plan.conference.date ?? null,
          clock,
        });
      printLine(conferenceId);
      process.stderr.write(
        say(
          o.lang,
          `Đã bắt đầu hội nghị "${plan.conference.title}" (quy trình ${conferenceWorkflowId(conferenceId)}).\n`,
          `Started conference "${plan.conference.title}" (workflow ${conferenceWorkflowId(conferenceId)}).\n`,
        ),
      );
    },
    { conferenceId },
  );
}

function registerSchedule(program: Command): void {
  addOutputOptions(
    actorOptions(
      program
        .command('schedule')
        .option('--token <token>', LINK_OPTIONS[0][1])
        .option('--web <url>', LINK_OPTIONS[1][1])
        .description('Ấn định hoặc dời ngày hội nghị (giấy mời) / set or move the conference date')
        .argument('<id>', 'mã hội nghị / conference id')
        .requiredOption('--date <YYYY-MM-DD>', 'ngày hội nghị / conference date')
        .requiredOption('--reason <text>', 'lý do / reason')
        .option('--request-id <id>', 'mã yêu cầu (để gửi lại an toàn) / request id for safe retries'),
      true,
    ),
  ).action(schedule);
}

/** `kehoach schedule <id>`: through the web with an access link, else straight to Temporal as the unit named. */
async function schedule(id: string, o: ScheduleOptions): Promise<void> {
  const credential = linkFor(id, o);
  if (!credential && o.as === undefined) return fail(needLink(), o.lang);
  const actor = parseActor({ ...o, as: o.as ?? '' });
  const requestId = o.requestId ?? randomUUID();
  const refused = logRefusal({ conferenceId: id, taskId: null, action: 'setDate', actor, requestId });
  try {
    checkArg('date', LocalDateSchema, o.date);
  } catch (e) {
    await refused(e as CliError);
    return fail(e as CliError, o.lang);
  }
  const print = (change: DateChange): void => {
    if (o.json) return printJson(change);
    printLine(
      say(
        o.lang,
        `Hội nghị ${id} tổ chức ${formatAdministrativeDate(change.to, 'vi')}${change.from ? ` (trước đây: ${change.from})` : ''}. Mã yêu cầu: ${requestId}`,
        `Conference ${id} is set for ${formatAdministrativeDate(change.to, 'en')}${change.from ? ` (was ${change.from})` : ''}. Request id: ${requestId}`,
      ),
    );
  };
  if (credential) {
    // Through the web: it checks the organizer's link, logs a refusal, and signs the claim.
    try {
      return print(
        (await webRequest(credential, 'PUT', '/date', {
          date: o.date,
          reason: o.reason,
          person: o.by,
          requestId,
        })) as DateChange,
      );
    } catch (e) {
      return fail(explain(e, id), o.lang);
    }
  }
  await withClient(
    o,
    async (client) => {
      await conferenceStatus(client, id);
      print(await setConferenceDate(client, id, { date: o.date, reason: o.reason, actor, requestId }));
    },
    { conferenceId: id, onRefused: refused },
  );
}

function registerCancel(program: Command): void {
  addOutputOptions(
    actorOptions(
      program
        .command('cancel')
        .description('Hủy hội nghị / cancel the conference')
        .argument('<id>', 'mã hội nghị / conference id')
        .requiredOption('--reason <text>', 'lý do / reason')
        .option('--request-id <id>', 'mã yêu cầu / request id')
        .option('--token <token>', LINK_OPTIONS[0][1])
        .option('--web <url>', LINK_OPTIONS[1][1]),
      true,
    ),
  ).action(cancel);
}

/** `kehoach cancel <id>`: through the web with an access link, else straight to Temporal as the unit named. */
async function cancel(id: string, o: CancelOptions): Promise<void> {
  const credential = linkFor(id, o);
  if (!credential && o.as === undefined) return fail(needLink(), o.lang);
  const actor = parseActor({ ...o, as: o.as ?? '' });
  const requestId = o.requestId ?? randomUUID();
  const print = (answer: { reason: string }): void => {
    if (o.json) return printJson({ ...answer, requestId });
    printLine(
      say(
        o.lang,
        `Đã hủy hội nghị ${id}. Lý do: ${answer.reason}`,
        `Cancelled conference ${id}. Reason: ${answer.reason}`,
      ),
    );
  };
  if (credential) {
    try {
      return print(
        (await webRequest(credential, 'POST', '/cancel', { reason: o.reason, person: o.by, requestId })) as {
          reason: string;
        },
      );
    } catch (e) {
      return fail(explain(e, id), o.lang);
    }
  }
  await withClient(
    o,
    async (client) => {
      await conferenceStatus(client, id);
      print(await cancelConference(client, id, { reason: o.reason, actor, requestId }));
    },
    {
      conferenceId: id,
      onRefused: logRefusal({ conferenceId: id, taskId: null, action: 'cancel', actor, requestId }),
    },
  );
}

function registerList(program: Command): void {
  addOutputOptions(
    program
      .command('list')
      .description('Danh sách hội nghị / list conferences')
      .option('--overdue', 'chỉ những hội nghị có việc quá hạn / only conferences with overdue tasks')
      .option('--all', 'cả những hội nghị chỉ còn trong kho lưu trữ / also the conferences only the archive holds now'),
  ).action(list);
}

/** `kehoach list`: the conferences Temporal holds (the first 1,000), and with `--all` those only the archive holds. */
async function list(o: ListOptions): Promise<void> {
  await withClient(o, async (client) => {
    const query = `WorkflowType = "${WORKFLOW_TYPE.conference}"${o.overdue ? ' AND KehoachOverdueCount > 0' : ''}`;
    const rows: ListRow[] = [];
    for await (const w of client.workflow.list({ query })) {
      const sa = w.typedSearchAttributes;
      rows.push({
        conferenceId: sa.get(ConferenceIdKey) ?? w.workflowId.replace(/^conference:/, ''),
        status: sa.get(StatusKey) ?? w.status.name.toLowerCase(),
        overdue: sa.get(OverdueCountKey) ?? 0,
        openUnits: sa.get(OpenUnitsKey) ?? [],
        startedAt: toLocalIso(w.startTime.toISOString()),
        workflowId: w.workflowId,
      });
      if (rows.length >= 1000) break;
    }
    if (o.all) rows.push(...(await archivedRows(new Set(rows.map((r) => r.conferenceId)), o.overdue === true)));
    if (o.json) return printJson(rows);
    if (rows.length === 0) return printLine(say(o.lang, 'Không có hội nghị nào.', 'No conferences.'));
    printLine(listTable(rows, o.lang));
  });
}

function listTable(rows: readonly ListRow[], lang: Lang): string {
  return table(
    [
      say(lang, 'Mã', 'Id'),
      say(lang, 'Trạng thái', 'Status'),
      say(lang, 'Quá hạn', 'Overdue'),
      say(lang, 'Bắt đầu', 'Started'),
      say(lang, 'Đơn vị đang chờ', 'Units awaited'),
    ],
    rows.map((r) => [
      r.conferenceId,
      workflowStatusText(r.status, lang),
      String(r.overdue),
      r.startedAt.slice(0, 16).replace('T', ' '),
      r.openUnits.join(' '),
    ]),
  );
}

function registerStatus(program: Command): void {
  addOutputOptions(
    program
      .command('status')
      .description('Bảng theo dõi hội nghị / the conference board')
      .argument('<id>', 'mã hội nghị / conference id'),
  ).action(showBoard);
}

/** `kehoach status <id>`: the board, from Temporal while the conference lives, from its archive after. */
async function showBoard(id: string, o: OutputOptions): Promise<void> {
  await withClient(
    o,
    async (client) => {
      // The final board of a conference Temporal has forgotten comes from its archive.
      const record = await openConferenceRecord(client, id);
      const status = await record.status();
      if (o.json) return printJson(status);
      const plan = await (record.where === 'archive' ? record.plan() : startedPlan(client, id)).catch(() => undefined);
      printLine(formatBoard(status, o.lang, unitShortNames(plan)));
    },
    { conferenceId: id },
  );
}

/** Validates one argument; a bad one is a usage error (exit 2) naming the option. */
export function checkArg<T>(
  field: string,
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const reason = first ? issueReason(first) : { vi: 'sai định dạng', en: 'wrong format' };
  throw new CliError(
    field,
    `giá trị "${String(value)}" không hợp lệ: ${reason.vi}`,
    `"${String(value)}" is invalid: ${reason.en}`,
    2,
  );
}

function clockOf(o: StartOptions): Clock | CliError {
  if (o.rehearsal === undefined) {
    if (o.rehearsalStart !== undefined)
      return new CliError('rehearsal-start', 'chỉ dùng cùng --rehearsal', 'only with --rehearsal', 2);
    return REAL_CLOCK;
  }
  const candidate = {
    mode: 'rehearsal',
    planStart: o.rehearsalStart ?? new Date().toISOString(),
    msPerPlanDay: Number(o.rehearsal),
  };
  const r = ClockSchema.safeParse(candidate);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path[0] === 'planStart' ? 'rehearsal-start' : 'rehearsal';
  const reason = issue ? issueReason(issue) : { vi: 'sai định dạng', en: 'wrong format' };
  return new CliError(field, `không hợp lệ: ${reason.vi}`, `invalid: ${reason.en}`, 2);
}

/** A conference as `list` shows it. */
interface ListRow {
  conferenceId: string;
  status: string;
  overdue: number;
  openUnits: string[];
  startedAt: string;
  workflowId: string;
  /** Only the archive holds it now (`--all`). */
  archived?: boolean;
}

/** The conferences only the archive holds now (Temporal's retention deleted them), each read and verified. */
async function archivedRows(listed: ReadonlySet<string>, overdueOnly: boolean): Promise<ListRow[]> {
  const reader = openArchiveReader();
  const rows: ListRow[] = [];
  for (const id of (await reader.conferences()).sort()) {
    if (listed.has(id)) continue;
    const a = await reader.open(id).catch((err: unknown) => {
      throw explain(err, id);
    });
    if (!a) continue;
    const status = ConferenceStatusSchema.safeParse(a.status);
    const overdue = status.success ? status.data.counts.overdue : 0;
    if (overdueOnly && overdue === 0) continue;
    const first = a.histories[0]?.history.events?.[0];
    rows.push({
      conferenceId: id,
      status: status.success ? status.data.status : 'completed',
      overdue,
      openUnits: [],
      startedAt: first ? toLocalIso(eventTime(first)) : '',
      workflowId: conferenceWorkflowId(id),
      archived: true,
    });
  }
  return rows;
}
