/**
 * Issues an access link from the command line, for the organizer's first link (every later one
 * can be issued from the links page):
 *   tsx web/issue-link.ts <conferenceId> --unit noi-vu --role organizer --by "Nguyễn Thị Lan" [--days 30] [--as noi-vu]
 * Prints the link once; only its hash is kept by the conference.
 */
import { parseArgs } from 'node:util';
import { issueAccessLink } from '../client/access-links';
import { connectClient, temporalSettings } from '../client/connection';
import { LinkRoleSchema } from '../domain/actions';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      role: { type: 'string', default: 'unit' },
      days: { type: 'string', default: '30' },
      by: { type: 'string' },
      as: { type: 'string' },
      url: {
        type: 'string',
        default: process.env.KEHOACH_PUBLIC_URL ?? `http://127.0.0.1:${process.env.KEHOACH_WEB_PORT ?? 3000}`,
      },
    },
  });
  const conferenceId = positionals[0];
  const role = LinkRoleSchema.safeParse(values.role);
  if (!conferenceId || !values.unit || !values.by || !role.success) {
    console.error(
      'usage: tsx web/issue-link.ts <conferenceId> --unit UNIT --role unit|organizer|auditor --by "NAME" [--as ORGANIZER_UNIT] [--days N]',
    );
    process.exit(2);
  }
  const client = await connectClient(temporalSettings());
  try {
    const { link, token } = await issueAccessLink(client, conferenceId, {
      unitId: values.unit,
      role: role.data,
      validDays: Number(values.days),
      // The conference accepts links issued by its organizer unit only.
      actor: { unitId: values.as ?? values.unit, person: values.by },
    });
    console.log(`${values.url}/k/${conferenceId}/${token}`);
    console.error(`link ${link.linkId} for ${link.unitId} (${link.role}), valid until ${link.expiresAt}`);
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message.split('\n')[0] : err);
  process.exit(1);
});
