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

export function actorOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--as <unit>', 'mã đơn vị thực hiện / acting unit id')
    .requiredOption('--by <name>', 'họ tên người thực hiện / name of the person acting');
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
