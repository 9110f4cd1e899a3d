/**
 * Each extraction rule of the importer on small Vietnamese snippets: deadlines (a date, a date
 * with a time, relative to the event, none), kinds from verbs, duties and lead-ins, units,
 * the event (length, window, delegates), the header and signature, and a whole small plan
 * whose unstated values are flagged and whose remaining problems are named by path.
 */
import { describe, expect, it } from 'vitest';
import type { DueRule } from '../../domain/plan/schema';
import { validatePlan } from '../../domain/plan/validate';
import { readConference } from '../../intake/conference';
import { readDeadline } from '../../intake/deadlines';
import { draftFromText } from '../../intake/draft';
import { approverMention, guessKind } from '../../intake/kinds';
import { readMeta } from '../../intake/meta';
import { outline } from '../../intake/outline';
import { duties } from '../../intake/sentences';
import { UnitBook } from '../../intake/units';

const proposal: DueRule = { type: 'conference', day: -3, time: '17:00' };
const ctx = { year: 2023, time: '17:00', proposal };

describe('deadlines', () => {
  it('reads a date: "trước ngày 20/3/2023" is before that day begins', () => {
    expect(readDeadline('gửi về Phòng Nội vụ trước ngày 20/3/2023.', ctx)).toEqual({
      rule: { type: 'absolute', at: '2023-03-20T00:00' },
      words: 'trước ngày 20/3/2023',
      open: [],
    });
  });

  it('reads a date with a time: "trước 17 giờ 00 ngày 15/3/2023"', () => {
    const r = readDeadline('Nộp danh sách đại biểu trước 17 giờ 00 ngày 15/3/2023', ctx);
    expect(r.rule).toEqual({ type: 'absolute', at: '2023-03-15T17:00' });
    expect(r.open).toEqual([]);
    expect(readDeadline('gửi trước 8h30 ngày 02/4/2023', ctx).rule).toEqual({
      type: 'absolute',
      at: '2023-04-02T08:30',
    });
  });

  it('reads "chậm nhất ngày 15 tháng 3 năm 2023" as the end of that day', () => {
    expect(readDeadline('chậm nhất ngày 15 tháng 3 năm 2023', ctx).rule).toEqual({
      type: 'absolute',
      at: '2023-03-16T00:00',
    });
  });

  it("takes a missing year from the document's date (the next year's for an earlier month), flagged only when the document has none", () => {
    const r = readDeadline('gửi báo cáo trước ngày 20/3', ctx);
    expect(r.rule).toEqual({ type: 'absolute', at: '2023-03-20T00:00' });
    expect(r.open).toEqual([]);
    expect(readDeadline('gửi báo cáo trước ngày 10/01', { ...ctx, month: 12 }).rule).toEqual({
      type: 'absolute',
      at: '2024-01-10T00:00',
    });
    expect(readDeadline('gửi báo cáo trước ngày 20/3', { ...ctx, year: undefined }).open).toEqual(['year']);
  });

  it("reads a deadline relative to the event, due at the office's close (17:00) of that day", () => {
    expect(readDeadline('gửi danh sách trước ngày tổ chức Hội nghị 03 ngày', ctx)).toEqual({
      rule: { type: 'conference', day: -3, time: '17:00' },
      words: 'trước ngày tổ chức Hội nghị 03 ngày',
      open: [],
    });
    expect(readDeadline('trong vòng 05 ngày làm việc trước Hội nghị', ctx).rule).toEqual({
      type: 'conference',
      day: -5,
      time: '17:00',
      workingDays: true,
    });
  });

  it('reads "sau Hội nghị": with a number of days, or with the span open', () => {
    expect(readDeadline('quyết toán trong vòng 30 ngày sau khi kết thúc Hội nghị', ctx)).toMatchObject({
      rule: { type: 'afterConference', after: '30d' },
      open: [],
    });
    expect(readDeadline('Quyết toán kinh phí sau Hội nghị', ctx)).toMatchObject({
      rule: { type: 'afterConference' },
      words: 'sau Hội nghị',
      open: ['span'],
    });
  });

  it('reads no deadline where none is written, and gives the proposal with the whole rule open', () => {
    expect(readDeadline('Chuẩn bị tham luận tại Hội nghị tổng kết', ctx)).toEqual({
      rule: proposal,
      open: ['deadline'],
    });
    expect(readDeadline('Đảm bảo an ninh trật tự trước, trong và sau Hội nghị', ctx).open).toEqual(['deadline']);
    expect(readDeadline('gửi trước ngày 31/2/2023', ctx).open).toEqual(['deadline']);
  });
});

