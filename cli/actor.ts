/**
 * Who acts (`--as <unit> --by "<name>"`), and the record of a refused attempt in the conference's
 * refusal log (client/refusal-log.ts): an Update refused by its validator leaves no history, so
 * the CLI records it there (in the local file only when Temporal is out of reach).
 */
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { connectClient, temporalSettings } from '../client/connection';
import { logRefusal as appendToLog } from '../client/refusal-log';
import type { Actor } from '../domain/actions';
import type { CliError } from './output';

export interface ActorOptions {
  as: string;
  by: string;
}

/**
 * `--as` is operator mode: it needs the deployment's signing key. Commands a unit can run through
 * the web with its link (`kehoach login`, `--token`) take `--as` as optional (`withLink`).
 */
export function actorOptions(cmd: Command, withLink = false): Command {
  const as =
    'mã đơn vị thực hiện (chế độ vận hành, cần khóa ký) / acting unit id (operator mode, needs the signing key)';
  return (withLink ? cmd.option('--as <unit>', as) : cmd.requiredOption('--as <unit>', as)).requiredOption(
    '--by <name>',
    'họ tên người thực hiện / name of the person acting',
  );
}

export function parseActor(o: ActorOptions): Actor {
  return { unitId: o.as, person: o.by };
}

/** How long a refusal made before any connection waits to reach Temporal before going to the local file. */
const CONNECT_TIMEOUT = '3s';

/** A client for recording a refusal made before the command connected; undefined when Temporal is out of reach. */
async function refusalClient(): Promise<Client | undefined> {
  const settings = temporalSettings();
  // No signer: a refusal log entry carries no claim (docs/identity.md).
  // Connection.connect takes a connect timeout; envconfig's options type does not name it.
  const options = { ...settings.options, connectTimeout: CONNECT_TIMEOUT } as typeof settings.options;
  return connectClient({ ...settings, options }, { signer: null }).catch(() => undefined);
}

/**
 * A callback that records a refusal of this request in the conference's refusal log, with the
 * command's client when it has one (else a connection of its own, closed after).
 */
export function logRefusal(request: {
  conferenceId: string;
  taskId: string | null;
  action: string;
  actor: Actor;
  requestId: string | null;
}): (e: CliError, client?: Client) => Promise<void> {
  return async (e, client) => {
    const own = client ? undefined : await refusalClient();
    await appendToLog(
      client ?? own,
      {
        conferenceId: request.conferenceId,
        taskId: request.taskId,
        action: request.action,
        unit: request.actor.unitId,
        person: request.actor.person,
        requestId: request.requestId,
      },
      e,
      'cli',
    ).finally(() => own?.connection.close().catch(() => undefined));
  };
}
