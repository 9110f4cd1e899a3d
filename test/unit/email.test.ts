/**
 * E-mail's rules without a server: the operator's SMTP settings, the plan's e-mail contacts
 * (language, digest hour), which notices a digest contact gets at once, when digests go and what
 * they list.
 */
import { describe, expect, it } from 'vitest';
import { mailMessageId, mailSettingsFromEnv } from '../../activities/email';
import { mailsNow } from '../../activities/notify';
import { digestHours, DIGEST_SOON_MS, nextDigestAt, unitsDigestedAt } from '../../domain/digest';
import { digestText } from '../../domain/notices';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import { UnitSchema } from '../../domain/plan/schema';
import { validatePlan } from '../../domain/plan/validate';

describe('SMTP settings from the environment', () => {
  it('sends nothing by SMTP without a host (mails go to the log)', () => {
    expect(mailSettingsFromEnv({})).toBeUndefined();
  });

  it('takes host, port, TLS, login and sender, with STARTTLS on 587 and implicit TLS on 465 by default', () => {
    expect(
      mailSettingsFromEnv({
        KEHOACH_SMTP_HOST: 'smtp.dienbien.gov.vn',
        KEHOACH_SMTP_USER: 'kehoach',
        KEHOACH_SMTP_PASS: 'bí mật',
        KEHOACH_MAIL_FROM: 'Phòng Nội vụ <noivu@tuachua.dienbien.gov.vn>',
        KEHOACH_PUBLIC_URL: 'https://kehoach.tuachua.gov.vn',
        KEHOACH_DATA_DIR: '/var/lib/kehoach',
      }),
    ).toEqual({
      host: 'smtp.dienbien.gov.vn',
      port: 587,
      secure: false,
      requireTLS: false,
      auth: { user: 'kehoach', pass: 'bí mật' },
      from: 'Phòng Nội vụ <noivu@tuachua.dienbien.gov.vn>',
      publicUrl: 'https://kehoach.tuachua.gov.vn',
      dataDir: '/var/lib/kehoach',
    });
    const tls = mailSettingsFromEnv({ KEHOACH_SMTP_HOST: 'smtp.x', KEHOACH_SMTP_SECURE: 'true' });
    expect(tls?.port).toBe(465);
    expect(tls?.secure).toBe(true);
    expect(mailSettingsFromEnv({ KEHOACH_SMTP_HOST: 'smtp.x', KEHOACH_SMTP_REQUIRE_TLS: '1' })?.requireTLS).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => mailSettingsFromEnv({ KEHOACH_SMTP_HOST: 'smtp.x', KEHOACH_SMTP_PORT: 'hai lăm' })).toThrow(
      'KEHOACH_SMTP_PORT: a port number from 1 to 65535',
    );
    expect(() => mailSettingsFromEnv({ KEHOACH_SMTP_HOST: 'smtp.x', KEHOACH_SMTP_SECURE: 'có' })).toThrow(
      'KEHOACH_SMTP_SECURE: true or false',
    );
    expect(() => mailSettingsFromEnv({ KEHOACH_SMTP_HOST: 'smtp.x', KEHOACH_SMTP_USER: 'kehoach' })).toThrow(
      /KEHOACH_SMTP_USER and KEHOACH_SMTP_PASS/,
    );
  });
});

describe('Message-ID', () => {
  it('is the same for a notice to an address on every attempt and differs between addresses and notices', () => {
    const id = mailMessageId('conference:c1:reports:k1', 'a', 'a@x.vn', 'Kehoach <kehoach@tuachua.vn>');
    expect(id).toMatch(/^<[0-9a-f]{40}@tuachua\.vn>$/);
    expect(mailMessageId('conference:c1:reports:k1', 'a', 'a@x.vn', 'Kehoach <kehoach@tuachua.vn>')).toBe(id);
    expect(mailMessageId('conference:c1:reports:k1', 'a', 'b@x.vn', 'Kehoach <kehoach@tuachua.vn>')).not.toBe(id);
    expect(mailMessageId('conference:c1:reports:k2', 'a', 'a@x.vn', 'Kehoach <kehoach@tuachua.vn>')).not.toBe(id);
  });
});

