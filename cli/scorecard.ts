/**
 * `kehoach scorecard [--year] [--cluster] [--csv] [--docx FILE]`: the emulation scorecard (bảng
 * theo dõi thi đua) over every conference stored in Temporal (or histories exported with
 * `temporal workflow show --output json`, `--from-files`), per unit: tasks held, on time, late,
 * overdue, returned, extensions asked and granted; `--docx` writes it as a Nghị định 30/2020
 * table under the header of the newest conference counted. The rules are in present/scorecard.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { conferenceIdOf, readHistoryFiles, type WorkflowHistory } from '../audit';
import { scorecardDocument, toDocx } from '../present/documents';
import {
  buildScorecard,
  conferenceScore,
  formatScorecard,
  matchesFilter,
  parseScoreYear,
  readConferenceScores,
  type ConferenceScore,
} from '../present/scorecard';
import { addOutputOptions, CliError, fail, printJson, printLine, say, withClient, type OutputOptions } from './output';

interface ScorecardOptions extends OutputOptions {
  year?: string;
  cluster?: string;
  csv?: boolean;
  docx?: string;
  fromFiles?: string[];
}

export function registerScorecardCommand(program: Command): void {
  addOutputOptions(
    program
      .command('scorecard')
      .description(
        'Bảng theo dõi thi đua: mỗi đơn vị qua các hội nghị / emulation scorecard: each unit across conferences',
      )
      .option('--year <year>', 'năm của hội nghị / the conferences of this year')
      .option('--cluster <text>', 'cụm thi đua (trong "cơ quan ban hành") / cluster (in the plan issuer)')
      .option('--csv', 'in CSV / print CSV')
      .option('--docx <file>', 'ghi bảng ra tệp .docx (Nghị định 30/2020) / write the table to a .docx file')
      .option('--from-files <paths...>', 'lịch sử đã xuất (temporal workflow show --output json) / exported histories'),
  ).action(async (o: ScorecardOptions) => {
    const year = parseScoreYear(o.year);
    if (typeof year === 'object') return fail(new CliError('year', year.vi, year.en, 2), o.lang);
    const print = async (scores: ConferenceScore[]): Promise<void> => {
      const filter = { year, cluster: o.cluster };
      const rows = buildScorecard(scores, filter);
      if (o.docx) {
        const counted = scores.filter((c) => matchesFilter(c, filter));
        const newest = counted[0];
        if (!newest)
          throw new CliError(
            'docx',
            'không có hội nghị nào khớp: không có gì để ghi',
            'no conference matches: nothing to write',
          );
        const doc = scorecardDocument(rows, {
          plan: newest.plan,
          filter,
          conferences: counted,
          asOf: new Date().toISOString(),
        });
        const path = resolve(o.docx);
        const bytes = await toDocx(doc);
        await writeFile(path, bytes);
        if (o.json) return printJson({ path, bytes: bytes.length, rows });
        return printLine(
          say(o.lang, `Đã ghi ${path} (${bytes.length} byte).`, `Wrote ${path} (${bytes.length} bytes).`),
        );
      }
      if (o.json) printJson(rows);
      else printLine(formatScorecard(rows, o.csv ? 'csv' : 'table', o.lang));
    };
    if (o.fromFiles) {
      let scores: ConferenceScore[];
      try {
        scores = byConference(await readHistoryFiles(o.fromFiles)).map(conferenceScore);
      } catch (err) {
        return fail(
          new CliError(
            'from-files',
            'không đọc được lịch sử đã xuất (cần JSON của "temporal workflow show --output json")',
            `cannot read the exported histories: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
          ),
          o.lang,
        );
      }
      try {
        await print(scores);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        fail(err, o.lang);
      }
      return;
    }
    await withClient(o, async (client) => print(await readConferenceScores(client)));
  });
}

/** Exported histories grouped by the conference each belongs to (read from its input). */
function byConference(histories: readonly WorkflowHistory[]): WorkflowHistory[][] {
  const groups = new Map<string, WorkflowHistory[]>();
  for (const h of histories) {
    const id = conferenceIdOf([h]) ?? '';
    groups.set(id, [...(groups.get(id) ?? []), h]);
  }
  return [...groups.values()];
}
