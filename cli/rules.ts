/**
 * `kehoach rules`: for operators, how many open conferences run under each rules baseline, and
 * which ones still hold an older baseline's branches in the code (docs/rules-baseline.md). An
 * older baseline's `patched()` branches may be deleted once this shows no conference under it.
 */
import type { Command } from 'commander';
import { openConferencesByRules, type BaselineCensus } from '../client/rules-census';
import { RULES_BASELINE } from '../domain/run-rules';
import type { Lang } from '../domain/time';
import { addOutputOptions, printJson, printLine, say, table, withClient, type OutputOptions } from './output';

/** How many ids of an older baseline's conferences the table shows; `--json` gives them all. */
const SHOWN_IDS = 10;

export function registerRulesCommand(program: Command): void {
  addOutputOptions(
    program
      .command('rules')
      .description(
        'Số hội nghị đang chạy theo từng mốc quy tắc / open conferences per rules baseline (before deleting old branches)',
      ),
  ).action(rulesCommand);
}

async function rulesCommand(o: OutputOptions): Promise<void> {
  await withClient(o, async (client) => {
    const census = await openConferencesByRules(client);
    if (o.json) return printJson({ baseline: RULES_BASELINE, baselines: census });
    printLine(censusText(census, o.lang));
  });
}

/** The census as a table, then what it means for the branches of the baselines before today's. */
export function censusText(census: readonly BaselineCensus[], lang: Lang): string {
  const older = census.filter((c) => c.rules < RULES_BASELINE);
  const rows = census.map((c) => [
    c.rules === 0 ? say(lang, '0 (trước khi có mốc)', '0 (before any baseline)') : String(c.rules),
    String(c.open),
    c.rules < RULES_BASELINE ? shownIds(c.conferences, lang) : '',
  ]);
  const lines = [
    census.length === 0
      ? say(lang, 'Không có hội nghị nào đang chạy.', 'No conference is running.')
      : table(
          [
            say(lang, 'Mốc quy tắc', 'Rules baseline'),
            say(lang, 'Đang chạy', 'Open'),
            say(lang, 'Hội nghị', 'Conferences'),
          ],
          rows,
        ),
    older.length === 0
      ? say(
          lang,
          `Không hội nghị nào chạy theo mốc cũ hơn ${RULES_BASELINE}: các nhánh patched() của mốc cũ có thể xóa (lịch sử của chúng chỉ còn để giải mã khi kiểm tra).`,
          `No open conference runs under a baseline older than ${RULES_BASELINE}: the older baselines' patched() branches may be deleted (their histories kept only for the audit's decoding).`,
        )
      : olderText(
          older.reduce((n, c) => n + c.open, 0),
          lang,
        ),
  ];
  return lines.join('\n');
}

function olderText(open: number, lang: Lang): string {
  return say(
    lang,
    `${open} hội nghị còn chạy theo mốc cũ hơn ${RULES_BASELINE}: giữ các nhánh patched() của các mốc cũ đến khi các hội nghị đó kết thúc.`,
    `${open} open conference${open === 1 ? ' still runs' : 's still run'} under a baseline older than ${RULES_BASELINE}: keep the older baselines' patched() branches until ${open === 1 ? 'it ends' : 'they end'}.`,
  );
}

function shownIds(ids: readonly string[], lang: Lang): string {
  const more = ids.length - SHOWN_IDS;
  return (
    ids.slice(0, SHOWN_IDS).join(' ') + (more > 0 ? say(lang, ` và ${more} hội nghị khác`, ` and ${more} more`) : '')
  );
}
