/**
 * The `kehoach` command. Each command group registers itself here; usage errors (unknown
 * command, bad option value) exit with code 2, after commander has explained them on stderr.
 */
import { Command, CommanderError } from 'commander';
import { registerAuditorCommands } from './auditor';
import { registerDemoCommand } from './demo';
import { registerLinkCommands } from './links';
import { registerOrganizerCommands } from './organizer';
import { registerPlanCommands } from './plan';
import { registerUnitCommands } from './unit';

const program = new Command('kehoach')
  .description('Kehoach: chạy một kế hoạch như các quy trình bền vững trên Temporal / run a plan as durable workflows')
  .exitOverride();

registerPlanCommands(program);
registerOrganizerCommands(program);
registerUnitCommands(program);
registerAuditorCommands(program);
registerDemoCommand(program);
registerLinkCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
