/**
 * `kehoach plan import FILE [--out draft.yaml] [--json] [--lang en]`: a plan document (.docx,
 * .pdf with a text layer, .txt) → a draft plan whose unstated values are listed for review.
 *
 * Exit codes: 0 read (the draft may still have values to decide: they are listed); 2 bad input
 * (not a plan, image-only PDF, password, damaged file, zip bomb, too large, unreadable), one
 * sentence on stderr and nothing written.
 */
import { stat, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { DOCUMENT_LIMITS } from '../domain/limits';
import type { Lang } from '../domain/time';
import { importDocument, ImportRefusal, type ImportResult } from '../intake/import';
import { draftYaml } from '../intake/yaml';
import { printJson, say } from './output';

interface ImportOptions {
  out?: string;
  json?: boolean;
  lang: Lang;
}

export function registerImportCommand(plan: Command): void {
  plan
    .command('import')
    .description('Nhập một văn bản kế hoạch (.docx, .pdf, .txt) thành bản nháp / import a plan document as a draft')
    .argument('<file>', 'văn bản kế hoạch / the plan document')
    .option('--out <draft.yaml>', 'ghi bản nháp YAML / write the draft YAML')
    .option('--json', 'in JSON cho máy đọc / print JSON for machines')
    .addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'))
    .action(async (file: string, o: ImportOptions) => {
      const result = await read(file, o.lang);
      if (result === undefined) return;
      if (o.out !== undefined) {
        try {
          await writeFile(o.out, draftYaml(result, basename(file)), 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
          return void refuse(o.out, `không ghi được bản nháp (${code})`, `cannot write the draft (${code})`, o.lang);
        }
      }
      if (o.json) {
        const { text: _text, ...rest } = result;
        printJson({ summary: summary(result), ...rest });
        return;
      }
      process.stdout.write(`${formatSummary(result, file, o)}\n`);
    });
}

async function read(file: string, lang: Lang): Promise<ImportResult | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return refuse(file, `"${file}" không phải là một tệp`, `"${file}" is not a file`, lang);
    if (info.size > DOCUMENT_LIMITS.bytes) {
      const mib = DOCUMENT_LIMITS.bytes / (1024 * 1024);
      return refuse(
        file,
        `tệp lớn hơn ${mib} MiB; một kế hoạch chỉ vài trang`,
        `the file is larger than ${mib} MiB; a plan is a few pages`,
        lang,
      );
    }
    return await importDocument(new Uint8Array(await readFile(file)), basename(file));
  } catch (e) {
    if (e instanceof ImportRefusal) return refuse(file, e.vi, e.en, lang);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) return refuse(file, `không đọc được tệp (${code})`, `cannot read the file (${code})`, lang);
    throw e;
  }
}

function refuse(file: string, vi: string, en: string, lang: Lang): undefined {
  process.stderr.write(`${file}: ${say(lang, vi, en)}\n`);
  process.exitCode = 2;
  return undefined;
}

function summary(r: ImportResult): Record<string, number> {
  const plan = r.plan as { units: unknown[]; responsibilities: { tasks: unknown[] }[] };
  return {
    units: plan.units.length,
    responsibilities: plan.responsibilities.length,
    tasks: plan.responsibilities.reduce((n, x) => n + x.tasks.length, 0),
    deadlinesStated: r.tasks.filter((t) => t.deadline === 'stated').length,
    flags: r.flags.length,
    issues: r.issues.length,
  };
}

function formatSummary(r: ImportResult, file: string, o: ImportOptions): string {
  const s = summary(r);
  const lang = o.lang;
  const lines = [
    say(
      lang,
      `Đã đọc ${file} (${r.format}): ${s.units} đơn vị, ${s.responsibilities} nhiệm vụ, ${s.tasks} công việc; ${s.deadlinesStated} thời hạn nêu trong văn bản; ${s.flags} giá trị cần quyết định`,
      `Read ${file} (${r.format}): ${s.units} units, ${s.responsibilities} responsibilities, ${s.tasks} tasks; ${s.deadlinesStated} deadlines stated in the document; ${s.flags} values to decide`,
    ),
  ];
  if (o.out !== undefined) {
    lines.push(
      say(
        lang,
        `Bản nháp: ${o.out} (các giá trị cần quyết định ở mục review:)`,
        `Draft: ${o.out} (the values to decide are under review:)`,
      ),
    );
  }
  if (r.flags.length > 0) {
    lines.push(say(lang, 'Cần quyết định:', 'To decide:'));
    for (const f of r.flags) {
      const where = f.clause !== undefined ? ` [${f.clause}]` : '';
      lines.push(`  ${f.path || '(kế hoạch)'}: ${say(lang, f.reason.vi, f.reason.en)}${where}`);
    }
  }
  if (r.issues.length > 0) {
    lines.push(say(lang, 'Còn thiếu để qua "plan check":', 'Still missing for "plan check":'));
    for (const i of r.issues) lines.push(`  ${i.path}: ${say(lang, i.message.vi, i.message.en)}`);
  } else {
    lines.push(
      say(
        lang,
        'Khi đã quyết định các giá trị trên (và xóa mục review:), bản nháp qua được "kehoach plan check".',
        'Once the values above are decided (and review: removed), the draft passes "kehoach plan check".',
      ),
    );
  }
  return lines.join('\n');
}
