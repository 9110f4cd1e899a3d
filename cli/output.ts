/**
 * What every conference command shares: the language and --json options, one connection to
 * Temporal, and errors turned into one line `<field>: <reason>` with a non-zero exit code (1 for
 * a refusal or an unknown conference, 2 for a bad argument), never a stack trace.
 */
import { Option, type Command } from 'commander';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { connectClient, temporalSettings } from '../client/connection';
import { refusalDetails } from '../domain/errors';
import type { Lang } from '../domain/time';
import { say } from '../present/words';

export { say };

export interface OutputOptions {
  lang: Lang;
  json?: boolean;
}

/** An error the CLI explains itself: the field it is about and the reason in both languages. */
export class CliError extends Error {
  /** The refusal type (KehoachWrongUnit, …) when the engine refused; `cli` when the CLI did. */
  type = 'cli';

  constructor(
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${en}`, options);
  }

  withType(type: string): this {
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
  context: { conferenceId?: string; onRefused?: (e: CliError) => Promise<void> } = {},
): Promise<void> {
  let client: Client | undefined;
  try {
    try {
      client = await connectClient(temporalSettings());
    } catch (err) {
      throw new CliError(
        'temporal',
        `không kết nối được Temporal tại ${temporalSettings().address} (${oneLine(err)}); hãy chạy "npm start" hoặc đặt TEMPORAL_ADDRESS`,
        `cannot reach Temporal at ${temporalSettings().address} (${oneLine(err)}); run "npm start" or set TEMPORAL_ADDRESS`,
        1,
        { cause: err },
      ).withType('connection');
    }
    await body(client);
  } catch (err) {
    const e = explain(err, context.conferenceId);
    // A missing conference or an unreachable server is not an attempt on a conference.
    if (context.onRefused && e.type !== 'unknownConference' && e.type !== 'connection' && e.type !== 'error') {
      await context.onRefused(e).catch(() => undefined);
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

/** Maps what can go wrong to a CliError: refusals, unknown conference, id in use, anything else. */
export function explain(err: unknown, conferenceId?: string): CliError {
  if (err instanceof CliError) return err;
  const refused = refusalDetails(err);
  if (refused) {
    return new CliError(refused.field, stripEnds(refused.vi), stripEnds(refused.en), 1, { cause: err }).withType(
      refused.type,
    );
  }
  if (err instanceof WorkflowNotFoundError && /already completed/i.test(err.message)) {
    // Updates reach only running workflows; a finished or cancelled conference takes no more.
    return new CliError(
      'conference',
      `hội nghị "${conferenceId ?? '?'}" đã kết thúc (hoàn thành hoặc bị hủy)`,
      `conference "${conferenceId ?? '?'}" is closed (completed or cancelled)`,
      1,
      { cause: err },
    ).withType('KehoachConferenceClosed');
  }
  if (err instanceof WorkflowNotFoundError || isNotFound(err)) return unknownConference(conferenceId ?? '?', err);
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new CliError(
      'id',
      `mã hội nghị "${conferenceId ?? err.workflowId}" đã được dùng (WorkflowExecutionAlreadyStartedError); chọn mã khác bằng --id`,
      `conference id "${conferenceId ?? err.workflowId}" is already in use (WorkflowExecutionAlreadyStartedError); choose another with --id`,
      1,
      { cause: err },
    );
  }
  if (err instanceof WorkflowUpdateFailedError) {
    return new CliError(
      'update',
      `bị từ chối: ${oneLine(err.cause ?? err)}`,
      `refused: ${oneLine(err.cause ?? err)}`,
      1,
    );
  }
  return new CliError('error', oneLine(err), oneLine(err), 1, { cause: err }).withType('error');
}

export function unknownConference(conferenceId: string, cause?: unknown): CliError {
  return new CliError(
    'conference',
    `không có hội nghị "${conferenceId}" (xem "kehoach list")`,
    `no conference "${conferenceId}" (see "kehoach list")`,
    1,
    { cause },
  ).withType('unknownConference');
}

function isNotFound(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; cur && i < 4; i++) {
    if ((cur as { code?: unknown }).code === 5 || /not ?found/i.test((cur as { message?: string }).message ?? '')) {
      return (cur as { name?: string }).name !== 'ApplicationFailure';
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? '';
}

function stripEnds(s: string): string {
  return s.replace(/\.$/, '');
}

// ---- plain tables ----

export { table, width } from '../present/text-table';
