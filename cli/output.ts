/**
 * What every conference command shares: the language and --json options, one connection to
 * Temporal, and errors turned into one line `<field>: <reason>` with a non-zero exit code (1 for
 * a refusal or an unknown conference, 2 for a bad argument), never a stack trace.
 */
import { Option, type Command } from 'commander';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { connectClient, temporalSettings } from '../client/connection';
import { ErrorType } from '../domain/errors';
import { explainFailure, unknownConference as presentUnknownConference } from '../present/explain-failure';
import type { Lang } from '../domain/time';
import { say } from '../present/words';
import type { Bilingual } from '../domain/bilingual';

export { say };

export interface OutputOptions {
  lang: Lang;
  json?: boolean;
}

/** An error the CLI explains itself: the field it is about and the reason in both languages. */
export class CliError extends Error {
  /** The refusal type, from the one list in domain/errors (KehoachUsage when the CLI itself refuses). */
  type: ErrorType = ErrorType.Usage;

  constructor(
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${en}`, options);
  }

  withType(type: ErrorType): this {
    this.type = type;
    return this;
  }
}

export function addOutputOptions(cmd: Command, json = true): Command {
  cmd.addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'));
  if (json) cmd.option('--json', 'in JSON cho máy đọc / print JSON for machines');
  return cmd;
}

/** Repeatable option collector: `--evidence a --evidence b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/**
 * Runs a command body with a client; closes the connection, and prints any failure as one line.
 * `onRefused` lets a command record a refusal (the CLI's refusal log) before it is printed.
 */
export async function withClient(
  options: OutputOptions,
  body: (client: Client) => Promise<void>,
  context: { conferenceId?: string; onRefused?: (e: CliError, client?: Client) => Promise<void> } = {},
): Promise<void> {
  let client: Client | undefined;
  try {
    try {
      // Operator mode only with the deployment's key at hand: the CLI never makes one to act with.
      client = await connectClient(temporalSettings(), { createKey: false });
    } catch (err) {
      throw new CliError(
        'temporal',
        `không kết nối được Temporal tại ${temporalSettings().address}; hãy chạy "npm start" hoặc đặt TEMPORAL_ADDRESS (chi tiết: --lang en)`,
        `cannot reach Temporal at ${temporalSettings().address} (${oneLine(err)}); run "npm start" or set TEMPORAL_ADDRESS`,
        1,
        { cause: err },
      ).withType(ErrorType.Connection);
    }
    await body(client);
  } catch (err) {
    const e = explain(err, context.conferenceId);
    // A missing conference or an unreachable server is not an attempt on a conference.
    const notAnAttempt: ErrorType[] = [
      ErrorType.UnknownConference,
      ErrorType.Connection,
      ErrorType.Busy,
      ErrorType.Internal,
    ];
    if (context.onRefused && !notAnAttempt.includes(e.type)) {
      await context.onRefused(e, client).catch(() => undefined);
    }
    fail(e, options.lang);
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}

/** Prints a failure as one line on stderr and sets the exit code. */
export function fail(e: CliError, lang: Lang): void {
  process.stderr.write(`${e.field}: ${say(lang, e.vi, e.en)}\n`);
  process.exitCode = e.exitCode;
}

/** Hints the CLI adds to a shared explanation: where to look next, on the command line. */
const CLI_HINT: Partial<Record<ErrorType, Bilingual>> = {
  [ErrorType.UnknownConference]: { vi: ' (xem "kehoach list")', en: ' (see "kehoach list")' },
  [ErrorType.IdInUse]: { vi: ' bằng --id', en: ' with --id' },
};

/** Maps what can go wrong to a CliError: the presenters' explanation (present/explain-failure), else the error's first line. */
export function explain(err: unknown, conferenceId?: string): CliError {
  if (err instanceof CliError) return err;
  const e = explainFailure(err, conferenceId);
  if (e) {
    const hint = CLI_HINT[e.type];
    return new CliError(e.field, e.vi + (hint?.vi ?? ''), e.en + (hint?.en ?? ''), 1, { cause: err }).withType(e.type);
  }
  if (err instanceof WorkflowUpdateFailedError) {
    return new CliError(
      'update',
      'bị từ chối vì một lỗi không mong đợi (chi tiết: --lang en)',
      `refused: ${oneLine(err.cause ?? err)}`,
      1,
    ).withType(ErrorType.Internal);
  }
  // Temporal's own words are English: the Vietnamese line says so rather than mixing languages.
  return new CliError('error', 'lỗi không mong đợi (chi tiết: --lang en)', oneLine(err), 1, { cause: err }).withType(
    ErrorType.Internal,
  );
}

export function unknownConference(conferenceId: string, cause?: unknown): CliError {
  const e = presentUnknownConference(conferenceId);
  const hint = CLI_HINT[e.type];
  return new CliError(e.field, e.vi + (hint?.vi ?? ''), e.en + (hint?.en ?? ''), 1, { cause }).withType(e.type);
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? '';
}

// ---- plain tables ----

export { table, width } from '../present/text-table';
