/**
 * Who acts (`--as <unit> --by "<name>"`), and the record of a refused attempt in the CLI's
 * refusal log: an Update refused by its validator leaves no history, so the CLI keeps it.
 */
import type { Command } from 'commander';
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

/** A callback that appends a refusal of this request to the log. */
export function logRefusal(request: {
  conferenceId: string;
  taskId: string | null;
  action: string;
  actor: Actor;
  requestId: string | null;
}): (e: CliError) => Promise<void> {
  return async (e) => {
    await appendToLog(
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
    );
  };
}
