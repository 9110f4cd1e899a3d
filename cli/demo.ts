/**
 * `kehoach demo` (`npm run demo`): the seed plan in rehearsal — one plan day every two seconds —
 * with simulated units: most on time, two units late, the budget estimate sent back once, the
 * date set by the invitation and then moved, and the living plan: Nậm Pồ asks for one more day
 * on its presentation and Phòng Nội vụ grants it, Phòng Nội vụ returns the hall set-up to Văn
 * phòng, which does it again; Phòng Nội vụ adds a sound check of the hall to the plan, which Văn
 * phòng then does. Uses the running engine (`npm start`) if there is one, otherwise starts an in-memory Temporal dev server of its own; runs a worker in-process.
 */
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Notification } from '../activities/types';
import { startConference } from '../client/conference';
import { SEED_AMENDMENTS, SEED_LIVING_PLAN } from '../demo/seed-script';
import { simulateUnits, type SimulatedAction } from '../demo/simulated-units';
import { changeText } from '../domain/change-words';
import { loadPlanFile, SEED_PLAN_PATH } from '../domain/plan/load';
import { formatAdministrativeDate, formatShortLocal } from '../domain/time';
import { TaskStateSchema, type ConferenceResult, type ConferenceStatus } from '../domain/views';
import { freePort } from '../engine/dev-server';
import { startLocalEngine } from '../engine/local';
import { ACTION_LABEL } from '../domain/labels';
import { say, stateLabel } from '../present/words';

/** What a simulated unit did, in words: "nộp" / "submit", "ấn định ngày hội nghị" / "set the date". */
function actionText(action: SimulatedAction['action'], lang: 'vi' | 'en'): string {
  if (action === 'setDate') return say(lang, 'ấn định ngày hội nghị', 'set the conference date');
  if (action === 'addTask') return say(lang, 'thêm công việc vào kế hoạch', 'add a task to the plan');
  return ACTION_LABEL[action][lang].toLocaleLowerCase(lang);
}

/** The notices printed as they go out: reminders, escalations and the living plan's changes. */
const SHOWN_NOTICES: Notification['kind'][] = [
  'reminder',
  'overdue',
  'extensionRequested',
  'extensionDecided',
  'deadlineChanged',
  'returned',
  'reassigned',
  'withdrawn',
];

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Diễn tập kế hoạch mẫu với các đơn vị mô phỏng / rehearse the seed plan with simulated units')
    .option('--ms-per-day <ms>', 'số mili giây thật cho một ngày kế hoạch / real milliseconds per plan day', '2000')
    .option('--lang <lang>', 'ngôn ngữ: vi | en / language: vi | en', 'vi')
    .action(async (opts: { msPerDay: string; lang: string }) => {
      const msPerPlanDay = Number(opts.msPerDay);
      if (!Number.isInteger(msPerPlanDay) || msPerPlanDay < 200) {
        const lang = opts.lang === 'en' ? 'en' : 'vi';
        console.error(
          `--ms-per-day: ${say(lang, 'phải là số nguyên, ít nhất 200', 'must be a whole number of at least 200')}`,
        );
        process.exitCode = 2;
        return;
      }
      await runDemo(msPerPlanDay, opts.lang === 'en' ? 'en' : 'vi');
    });
}

async function runDemo(msPerPlanDay: number, lang: 'vi' | 'en'): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error(`The seed plan does not validate: ${loaded.issues[0]?.path}`);
  const plan = loaded.plan;

  const real = createActivities();
  // The running engine (`npm start`) if there is one, else an in-memory dev server for the demo.
  const engine = await startLocalEngine({
    environment: true,
    reuseRunning: true,
    devServer: async () => {
      console.log(
        say(
          lang,
          '(chưa có engine nào chạy: khởi động một máy chủ Temporal tạm trong bộ nhớ cho buổi diễn tập)',
          '(no engine running: starting an in-memory Temporal dev server for the demo)',
        ),
      );
      return { port: await freePort() };
    },
    worker: {
      activities: {
        // The log channel prints to the terminal, so reminders and escalations show as they happen.
        notify: async (n: Notification) => {
          if (SHOWN_NOTICES.includes(n.kind)) printNotification(n, lang);
          return real.notify(n);
        },
      },
    },
  });
  const { client } = engine;
  void engine.run(); // its failure surfaces in stop()
  try {
    const conferenceId = `demo-${randomUUID().slice(0, 8)}`;
    console.log(
      lang === 'vi'
        ? `Diễn tập "${plan.conference.title}" — hội nghị ${conferenceId}, 1 ngày kế hoạch = ${msPerPlanDay / 1000} giây`
        : `Rehearsing "${plan.conference.title}" — conference ${conferenceId}, 1 plan day = ${msPerPlanDay / 1000} s`,
    );
    await startConference(client, {
      conferenceId,
      plan,
      clock: { mode: 'rehearsal', planStart: '2023-03-14T01:00:00.000Z', msPerPlanDay },
      startedBy: { unitId: plan.organizer, person: 'Nguyễn Thị Lan' },
    });
    let lastProgress = 0;
    const { result } = await simulateUnits({
      client,
      conferenceId,
      plan,
      lateUnits: ['dien-bien-dong', 'dien-luc'],
      sendBackOnce: ['budget.estimate'],
      livingPlan: SEED_LIVING_PLAN,
      amendments: SEED_AMENDMENTS,
      dateSteps: [
        { atPlan: '2023-03-15T02:00:00.000Z', date: '2023-03-28', reason: 'Giấy mời số 45/GM-UBND' },
        { atPlan: '2023-03-18T02:00:00.000Z', date: '2023-03-30', reason: 'Theo lịch công tác của lãnh đạo tỉnh' },
      ],
      pollMs: Math.max(20, Math.floor(msPerPlanDay / 50)),
      onAction: (a) => printAction(a, lang),
      onStatus: (s) => {
        if (Date.now() - lastProgress > 3000) {
          lastProgress = Date.now();
          printProgress(s, lang);
        }
      },
    });
    printSummary(result, plan.units, lang);
    console.log(
      lang === 'vi'
        ? `\nXem lại: npx kehoach status ${conferenceId} · npx kehoach audit ${conferenceId}`
        : `\nLook again: npx kehoach status ${conferenceId} · npx kehoach audit ${conferenceId}`,
    );
  } finally {
    await engine.stop();
  }
}

