/**
 * `kehoach login <link>` / `kehoach logout [conference]`: a unit or the organizer signs in with
 * the access link they were given; the CLI then acts through the web's HTTP API with it (./http),
 * and the web, which checked the link, signs the claim the workflow verifies.
 */
import type { Command } from 'commander';
import { credentialsPath, parseLinkUrl, removeCredential, saveCredential } from './credentials';
import { webRequest } from './http';
import { addOutputOptions, CliError, fail, printJson, printLine, say, type OutputOptions } from './output';

export function registerLoginCommands(program: Command): void {
  addOutputOptions(
    program
      .command('login')
      .description(
        'Đăng nhập bằng đường liên kết được cấp (lưu trong thư mục cấu hình) / sign in with your access link (kept in your config folder)',
      )
      .argument(
        '<link>',
        'đường liên kết, ví dụ https://…/k/<hội nghị>/<mã> / the link, e.g. https://…/k/<conference>/<token>',
      ),
  ).action(async (text: string, o: OutputOptions) => {
    const credential = parseLinkUrl(text);
    if (!credential)
      return fail(
        new CliError(
          'link',
          'không phải đường liên kết truy cập (dạng https://…/k/<hội nghị>/<mã>)',
          'not an access link (https://…/k/<conference>/<token>)',
          2,
        ),
        o.lang,
      );
    try {
      const me = (await webRequest(credential, 'GET', '/me')) as { unitId: string; role: string; expiresAt: string };
      const path = saveCredential(credential);
      if (o.json) return printJson({ conferenceId: credential.conferenceId, ...me, saved: path });
      printLine(
        say(
          o.lang,
          `Đã đăng nhập hội nghị ${credential.conferenceId} với tư cách ${me.unitId} (${me.role}); liên kết lưu tại ${path}.`,
          `Signed in to conference ${credential.conferenceId} as ${me.unitId} (${me.role}); the link is kept in ${path}.`,
        ),
      );
    } catch (e) {
      fail(e as CliError, o.lang);
    }
  });

  addOutputOptions(
    program
      .command('logout')
      .description('Quên đường liên kết đã lưu / forget a saved link')
      .argument('[conference]', 'mã hội nghị (bỏ trống: tất cả) / conference id (none: all)'),
  ).action((conferenceId: string | undefined, o: OutputOptions) => {
    const removed = removeCredential(conferenceId);
    printLine(
      say(
        o.lang,
        `Đã xóa ${removed} liên kết khỏi ${credentialsPath()}.`,
        `Removed ${removed} link(s) from ${credentialsPath()}.`,
      ),
    );
  });
}
