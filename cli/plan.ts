/**
 * `kehoach plan …`: check a plan file and show its resolved schedule.
 *
 * Exit codes: 0 valid / shown; 1 the plan has issues (one `<path>: <message>` line each, on
 * stderr); 2 bad usage (a malformed --date or --lang). Results go to stdout, errors to stderr.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { amendPlan, conferenceStatus, type AmendmentRequest } from '../client/conference';
import { openConferenceRecord } from '../present/record';
import { loadPlanFile } from '../domain/plan/load';
import { LocalDateSchema, type Plan } from '../domain/plan/schema';
import type { Lang } from '../domain/time';
import { actorOptions, logRefusal, parseActor, type ActorOptions } from './actor';
import { registerImportCommand } from './plan-import';
import { registerNextCommand } from './plan-next';
import { addOutputOptions, CliError, fail, printJson, printLine, say, withClient, type OutputOptions } from './output';
import {
  buildShowJson,
  formatAmendment,
  formatAmendments,
  formatPlanChanges,
  formatIssueLine,
  formatShowText,
  formatSummary,
} from './plan-view';

interface CommonOptions {
  lang: Lang;
}

interface ShowOptions extends CommonOptions {
  date?: string;
  json?: boolean;
  diff?: boolean;
}

const langOption = (): Option => new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi');

/**
 * Adds the `plan` command group to the `kehoach` program, so plan authors can check a file and
 * see its deadlines before starting a conference from it.
 */
export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('Tệp kế hoạch / plan files');

  plan
    .command('check')
    .description('Kiểm tra một tệp kế hoạch / validate a plan file')
    .argument('<file>', 'tệp YAML / YAML file')
    .addOption(langOption())
    .action(async (file: string, options: CommonOptions) => {
      const loaded = await loadOrReport(file, options.lang);
      if (loaded) process.stdout.write(`${formatSummary(loaded, options.lang)}\n`);
    });

  registerAmendCommands(plan);
  registerImportCommand(plan);
  registerNextCommand(plan);

  plan
    .command('show')
    .description('Xem lịch hạn đã tính theo giờ Việt Nam / show the resolved schedule in Vietnam time')
    .argument('<file>', 'tệp YAML, hoặc mã hội nghị đang chạy / YAML file, or a running conference id')
    .option('--date <YYYY-MM-DD>', 'ngày Hội nghị (theo giấy mời) / conference date')
    .option('--json', 'in JSON / print JSON')
    .option(
      '--diff',
      'với một hội nghị: những thay đổi từ khi bắt đầu, ai thay đổi / for a conference: what changed since the start, by whom',
    )
    .addOption(langOption())
    .action(async (file: string, options: ShowOptions) => {
      const { lang } = options;
      // Not a file: a conference id, whose plan in force is shown (its version and amendments).
      if (!existsSync(file) && !/\.ya?ml$/i.test(file)) return showConferencePlan(file, options);
      if (options.date !== undefined && !LocalDateSchema.safeParse(options.date).success) {
        process.stderr.write(
          lang === 'vi'
            ? `Ngày không hợp lệ "${options.date}": cần một ngày có thật, viết dạng YYYY-MM-DD\n`
            : `Invalid date "${options.date}": expected a real calendar date written YYYY-MM-DD\n`,
        );
        process.exitCode = 2;
        return;
      }
      const loaded = await loadOrReport(file, lang);
      if (!loaded) return;
      const ctx = { conferenceDate: options.date ?? loaded.conference.date ?? null, completedAt: {} };
      const out = options.json
        ? JSON.stringify(buildShowJson(loaded, ctx), null, 2)
        : formatShowText(loaded, ctx, lang);
      process.stdout.write(`${out}\n`);
    });
}

interface AmendOptions extends OutputOptions, ActorOptions {
  reason: string;
  requestId?: string;
}