function printAction(a: SimulatedAction, lang: 'vi' | 'en'): void {
  const when = formatShortLocal(a.at);
  const what = actionText(a.action, lang);
  const target = a.taskId ?? a.outcome;
  // After a task action the outcome is the task's state; after setting the date, the date.
  const state = TaskStateSchema.safeParse(a.outcome);
  const outcome =
    a.action === 'addTask'
      ? ` → ${say(lang, 'kế hoạch phiên bản', 'plan version')} ${a.outcome.replace(/^v/, '')}`
      : a.taskId
        ? ` → ${state.success ? stateLabel(state.data, lang) : a.outcome}`
        : '';
  const late = a.late ? (lang === 'vi' ? '  ⚠ muộn' : '  ⚠ late') : '';
  // A change to the plan: what changed, old → new, and why.
  const change = a.record ? changeText(a.record, lang) : '';
  const why = a.record?.reason ? ` — ${lang === 'vi' ? 'lý do' : 'reason'}: ${a.record.reason}` : '';
  const note = a.record?.action === 'progressNote' && a.record.note ? ` — ${a.record.note}` : '';
  const detail = change ? `: ${change}${why}${note}` : '';
  console.log(`[${when}] ${a.actor.person} (${a.actor.unitId}) · ${what} · ${target}${outcome}${late}${detail}`);
}

function printNotification(n: Notification, lang: 'vi' | 'en'): void {
  const mark = n.kind === 'overdue' ? '⏰' : n.kind === 'reminder' ? '🔔' : '✉';
  console.log(
    `[${formatShortLocal(n.at)}] ${mark} ${lang === 'vi' ? n.text.vi : n.text.en} → ${n.recipients.map((r) => r.id).join(', ')}`,
  );
}

function printProgress(s: ConferenceStatus, lang: 'vi' | 'en'): void {
  const c = s.counts;
  const bar = '█'.repeat(Math.round((20 * c.done) / Math.max(1, c.total))).padEnd(20, '·');
  const date = s.date
    ? formatAdministrativeDate(s.date, lang)
    : lang === 'vi'
      ? 'chưa có giấy mời'
      : 'no invitation yet';
  console.log(
    lang === 'vi'
      ? `   ${bar} ${c.done}/${c.total} xong · ${c.overdue} quá hạn · ${c.blocked} chờ · hội nghị: ${date}`
      : `   ${bar} ${c.done}/${c.total} done · ${c.overdue} overdue · ${c.blocked} waiting · conference: ${date}`,
  );
}

function printSummary(r: ConferenceResult, units: { id: string; name: string }[], lang: 'vi' | 'en'): void {
  const vi = lang === 'vi';
  console.log(
    `\n${vi ? 'KẾT QUẢ' : 'RESULT'}: ${vi ? { completed: 'hoàn thành', cancelled: 'đã hủy' }[r.outcome] : r.outcome} · ${vi ? 'ngày hội nghị' : 'conference date'} ${r.date ? formatAdministrativeDate(r.date, lang) : '—'} · ${r.dateChanges} ${vi ? 'lần ấn định/dời ngày' : 'date changes'}`,
  );
  console.log(
    `${r.counts.done}/${r.counts.total} ${vi ? 'công việc hoàn thành' : 'tasks done'}, ${r.counts.late} ${vi ? 'muộn' : 'late'}`,
  );
  for (const resp of r.responsibilities) {
    const lead = units.find((u) => u.id === resp.lead)?.name ?? resp.lead;
    console.log(
      `  ${resp.id.padEnd(10)} ${`${resp.done}/${resp.total}`.padStart(5)}  ${resp.late ? `${resp.late} ${vi ? 'muộn' : 'late'}` : '      '}  ${lead}`,
    );
  }
}