describe('kinds from verbs', () => {
  it.each([
    ['Gửi báo cáo về Phòng Nội vụ', 'submission'],
    ['Nộp danh sách đại biểu', 'submission'],
    ['Xây dựng dự toán gửi Phòng Tài chính - Kế hoạch huyện thẩm định', 'approval'],
    ['Trình Chủ tịch UBND huyện phê duyệt chương trình', 'approval'],
    ['Ký kết giao ước thi đua năm 2023', 'signoff'],
    ['Chuẩn bị nội dung phát động phong trào thi đua và ký kết giao ước thi đua', 'once'],
    ['Đảm bảo cung cấp điện ổn định trước, trong và sau Hội nghị', 'phased'],
    ['Chuẩn bị Hội trường, trang trí khánh tiết', 'once'],
  ])('"%s" → %s', (text, kind) => {
    expect(guessKind(text).kind).toBe(kind);
  });

  it('names the approver: "gửi X thẩm định", and the speaker of a speech', () => {
    expect(approverMention('Xây dựng dự toán gửi Phòng Tài chính - Kế hoạch huyện thẩm định')).toBe(
      'Phòng Tài chính - Kế hoạch huyện',
    );
    expect(approverMention('Chuẩn bị bài phát biểu khai mạc Hội nghị của lãnh đạo UBND huyện')).toBe(
      'lãnh đạo UBND huyện',
    );
  });
});

describe('duties and lead-ins', () => {
  it('takes off "Chủ trì, phối hợp với …" and cuts before a verb that starts a new duty', () => {
    const d = duties(
      'Chủ trì, phối hợp với Phòng Văn hóa huyện xây dựng chương trình Hội nghị; Chuẩn bị dự thảo báo cáo tổng kết năm 2022, in ấn và cấp phát tài liệu cho đại biểu.',
    );
    expect(d.leadIn).toEqual({ leads: true, support: ['Phòng Văn hóa huyện'] });
    expect(d.duties.map((x) => x.text)).toEqual([
      'Xây dựng chương trình Hội nghị',
      'Chuẩn bị dự thảo báo cáo tổng kết năm 2022',
      'In ấn và cấp phát tài liệu cho đại biểu',
    ]);
  });

  it('gives "đón tiếp và bố trí chỗ ăn, nghỉ cho đại biểu" to the same people as two duties', () => {
    expect(duties('Đón tiếp và bố trí chỗ ăn, nghỉ cho đại biểu về dự Hội nghị.').duties.map((x) => x.text)).toEqual([
      'Đón tiếp đại biểu về dự Hội nghị',
      'Bố trí chỗ ăn, nghỉ cho đại biểu về dự Hội nghị',
    ]);
  });

  it('keeps a list of verbs as one duty ("Theo dõi, kiểm tra, đôn đốc …")', () => {
    expect(duties('Theo dõi, kiểm tra, đôn đốc việc thực hiện Kế hoạch.').duties.map((x) => x.text)).toEqual([
      'Theo dõi, kiểm tra, đôn đốc việc thực hiện Kế hoạch',
    ]);
  });
});

describe('units', () => {
  it('completes "… huyện" with the host, reads groups and kinds, and finds mentions', () => {
    const book = new UnitBook();
    book.fromHeading('UBND huyện Tủa Chùa (Đơn vị Cụm trưởng năm 2022)', 'III.1', '');
    const [noiVu] = book.fromHeading('Phòng Nội vụ huyện', 'III.1.1', '');
    const group = book.fromHeading('UBND các huyện Mường Chà, Nậm Pồ và Điện Biên Đông', 'III.2', '');
    book.fromHeading('Các đồng chí là Thành viên Hội đồng Thi đua, khen thưởng huyện', 'III.1.7', '');
    book.fromHeading('Điện lực Tủa Chùa', 'III.1.6', '');
    expect(noiVu).toMatchObject({ id: 'noi-vu', name: 'Phòng Nội vụ huyện Tủa Chùa', kind: 'office' });
    expect(group.map((u) => [u.name, u.shortName, u.kind])).toEqual([
      ['UBND huyện Mường Chà', 'Mường Chà', 'district'],
      ['UBND huyện Nậm Pồ', 'Nậm Pồ', 'district'],
      ['UBND huyện Điện Biên Đông', 'Điện Biên Đông', 'district'],
    ]);
    expect(book.units.map((u) => [u.name, u.kind]).slice(-2)).toEqual([
      ['Hội đồng Thi đua, khen thưởng huyện Tủa Chùa', 'council'],
      ['Điện lực Tủa Chùa', 'company'],
    ]);
    expect(book.mention('Phòng Nội vụ', 'x', '')?.id).toBe('noi-vu');
    expect(book.mention('các đơn vị có liên quan', 'x', '')).toBeUndefined();
    expect(book.mention('lãnh đạo UBND huyện', 'x', '')).toMatchObject({
      name: 'Lãnh đạo UBND huyện Tủa Chùa',
      kind: 'leader',
    });
    expect(book.heads.get(2022)?.id).toBe('tua-chua');
  });
});

