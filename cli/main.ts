/**
 * The `kehoach` command. Each command group registers itself here; usage errors (unknown
 * command, bad option value) exit with code 2, after commander has explained them on stderr in
 * the reader's language (./usage).
 */
import { Command, CommanderError } from 'commander';
import { refusalDetails } from '../domain/errors';
import { toNfc } from '../domain/actions';
import { registerArchiveCommand } from './archive';
import { registerAuditorCommands } from './auditor';
import { registerDemoCommand } from './demo';
import { registerLinkCommands } from './links';
import { registerLoginCommands } from './login';
import { registerOrganizerCommands } from './organizer';
import { registerPlanCommands } from './plan';
import { registerReportCommand } from './report';
import { registerRulesCommand } from './rules';
import { registerScorecardCommand } from './scorecard';
import { registerUnitCommands } from './unit';
import { langOfArgv, usageMessage } from './usage';

/** The options that carry people's words rather than ids, paths or numbers. */
const TYPED_TEXT = new Set(['by', 'note', 'reason', 'field', 'title', 'titleEn', 'person', 'name']);

const program = new Command('kehoach')
  .description('Kehoach: chạy một kế hoạch như các quy trình bền vững trên Temporal / run a plan as durable workflows')
  .exitOverride()
  // A command's options are its own: `audit export … --lang en` reaches `export`, not `audit`.
  .enablePositionalOptions()
  // Set before the commands are added: each copies it, so every usage error speaks the reader's language.
  .configureOutput({ outputError: (text, write) => write(usageMessage(text, langOfArgv(process.argv))) });

// What people type (names, notes, reasons, field values, titles) is taken in NFC, however their
// keyboard composed it; ids and file paths are left as typed.
program.hook('preAction', (_program, command) => {
  for (const [key, value] of Object.entries(command.opts())) {
    if (TYPED_TEXT.has(key)) command.setOptionValue(key, toNfc(value));
  }
});

registerPlanCommands(program);
registerOrganizerCommands(program);
registerUnitCommands(program);
registerAuditorCommands(program);
registerDemoCommand(program);
registerLinkCommands(program);
registerLoginCommands(program);
registerReportCommand(program);
registerScorecardCommand(program);
registerArchiveCommand(program);
registerRulesCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else {
    // What a command did not answer itself: one sentence, no stack (KEHOACH_DEBUG=1 shows it).
    const lang = langOfArgv(process.argv);
    const refused = refusalDetails(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      refused
        ? `${refused.field}: ${lang === 'vi' ? refused.vi : refused.en}\n`
        : `${lang === 'vi' ? 'Lỗi' : 'Error'}: ${message}\n`,
    );
    if (process.env.KEHOACH_DEBUG === '1') console.error(error);
    process.exitCode = 1;
  }
}
