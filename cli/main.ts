/**
 * The `kehoach` command. Each command group registers itself here; usage errors (unknown
 * command, bad option value) exit with code 2, after commander has explained them on stderr in
 * the reader's language (./usage).
 */
import { Command, CommanderError } from 'commander';
import { registerAuditorCommands } from './auditor';
import { registerDemoCommand } from './demo';
import { registerLinkCommands } from './links';
import { registerOrganizerCommands } from './organizer';
import { registerPlanCommands } from './plan';
import { registerScorecardCommand } from './scorecard';
import { registerUnitCommands } from './unit';
import { langOfArgv, usageMessage } from './usage';

const program = new Command('kehoach')
  .description('Kehoach: chạy một kế hoạch như các quy trình bền vững trên Temporal / run a plan as durable workflows')
  .exitOverride()
  // Set before the commands are added: each copies it, so every usage error speaks the reader's language.
  .configureOutput({ outputError: (text, write) => write(usageMessage(text, langOfArgv(process.argv))) });

registerPlanCommands(program);
registerOrganizerCommands(program);
registerUnitCommands(program);
registerAuditorCommands(program);
registerDemoCommand(program);
registerLinkCommands(program);
registerScorecardCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