describe('the event', () => {
  const blocks = outline(
    [
      'KẾ HOẠCH',
      'Tổ chức Hội nghị sơ kết công tác năm 2023 tại huyện Mường Chà',
      'I. MỤC ĐÍCH',
      'II. THỜI GIAN, ĐỊA ĐIỂM',
      '1. Thời gian: 01 buổi, dự kiến tổ chức vào giữa tháng 6 (thời gian cụ thể có giấy mời sau).',
      '2. Địa điểm: Hội trường UBND huyện Mường Chà.',
      '3. Thành phần tham dự (Dự kiến 60 đại biểu, trong đó đại biểu tỉnh: 10 người; đại biểu huyện: 50 người)',
    ].join('\n\n'),
  ).blocks;

  it('reads the length, the window, the venue and the delegates', () => {
    const c = readConference(blocks, 'Kế hoạch tổ chức Hội nghị sơ kết công tác năm 2023 tại huyện Mường Chà', 2023);
    expect(c.title).toBe('Hội nghị sơ kết công tác năm 2023');
    expect(c.kind).toBe('Hội nghị sơ kết');
    expect(c.length?.span).toBe('4h');
    expect(c.window).toMatchObject({ from: '2023-06-11', to: '2023-06-20' });
    expect(c.invitationLater).toBe(true);
    expect(c.venue?.text).toBe('Hội trường UBND huyện Mường Chà');
    expect(c.delegates).toMatchObject({
      total: 60,
      groups: [
        { label: 'Đại biểu tỉnh', count: 10 },
        { label: 'Đại biểu huyện', count: 50 },
      ],
    });
  });

  it('reads "dự kiến ngày 25/3/2023" as a tentative date', () => {
    const one = outline('I. A\n\nII. B\n\n1. Thời gian: ½ ngày, dự kiến ngày 25/3/2023.').blocks;
    expect(readConference(one, undefined, 2023).date).toMatchObject({ date: '2023-03-25', tentative: true });
  });
});

