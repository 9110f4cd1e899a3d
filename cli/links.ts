/**
 * `kehoach link issue|revoke|list`: the organizer's access links for the web. The secret is
 * printed once and never stored; the conference keeps its hash, who issued it, and revocations.
 */
import { Option, type Command } from 'commander';
import { issueAccessLink, listAccessLinks, revokeAccessLink } from '../client/access-links';
import { LinkRoleSchema } from '../domain/actions';
import { formatShortLocal } from '../domain/time';
import { roleText } from '../present/words';
import { readEngineFile } from '../client/engine-file';
import { addOutputOptions, printJson, printLine, say, table, withClient, type OutputOptions } from './output';

interface ActorOptions extends OutputOptions {
  as: string;
  by: string;
}

/** The web's address for links: KEHOACH_PUBLIC_URL, else the running engine's web, else its port. */
export const defaultWebUrl = (): string =>
  process.env.KEHOACH_PUBLIC_URL ?? readEngineFile()?.web ?? `http://127.0.0.1:${process.env.KEHOACH_WEB_PORT ?? 3000}`;

export function registerLinkCommands(program: Command): void {
  const link = program.command('link').description('Liên kết truy cập web cho các đơn vị / web access links for units');

  addOutputOptions(
    link
      .command('issue')
      .description('Cấp liên kết cho một đơn vị (in ra một lần) / issue a link to a unit (printed once)')
      .argument('<conference>', 'mã hội nghị / conference id')
      .requiredOption('--unit <unit>', 'đơn vị nhận liên kết / unit the link is for')
      .addOption(new Option('--role <role>', 'quyền / role').choices(LinkRoleSchema.options).default('unit'))
      .option('--days <n>', 'số ngày hiệu lực / days valid', '30')
      .option('--url <base>', 'địa chỉ web các đơn vị truy cập / web address units reach', defaultWebUrl())
      .requiredOption('--as <unit>', 'đơn vị tổ chức cấp liên kết / organizer unit issuing it')
      .requiredOption('--by <name>', 'người cấp / person issuing it'),
  ).action(
    async (
      conferenceId: string,
      o: ActorOptions & { unit: string; role: 'unit' | 'organizer' | 'auditor'; days: string; url: string },
    ) => {
      await withClient(
        o,
        async (client) => {
          const { link: issued, token } = await issueAccessLink(client, conferenceId, {
            unitId: o.unit,
            role: o.role,
            validDays: Number(o.days),
            actor: { unitId: o.as, person: o.by },
          });
          const url = `${o.url.replace(/\/$/, '')}/k/${conferenceId}/${token}`;
          if (o.json) return printJson({ url, link: issued });
          printLine(url);
          process.stderr.write(
            `${say(o.lang, `Liên kết ${issued.linkId} cho ${issued.unitId} (${roleText(issued.role, 'vi')}), hiệu lực đến ${formatShortLocal(issued.expiresAt)}. Chỉ in một lần.`, `Link ${issued.linkId} for ${issued.unitId} (${roleText(issued.role, 'en')}), valid until ${formatShortLocal(issued.expiresAt)}. Printed once.`)}\n`,
          );
        },
        { conferenceId },
      );
    },
  );

  addOutputOptions(
    link
      .command('revoke')
      .description('Thu hồi một liên kết / revoke a link')
      .argument('<conference>', 'mã hội nghị / conference id')
      .argument('<linkId>', 'mã liên kết / link id')
      .requiredOption('--as <unit>', 'đơn vị tổ chức / organizer unit')
      .requiredOption('--by <name>', 'người thu hồi / person revoking it'),
  ).action(async (conferenceId: string, linkId: string, o: ActorOptions) => {
    await withClient(
      o,
      async (client) => {
        const revoked = await revokeAccessLink(client, conferenceId, linkId, { unitId: o.as, person: o.by });
        if (o.json) return printJson(revoked);
        printLine(
          say(
            o.lang,
            `Đã thu hồi liên kết ${revoked.linkId} của ${revoked.unitId}.`,
            `Revoked link ${revoked.linkId} of ${revoked.unitId}.`,
          ),
        );
      },
      { conferenceId },
    );
  });

  addOutputOptions(
    link
      .command('list')
      .description('Các liên kết đã cấp (không có mã bí mật) / links issued (no secrets)')
      .argument('<conference>', 'mã hội nghị / conference id'),
  ).action(async (conferenceId: string, o: OutputOptions) => {
    await withClient(
      o,
      async (client) => {
        const links = await listAccessLinks(client, conferenceId);
        if (o.json) return printJson(links.map(({ tokenHash: _hash, ...rest }) => rest));
        const now = Date.now();
        printLine(
          table(
            say(o.lang, 'Mã|Đơn vị|Quyền|Hết hạn|Trạng thái|Người cấp', 'Id|Unit|Role|Expires|State|Issued by').split(
              '|',
            ),
            links.map((l) => [
              l.linkId,
              l.unitId,
              roleText(l.role, o.lang),
              formatShortLocal(l.expiresAt),
              l.revokedAt
                ? say(o.lang, 'đã thu hồi', 'revoked')
                : Date.parse(l.expiresAt) <= now
                  ? say(o.lang, 'hết hạn', 'expired')
                  : say(o.lang, 'còn hiệu lực', 'valid'),
              l.issuedBy.person,
            ]),
          ),
        );
      },
      { conferenceId },
    );
  });
}
