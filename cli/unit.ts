/**
 * A unit's commands: its inbox (`kehoach tasks`) and the actions on a task (complete, submit,
 * approve, reject, sign, confirm, incident). The CLI finds the task's responsibility from the
 * conference status, so units need only the conference id and the task id.
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { actOnTask, conferenceStatus, responsibilityOf, signalTaskAction } from '../client/conference';
import { TaskActionSchema, type ActionName, type TaskActionInput } from '../domain/actions';
import { invalidValue } from '../domain/errors';
import { actionWordVi } from '../domain/labels';
import { formatInbox, stateLabel, taskJson } from './board-view';
import { inboxOf } from '../present/tasks';
import { VERBS } from './verbs';
import { actorOptions, logRefusal, parseActor, type ActorOptions } from './actor';
import {
  addOutputOptions,
  collect,
  CliError,
  fail,
  printJson,
  printLine,
  say,
  withClient,
  type OutputOptions,
} from './output';

interface ActOptions extends OutputOptions, ActorOptions {
  note?: string;
  evidence?: string[];
  field?: string[];
  reason?: string;
  phase?: string;
  requestId?: string;
  signal?: boolean;
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
        const tasks = inboxOf(status, o.unit);
        if (o.json) return printJson(tasks.map(taskJson));
        printLine(formatInbox(status, o.unit, tasks, o.lang));
      },
      { conferenceId: id },
    );
  });

  for (const [verb, spec] of Object.entries(VERBS)) {
    const cmd = actorOptions(
      program
        .command(verb)
        .description(`${spec.vi} / ${spec.en}`)
        .argument('<id>', 'mã hội nghị / conference id')
        .argument('<task>', 'mã công việc / task id')
        .option('--note <text>', 'ghi chú / note')
        .option('--evidence <url>', 'đường dẫn minh chứng (nhắc lại được) / evidence link (repeatable)', collect, [])
        .option('--request-id <id>', 'mã yêu cầu (gửi lại an toàn) / request id for safe retries')
        .option('--signal', 'gửi Signal thay vì Update (không chờ kết quả) / send a Signal instead of an Update'),
    );
    if (spec.takes.includes('field'))
      cmd.option('--field <name=value>', 'trường kết quả (nhắc lại được) / result field (repeatable)', collect, []);
    if (spec.takes.includes('reason')) cmd.option('--reason <text>', 'lý do trả lại / why it is sent back');
    if (spec.takes.includes('phase'))
      cmd.addOption(new Option('--phase <phase>', 'giai đoạn / phase').choices(['before', 'during', 'after']));
    addOutputOptions(cmd).action((id: string, task: string, o: ActOptions) => act(verb, spec.action, id, task, o));
  }
}

async function act(
  verb: string,
  action: ActionName,
  conferenceId: string,
  taskId: string,
  o: ActOptions,
): Promise<void> {
  const actor = parseActor(o);
  const requestId = o.requestId ?? randomUUID();
  const refused = logRefusal({ conferenceId, taskId, action, actor, requestId });
  let payload: TaskActionInput;
  try {
    payload = buildPayload(action, taskId, actor, requestId, o);
  } catch (e) {
    await refused(e as CliError);
    return fail(e as CliError, o.lang);
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
      const record = view.history.find((h) => h.requestId === requestId);
      if (o.json)
        return printJson({
          conferenceId,
          responsibilityId,
          requestId,
          late: record?.late ?? null,
          task: taskJson(view),
        });
      const late = record?.late ? say(o.lang, ' — trễ hạn', ' — late') : say(o.lang, ' — đúng hạn', ' — on time');
      printLine(
        say(
          o.lang,
          `Đã ghi nhận "${actionWordVi(action)}" cho công việc ${taskId} (${view.title}): ${stateLabel(view.state, 'vi')}${record ? late : ''}. Mã yêu cầu: ${requestId}`,
          `Recorded "${verb}" on task ${taskId} (${view.titleEn ?? view.title}): ${stateLabel(view.state, 'en')}${record ? late : ''}. Request id: ${requestId}`,
        ),
      );
    },
    { conferenceId, onRefused: refused },
  );
}

function buildPayload(
  action: ActionName,
  taskId: string,
  actor: { unitId: string; person: string },
  requestId: string,
  o: ActOptions,
): TaskActionInput {
  const p: Record<string, unknown> = { action, taskId, actor, requestId, evidence: o.evidence ?? [] };
  if (o.note !== undefined) p.note = o.note;
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