describe('layout, header and signature', () => {
  it('joins lines broken mid-sentence (blank lines between) and numbers items ¶n under their heading', () => {
    const o = outline(
      'Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003;\n\nI. MỤC ĐÍCH\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1.1. Phòng Nội vụ huyện\n\n- Xây dựng chương trình\n\ntổ chức hội nghị.\n\n- Theo dõi, đôn đốc.\n',
    );
    expect(o.legalBases).toEqual(['Luật Thi đua, khen thưởng ngày 26/11/2003']);
    expect(o.blocks.map((b) => [b.clause, b.text])).toEqual([
      ['I', 'MỤC ĐÍCH'],
      ['III', 'TỔ CHỨC THỰC HIỆN'],
      ['III.1.1', 'Phòng Nội vụ huyện'],
      ['III.1.1 ¶1', 'Xây dựng chương trình tổ chức hội nghị.'],
      ['III.1.1 ¶2', 'Theo dõi, đôn đốc.'],
    ]);
  });

  it('reads the number, place, date, title, issuer, recipients and signer', () => {
    const m = readMeta(
      [
        'UBND TỈNH ĐIỆN BIÊN',
        'CỤM THI ĐUA HUYỆN VÙNG CAO',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Số: 12/KH-CTĐHVC Mường Chà, ngày 05 tháng 3 năm 2024',
        'KẾ HOẠCH',
        'Tổ chức Hội nghị tổng kết năm 2023',
      ],
      [
        'Nơi nhận:',
        '- Ban TĐKT tỉnh; (B/c)',
        '- Lưu: VT.',
        'TM. CỤM THI ĐUA',
        'CHỦ TỊCH UBND HUYỆN MƯỜNG CHÀ',
        'Nguyễn Văn An',
      ],
    );
    expect(m).toMatchObject({
      number: '12/KH-CTĐHVC',
      numberBlank: false,
      place: 'Mường Chà',
      dateText: 'ngày 05 tháng 3 năm 2024',
      year: 2024,
      title: 'Kế hoạch tổ chức Hội nghị tổng kết năm 2023',
      issuer: 'Cụm thi đua huyện vùng cao (UBND tỉnh Điện Biên)',
      recipients: ['Ban TĐKT tỉnh (B/c)', 'Lưu: VT'],
      signer: { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND huyện Mường Chà' },
    });
  });
});

const SMALL_PLAN = [
  'UBND HUYỆN NẬM PỒ',
  'Số: 07/KH-UBND Nậm Pồ, ngày 02 tháng 5 năm 2024',
  'KẾ HOẠCH',
  'Tổ chức Hội nghị sơ kết 6 tháng năm 2024 tại huyện Nậm Pồ',
  'I. MỤC ĐÍCH',
  '- Đánh giá kết quả.',
  'II. NỘI DUNG',
  '1. Thời gian: ½ ngày, vào ngày 28/6/2024.',
  '2. Địa điểm: Hội trường huyện Nậm Pồ.',
  'III. TỔ CHỨC THỰC HIỆN',
  '1. UBND huyện Nậm Pồ',
  '1.1. Phòng Nội vụ huyện',
  '- Tổng hợp báo cáo gửi Văn phòng HĐND và UBND huyện trước 17 giờ 00 ngày 20/6/2024.',
  '- Chuẩn bị tài liệu Hội nghị.',
  '1.2. Công an huyện: Đảm bảo an ninh trật tự trước, trong và sau Hội nghị.',
  'Nơi nhận:',
  '- Lưu: VT.',
  'CHỦ TỊCH',
  'Lò Văn Bình',
].join('\n');

describe('a whole small plan', () => {
  it('keeps the stated deadline, flags every value the document does not state, and passes the plan checks', () => {
    const r = draftFromText(SMALL_PLAN);
    const plan = r.plan as {
      conference: Record<string, unknown>;
      responsibilities: { tasks: Record<string, unknown>[] }[];
    };
    expect(plan.conference.date).toBe('2024-06-28');
    // One responsibility per duty paragraph: each dash item of 1.1, then 1.2's inline duty.
    const [report, documents] = plan.responsibilities.slice(0, 2).map((x) => x.tasks[0]);
    expect(report).toMatchObject({ kind: 'submission', due: { type: 'absolute', at: '2024-06-20T17:00' } });
    expect(report?.organizerChoice).toBeUndefined();
    expect(documents).toMatchObject({ organizerChoice: true });
    const paths = r.flags.map((f) => f.path);
    expect(paths).toContain('responsibilities[1].tasks[0].due');
    expect(paths).not.toContain('responsibilities[0].tasks[0].due');
    expect(paths).toContain('responsibilities[2].tasks[0].phases');
    expect(paths).toContain('conference.startTime');
    expect(paths).toContain('organizer');
    const flag = r.flags.find((f) => f.path === 'responsibilities[1].tasks[0].due');
    expect(flag).toMatchObject({ clause: 'III.1.1 ¶2', sentence: 'Chuẩn bị tài liệu Hội nghị' });
    expect(flag?.reason.vi).toMatch(/không nêu thời hạn/);
    expect(flag?.reason.en).toMatch(/states no deadline/);
    // Each task points at its paragraph in the text, for a reviewer to read beside the draft.
    const lines = SMALL_PLAN.split('\n');
    expect(r.tasks.map((t) => lines[(t.line ?? 0) - 1]?.slice(0, 20))).toEqual([
      '- Tổng hợp báo cáo g',
      '- Chuẩn bị tài liệu ',
      '1.2. Công an huyện: ',
    ]);
    expect(r.issues).toEqual([]);
    expect(validatePlan(r.plan).ok).toBe(true);
  });

  it('says by path what the plan checks still refuse (a working-day deadline in a year without a holiday calendar)', () => {
    const r = draftFromText(
      SMALL_PLAN.replace('2024', '2101')
        .replace(/ngày 28\/6\/2024/u, 'ngày 28/6/2101')
        .replace('Chuẩn bị tài liệu Hội nghị.', 'Chuẩn bị tài liệu Hội nghị trước Hội nghị 03 ngày làm việc.'),
    );
    expect(r.issues.map((i) => i.path)).toContain('responsibilities[1].tasks[0].due');
    expect(r.issues[0]?.message.vi).toMatch(/2101/);
  });

  it('finds the work in "IV. TỔ CHỨC THỰC HIỆN" and gives a topic heading\'s duties to the organizer, flagged', () => {
    const r = draftFromText(
      [
        'KẾ HOẠCH',
        'Tổ chức Hội nghị triển khai nhiệm vụ năm 2024',
        'I. MỤC ĐÍCH',
        '- Triển khai nhiệm vụ.',
        'II. THỜI GIAN, ĐỊA ĐIỂM',
        '1. Thời gian: ½ ngày, trong tháng 1 năm 2024.',
        'III. THÀNH PHẦN',
        '- Lãnh đạo các phòng.',
        'IV. TỔ CHỨC THỰC HIỆN',
        '1. Văn phòng HĐND và UBND huyện: Chuẩn bị hội trường.',
        '2. Chế độ báo cáo: Tổng hợp kết quả gửi Thường trực UBND huyện sau Hội nghị 05 ngày.',
      ].join('\n'),
    );
    const plan = r.plan as {
      organizer: string;
      responsibilities: { lead: string; tasks: { assignees: string[]; due: unknown }[] }[];
    };
    expect(plan.organizer).toBe('van-phong-hdnd-va-ubnd');
    expect(plan.responsibilities.map((x) => x.lead)).toEqual(['van-phong-hdnd-va-ubnd', 'van-phong-hdnd-va-ubnd']);
    expect(plan.responsibilities[1]?.tasks[0]).toMatchObject({
      assignees: ['van-phong-hdnd-va-ubnd'],
      due: { type: 'afterConference', after: '5d' },
    });
    const paths = r.flags.map((f) => f.path);
    // One question for the duty (who does it), not a second one for its responsibility's lead.
    expect(paths).not.toContain('responsibilities[1].lead');
    expect(paths).toContain('responsibilities[1].tasks[0].assignees');
    expect(paths).not.toContain('responsibilities[1].tasks[0].due');
    // No header, venue or signature in this text: the plan's checks name each missing value, and
    // each was flagged by the importer at that path (or its parent).
    expect(r.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['meta.issuer', 'meta.place', 'meta.dateText', 'meta.signer.name', 'conference.venue']),
    );
    for (const i of r.issues) expect(paths.some((p) => i.path.startsWith(p))).toBe(true);
  });
});

