/**
 * `kehoach scorecard [--year] [--cluster] [--csv]`: the emulation scorecard (bảng theo dõi thi
 * đua) over every conference stored in Temporal (or histories exported with `temporal workflow
 * show --output json`, `--from-files`), per unit: tasks held, on time, late, overdue, returned,
 * extensions asked and granted. The rules are in present/scorecard.
 */
import type { Command } from 'commander';
import { conferenceIdOf, fetchConferenceHistories, readHistoryFiles, type WorkflowHistory } from '../audit';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { buildScorecard, conferenceScore, formatScorecard, type ConferenceScore } from '../present/scorecard';
import { addOutputOptions, CliError, fail, printJson, printLine, withClient, type OutputOptions } from './output';

interface ScorecardOptions extends OutputOptions {
  year?: string;
  cluster?: string;
  csv?: boolean;
  fromFiles?: string[];
}

/** At most this many conferences are read from the server (each is a few histories). */
const MAX_CONFERENCES = 500;

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
      .option('--from-files <paths...>', 'lịch sử đã xuất (temporal workflow show --output json) / exported histories'),
  ).action(async (o: ScorecardOptions) => {
    const year = o.year === undefined ? undefined : Number(o.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
      return fail(
        new CliError('year', `"${o.year}" không phải một năm (vd. 2023)`, `"${o.year}" is not a year (e.g. 2023)`, 2),
        o.lang,
      );
    }
    const print = (scores: ConferenceScore[]): void => {
      const rows = buildScorecard(scores, { year, cluster: o.cluster });
      if (o.json) printJson(rows);
      else printLine(formatScorecard(rows, o.csv ? 'csv' : 'table', o.lang));
    };
    if (o.fromFiles) {
      try {
        print(byConference(await readHistoryFiles(o.fromFiles)).map(conferenceScore));
      } catch (err) {
        fail(
          new CliError(
            'from-files',
            'không đọc được lịch sử đã xuất (cần JSON của "temporal workflow show --output json")',
            `cannot read the exported histories: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
          ),
          o.lang,
        );
      }
      return;
    }
    await withClient(o, async (client) => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowType = "${WORKFLOW_TYPE.conference}"` })) {
        ids.push(w.workflowId.replace(/^conference:/, ''));
        if (ids.length >= MAX_CONFERENCES) break;
      }
      const scores: ConferenceScore[] = [];
      for (const id of ids) scores.push(conferenceScore(await fetchConferenceHistories(client, id)));
      print(scores);
    });
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
