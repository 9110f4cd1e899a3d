/**
 * `kehoach plan …`: check a plan file and show its resolved schedule.
 *
 * Exit codes: 0 valid / shown; 1 the plan has issues (one `<path>: <message>` line each, on
 * stderr); 2 bad usage (a malformed --date or --lang). Results go to stdout, errors to stderr.
 */
import { Option, type Command } from 'commander';
import { loadPlanFile } from '../domain/plan/load';
import { LocalDateSchema, type Plan } from '../domain/plan/schema';
import type { Lang } from '../domain/time';
import { buildShowJson, formatIssueLine, formatShowText, formatSummary } from './plan-view';

interface CommonOptions {
  lang: Lang;
}

interface ShowOptions extends CommonOptions {
  date?: string;
  json?: boolean;
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

  plan
    .command('show')
    .description('Xem lịch hạn đã tính theo giờ Việt Nam / show the resolved schedule in Vietnam time')
    .argument('<file>', 'tệp YAML / YAML file')
    .option('--date <YYYY-MM-DD>', 'ngày Hội nghị (theo giấy mời) / conference date')
    .option('--json', 'in JSON / print JSON')
    .addOption(langOption())
    .action(async (file: string, options: ShowOptions) => {
      const { lang } = options;
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

/** Loads a plan; on failure prints one line per issue to stderr, sets exit code 1 and returns null. */
async function loadOrReport(file: string, lang: Lang): Promise<Plan | null> {
  const result = await loadPlanFile(file);
  if (result.ok) return result.plan;
  for (const i of result.issues) process.stderr.write(`${formatIssueLine(i, file, lang)}\n`);
  process.exitCode = 1;
  return null;
}