describe('units named before a colon or as the subject', () => {
  it('reads any unit name before a colon ("Hội Liên hiệp Phụ nữ xã: …") and a unit as the subject ("Đoàn Thanh niên xã tổ chức …")', () => {
    const r = draftFromText(
      [
        'UBND XÃ NẬM NHỪ',
        'KẾ HOẠCH',
        'Tổ chức Hội nghị biểu dương năm 2025',
        'I. MỤC ĐÍCH',
        '- Biểu dương.',
        'II. THỜI GIAN',
        '1. Thời gian: ½ ngày, khai mạc lúc 08 giờ 00 ngày 28/3/2025.',
        'III. TỔ CHỨC THỰC HIỆN',
        '- Hội Liên hiệp Phụ nữ xã: Vận động hội viên tham dự Hội nghị.',
        '- Đoàn Thanh niên xã tổ chức đón tiếp đại biểu vào ngày tổ chức Hội nghị.',
        '- Thời gian: Hội nghị kéo dài ½ ngày.',
      ].join('\n'),
    );
    const plan = r.plan as {
      units: { name: string }[];
      responsibilities: { tasks: { title: string; due: unknown }[] }[];
    };
    expect(plan.units.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Hội Liên hiệp Phụ nữ xã Nậm Nhừ', 'Đoàn Thanh niên xã Nậm Nhừ']),
    );
    expect(plan.units.some((u) => /^Thời gian/u.test(u.name))).toBe(false);
    const tasks = plan.responsibilities.flatMap((x) => x.tasks);
    expect(tasks.find((t) => t.title.startsWith('Tổ chức đón tiếp'))?.due).toMatchObject({
      type: 'conference',
      day: 0,
    });
  });
});