describe("the plan's e-mail contacts", () => {
  const unit = { id: 'a', name: 'UBND huyện A', shortName: 'A', kind: 'district' };

  it('accept a language and a digest hour, and keep plans without them valid', async () => {
    const parsed = UnitSchema.parse({
      ...unit,
      contacts: [{ channel: 'email', address: 'a@x.vn', lang: 'en', digestAt: '07:30' }],
    });
    expect(parsed.contacts).toEqual([{ channel: 'email', address: 'a@x.vn', lang: 'en', digestAt: '07:30' }]);
    const seed = await loadPlanFile(SEED_PLAN_PATH);
    expect(seed.ok).toBe(true);
  });

  it('refuse a digest hour that is not HH:MM and an unknown language, naming the field', () => {
    const result = validatePlan({
      version: 1,
      units: [{ ...unit, contacts: [{ channel: 'email', address: 'a@x.vn', digestAt: '7h', lang: 'fr' }] }],
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toContain('units[0].contacts[0].digestAt');
    expect(paths).toContain('units[0].contacts[0].lang');
  });
});

describe('digests', () => {
  const digestContact = { channel: 'email' as const, address: 'a@x.vn', digestAt: '07:00' };
  const plainContact = { channel: 'email' as const, address: 'b@x.vn' };

  it('hold reminders for the digest; escalations, returns and every other notice go at once', () => {
    expect(mailsNow('reminder', digestContact)).toBe(false);
    expect(mailsNow('digest', digestContact)).toBe(true);
    for (const kind of ['overdue', 'returned', 'extensionDecided', 'progressReport'] as const)
      expect(mailsNow(kind, digestContact)).toBe(true);
    expect(mailsNow('reminder', plainContact)).toBe(true);
    expect(mailsNow('digest', plainContact)).toBe(false);
  });

  it('go at the next digest hour in Vietnam time, today or tomorrow', () => {
    // 14/3/2023 08:00 in Vietnam is 01:00 UTC: 07:00 has passed, 17:30 has not.
    expect(nextDigestAt(['07:00'], '2023-03-14T01:00:00.000Z')).toBe('2023-03-15T00:00:00.000Z');
    expect(nextDigestAt(['07:00', '17:30'], '2023-03-14T01:00:00.000Z')).toBe('2023-03-14T10:30:00.000Z');
    expect(nextDigestAt(['07:00'], '2023-03-15T00:00:00.000Z')).toBe('2023-03-16T00:00:00.000Z');
    expect(nextDigestAt([], '2023-03-15T00:00:00.000Z')).toBeUndefined();
    const hours = [
      { unitId: 'a', at: '07:00' },
      { unitId: 'b', at: '17:30' },
    ];
    expect(unitsDigestedAt(hours, '2023-03-15T00:00:00.000Z')).toEqual(['a']);
  });

  it('come from the units whose e-mail contact asks for one', () => {
    const units = [
      { id: 'a', contacts: [{ channel: 'log' as const }, digestContact] },
      { id: 'b', contacts: [plainContact] },
    ];
    expect(digestHours({ units } as never)).toEqual([{ unitId: 'a', at: '07:00' }]);
  });

  it('list the overdue tasks, then those due within two days, and are not sent when there is nothing', () => {
    const at = '2023-03-15T00:00:00.000Z';
    const text = digestText(
      'UBND huyện A',
      at,
      [
        { id: 't1', title: 'Báo cáo tổng kết', due: '2023-03-14T10:00:00.000Z', overdue: true },
        {
          id: 't2',
          title: 'Danh sách đại biểu',
          titleEn: 'Delegate list',
          due: '2023-03-16T10:00:00.000Z',
          overdue: false,
        },
        { id: 't3', title: 'Tham luận', due: '2023-03-25T10:00:00.000Z', overdue: false },
      ],
      DIGEST_SOON_MS,
    );
    expect(text?.vi).toBe(
      [
        'Thư tổng hợp ngày 15 tháng 3 năm 2023 gửi UBND huyện A.',
        'Quá hạn (1):',
        '- Báo cáo tổng kết — hạn 14/03/2023 17:00 (ngày 14 tháng 3 năm 2023)',
        'Sắp đến hạn (1):',
        '- Danh sách đại biểu — hạn 16/03/2023 17:00 (ngày 16 tháng 3 năm 2023)',
      ].join('\n'),
    );
    expect(text?.en).toContain('- Delegate list — due 16/03/2023 17:00');
    expect(
      digestText(
        'UBND huyện A',
        at,
        [{ id: 't3', title: 'Tham luận', due: '2023-03-25T10:00:00.000Z', overdue: false }],
        DIGEST_SOON_MS,
      ),
    ).toBeNull();
  });
});