/** `plan add-task` and `plan change`: the organizer amends a running plan. */
function registerAmendCommands(plan: Command): void {
  addOutputOptions(
    actorOptions(
      plan
        .command('add-task')
        .description('Thêm một công việc vào kế hoạch đang chạy / add a task to a running plan (organizer)')
        .argument('<conference>', 'mã hội nghị / conference id')
        .requiredOption('--responsibility <id>', 'mã nhiệm vụ / responsibility id')
        .requiredOption('--file <task.yaml>', 'công việc viết như trong tệp kế hoạch / the task, as in a plan file')
        .requiredOption('--reason <text>', 'lý do / reason')
        .option('--request-id <id>', 'mã yêu cầu (để gửi lại an toàn) / request id for safe retries'),
    ),
  ).action(async (conferenceId: string, o: AmendOptions & { responsibility: string; file: string }) => {
    const task = await readYaml('file', o.file, o);
    if (task === undefined) return;
    await amend(conferenceId, o, {
      op: 'addTask',
      responsibilityId: o.responsibility,
      task,
      reason: o.reason,
      actor: parseActor(o),
    });
  });

  addOutputOptions(
    actorOptions(
      plan
        .command('change')
        .description('Sửa tên hoặc thời hạn của một công việc / change a task’s title or deadline rule (organizer)')
        .argument('<conference>', 'mã hội nghị / conference id')
        .argument('<task>', 'mã công việc / task id')
        .option('--title <text>', 'tên mới / new title')
        .option('--title-en <text>', 'tên tiếng Anh mới / new English title')
        .option('--due-file <rule.yaml>', 'thời hạn viết như trong tệp kế hoạch / the deadline rule, as in a plan file')
        .requiredOption('--reason <text>', 'lý do / reason')
        .option('--request-id <id>', 'mã yêu cầu (để gửi lại an toàn) / request id for safe retries'),
    ),
  ).action(
    async (
      conferenceId: string,
      taskId: string,
      o: AmendOptions & { title?: string; titleEn?: string; dueFile?: string },
    ) => {
      let due: unknown;
      if (o.dueFile !== undefined) {
        due = await readYaml('due-file', o.dueFile, o);
        if (due === undefined) return;
      }
      await amend(conferenceId, o, {
        op: 'changeTask',
        taskId,
        ...(o.title !== undefined ? { title: o.title } : {}),
        ...(o.titleEn !== undefined ? { titleEn: o.titleEn } : {}),
        ...(due !== undefined ? { due } : {}),
        reason: o.reason,
        actor: parseActor(o),
      });
    },
  );
}

async function amend(conferenceId: string, o: AmendOptions, request: AmendmentRequest): Promise<void> {
  const requestId = o.requestId ?? randomUUID();
  const taskId = request.op === 'addTask' ? null : request.taskId;
  const refused = logRefusal({ conferenceId, taskId, action: request.op, actor: request.actor, requestId });
  await withClient(
    o,
    async (client) => {
      await conferenceStatus(client, conferenceId);
      const answer = await amendPlan(client, conferenceId, { ...request, requestId });
      if (o.json) return printJson(answer);
      printLine(formatAmendment(answer.amendment, o.lang));
      printLine(
        say(
          o.lang,
          `Kế hoạch phiên bản ${answer.planVersion}. Mã yêu cầu: ${requestId}`,
          `Plan version ${answer.planVersion}. Request id: ${requestId}`,
        ),
      );
    },
    { conferenceId, onRefused: refused },
  );
}

/** Reads a YAML file (a task or a deadline rule); on failure prints `<option>: <reason>`, exit 2. */
async function readYaml(option: string, file: string, o: OutputOptions): Promise<unknown> {
  try {
    return parseYaml(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    fail(new CliError(option, `không đọc được tệp "${file}": ${why}`, `cannot read "${file}": ${why}`, 2), o.lang);
    return undefined;
  }
}

/**
 * `plan show <conference>`: the plan in force (the plan started with, as amended), its version and
 * its schedule at the conference's date; `--diff`: what changed since the start, by whom.
 */
async function showConferencePlan(conferenceId: string, o: ShowOptions): Promise<void> {
  await withClient(
    { lang: o.lang, ...(o.json ? { json: true } : {}) },
    async (client) => {
      const record = await openConferenceRecord(client, conferenceId);
      const [status, plan] = await Promise.all([record.status(), record.plan()]);
      const planVersion = status.planVersion ?? 1;
      const amendments = status.amendments ?? [];
      const tasks = status.responsibilities.flatMap((r) => r.tasks);
      const completedAt = Object.fromEntries(tasks.flatMap((t) => (t.completedAt ? [[t.id, t.completedAt]] : [])));
      const ctx = { conferenceDate: status.date, completedAt };
      if (o.json)
        return printJson({
          conferenceId,
          planVersion,
          amendments,
          ...(o.diff ? {} : { plan, schedule: buildShowJson(plan, ctx) }),
        });
      if (o.diff) return printLine(formatPlanChanges(conferenceId, planVersion, amendments, tasks, o.lang));
      printLine(formatAmendments(conferenceId, planVersion, amendments, o.lang));
      printLine(formatShowText(plan, ctx, o.lang));
    },
    { conferenceId },
  );
}

/** Loads a plan; on failure prints one line per issue to stderr, sets exit code 1 and returns null. */
async function loadOrReport(file: string, lang: Lang): Promise<Plan | null> {
  const result = await loadPlanFile(file);
  if (result.ok) return result.plan;
  for (const i of result.issues) process.stderr.write(`${formatIssueLine(i, file, lang)}\n`);
  process.exitCode = 1;
  return null;
}
