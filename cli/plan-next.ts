/**
 * `kehoach plan next <conference> [--out draft.yaml] [--json] [--lang en]`: next year's draft plan
 * from a conference (intake/next.ts): the dates a year later, the host the unit that received the
 * flag, every moved or guessed value under `review:` as an import's are. Written as YAML to
 * --out (or printed); `plan check` accepts it once the review entries are decided and removed.
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Lang } from '../domain/time';
import { openConferenceRecord } from '../present/record';
import { nextYearDraft } from '../intake/next';
import { draftYaml } from '../intake/yaml';
import { printJson, printLine, say, withClient } from './output';

interface NextOptions {
  out?: string;
  json?: boolean;
  lang: Lang;
}

export function registerNextCommand(plan: Command): void {
  plan
    .command('next')
    .description('Bản nháp kế hoạch năm sau từ một hội nghị / next year’s draft plan from a conference')
    .argument('<conference>', 'mã hội nghị / conference id')
    .option('--out <file>', 'ghi bản nháp YAML vào tệp / write the YAML draft to a file')
    .option('--json', 'in JSON / print JSON')
    .addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'))
    .action(async (conferenceId: string, o: NextOptions) => {
      await withClient(
        { lang: o.lang, ...(o.json ? { json: true } : {}) },
        async (client) => {
          const record = await openConferenceRecord(client, conferenceId);
          const [plan, status] = await Promise.all([record.plan(), record.status()]);
          const handover = status.responsibilities
            .flatMap((r) => r.tasks)
            .find((t) => t.kind === 'signoff' && /cờ luân lưu/iu.test(t.title));
          const draft = nextYearDraft(plan, handover?.signedBy ?? []);
          const yaml = draftYaml({ plan: draft.plan, flags: draft.flags, issues: [], tasks: [] }, conferenceId);
          if (o.out) await writeFile(o.out, yaml, 'utf8');
          if (o.json)
            return printJson({ conferenceId, host: draft.host ?? null, plan: draft.plan, flags: draft.flags });
          if (!o.out) return printLine(yaml);
          printLine(
            say(
              o.lang,
              `Đã ghi bản nháp năm sau vào ${o.out}: ${draft.flags.length} giá trị cần xem lại (mục review:); nơi đăng cai: ${draft.host ?? '—'}.`,
              `Wrote next year's draft to ${o.out}: ${draft.flags.length} values to review (the review: list); host: ${draft.host ?? '—'}.`,
            ),
          );
        },
        { conferenceId },
      );
    });
}
