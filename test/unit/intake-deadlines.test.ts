/**
 * The deadline grammar phrase by phrase (issue 23): every phrasing family of the genre, each in a
 * small plan of its own so that the test checks the rule and the duty it is attached to, not only
 * the words. Snippets are our own; the families: a date (with an hour, "chậm nhất", a bare date in
 * a table's time column), N days before / after the event (also "chậm nhất", "không quá", "trong
 * thời hạn", "trong vòng", working days), after another duty ("kể từ ngày nhận đủ …"), the day
 * before ("ngày liền trước"), at the event ("tại Hội nghị", "trong thời gian diễn ra"), and none.
 */
import { describe, expect, it } from 'vitest';
import type { DueRule } from '../../domain/plan/schema';
import { draftFromText } from '../../intake/draft';

interface Task {
  id: string;
  title: string;
  due: DueRule;
  organizerChoice?: boolean;
}

/** A plan whose section III gives `body` (one paragraph per line) to Phòng Nội vụ. */
function tasksOf(...body: string[]): Task[] {
  const text = [
    'UBND HUYỆN MƯỜNG ẢNG',
    'Số: 03/KH-UBND Mường Ảng, ngày 02 tháng 3 năm 2025',
    'KẾ HOẠCH',
    'Tổ chức Hội nghị sơ kết năm 2025',
    'I. MỤC ĐÍCH, YÊU CẦU',
    '- Đánh giá kết quả.',
    'II. THỜI GIAN, ĐỊA ĐIỂM',
    '1. Thời gian: ½ ngày, khai mạc lúc 08 giờ 00 ngày 28/3/2025.',
    '2. Địa điểm: Hội trường huyện Mường Ảng.',
    'III. TỔ CHỨC THỰC HIỆN',
    '1. Phòng Nội vụ huyện',
    ...body,
    '2. Phòng Tài chính - Kế hoạch huyện',
    '- Thẩm định dự toán kinh phí trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ.',
  ].join('\n');
  const plan = draftFromText(text).plan as { responsibilities: { tasks: Task[] }[] };
  return plan.responsibilities.flatMap((r) => r.tasks);
}

/** The task whose title starts with `start`; fails when there is none. */
function task(tasks: Task[], start: string): Task {
  const t = tasks.find((x) => x.title.startsWith(start));
  if (!t) throw new Error(`no task starts with "${start}": ${tasks.map((x) => x.title).join(' | ')}`);
  return t;
}

const stated = (t: Task): boolean => t.organizerChoice !== true;

describe('dates', () => {
  it('"trước ngày …" is before that day begins; "chậm nhất ngày …" is during it', () => {
    const ts = tasksOf(
      '- Gửi báo cáo về Văn phòng trước ngày 15/3/2025.',
      '- Lập danh sách khách mời, chậm nhất ngày 18/3/2025.',
    );
    expect(task(ts, 'Gửi báo cáo').due).toEqual({ type: 'absolute', at: '2025-03-15T00:00' });
    expect(task(ts, 'Lập danh sách').due).toEqual({ type: 'absolute', at: '2025-03-19T00:00' });
  });

  it('an hour with the date: "trước 16 giờ 30 ngày 20/3/2025", "chậm nhất vào ngày 21 tháng 3 năm 2025"', () => {
    const ts = tasksOf(
      '- Nộp tham luận trước 16 giờ 30 ngày 20/3/2025.',
      '- In tài liệu chậm nhất vào ngày 21 tháng 3 năm 2025.',
    );
    expect(task(ts, 'Nộp tham luận').due).toEqual({ type: 'absolute', at: '2025-03-20T16:30' });
    expect(task(ts, 'In tài liệu').due).toEqual({ type: 'absolute', at: '2025-03-22T00:00' });
  });
});

describe('days before the event', () => {
  it('"trước ngày tổ chức Hội nghị 05 ngày" and "hoàn thành trước …" in the next sentence close the duty before them', () => {
    const ts = tasksOf(
      '- Xây dựng kịch bản điều hành Hội nghị, trình Chủ tịch UBND huyện phê duyệt. Hoàn thành trước ngày tổ chức Hội nghị 05 ngày.',
    );
    expect(ts.filter((t) => /^Hoàn thành/u.test(t.title))).toEqual([]);
    expect(task(ts, 'Xây dựng kịch bản').due).toEqual({ type: 'conference', day: -5, time: '17:00' });
  });

  it('"chậm nhất 02 ngày trước ngày tổ chức Hội nghị", "ít nhất 03 ngày làm việc" (working days)', () => {
    const ts = tasksOf(
      '- Hoàn chỉnh bài phát biểu chậm nhất 02 ngày trước ngày tổ chức Hội nghị.',
      '- Phát hành giấy mời trước ngày khai mạc Hội nghị ít nhất 03 ngày làm việc.',
    );
    expect(task(ts, 'Hoàn chỉnh bài phát biểu').due).toEqual({ type: 'conference', day: -2, time: '17:00' });
    expect(task(ts, 'Phát hành giấy mời').due).toEqual({
      type: 'conference',
      day: -3,
      time: '17:00',
      workingDays: true,
    });
  });

  it('"trước ngày tổ chức Hội nghị 10 ngày" on a duty whose steps run over two sentences', () => {
    const ts = tasksOf(
      '- Dự thảo báo cáo tổng kết, gửi các phòng cho ý kiến. Trên cơ sở ý kiến góp ý, hoàn thiện báo cáo trước ngày tổ chức Hội nghị 10 ngày.',
    );
    expect(ts.filter((t) => /^Trên cơ sở/iu.test(t.title))).toEqual([]);
    expect(task(ts, 'Dự thảo báo cáo').due).toEqual({ type: 'conference', day: -10, time: '17:00' });
  });
});

describe('days after the event', () => {
  it('"Thời gian hoàn thành không quá 15 ngày kể từ ngày kết thúc Hội nghị" is the duty\'s, not a task', () => {
    const ts = tasksOf(
      '- Tổng hợp kết quả, báo cáo UBND huyện. Thời gian hoàn thành không quá 15 ngày kể từ ngày kết thúc Hội nghị.',
    );
    expect(ts.filter((t) => /^Thời gian/iu.test(t.title))).toEqual([]);
    expect(task(ts, 'Tổng hợp kết quả').due).toEqual({ type: 'afterConference', after: '15d' });
  });

  it('"trong vòng 03 ngày sau Hội nghị", "trong thời hạn 10 ngày làm việc sau khi kết thúc Hội nghị"', () => {
    const ts = tasksOf(
      '- Đăng tin về Hội nghị trên trang thông tin điện tử trong vòng 03 ngày sau Hội nghị.',
      '- Quyết toán kinh phí trong thời hạn 10 ngày làm việc sau khi kết thúc Hội nghị.',
    );
    expect(task(ts, 'Đăng tin').due).toEqual({ type: 'afterConference', after: '3d' });
    expect(task(ts, 'Quyết toán').due).toEqual({ type: 'afterConference', after: '10wd' });
  });

  it('"Sau Hội nghị, …" after another duty\'s sentence starts a duty of its own', () => {
    const ts = tasksOf(
      '- Chuẩn bị hội trường, khánh tiết. Sau Hội nghị, tổng hợp ý kiến đại biểu gửi UBND huyện trong vòng 05 ngày.',
    );
    expect(task(ts, 'Chuẩn bị hội trường').organizerChoice).toBe(true);
    expect(task(ts, 'Sau Hội nghị, tổng hợp ý kiến').due).toEqual({ type: 'afterConference', after: '5d' });
  });

  it('a bare "trong vòng 07 ngày" in a sentence that opens "Sau Hội nghị"', () => {
    const ts = tasksOf('- Sau Hội nghị, ban hành thông báo kết luận trong vòng 07 ngày.');
    expect(task(ts, 'Sau Hội nghị').due).toEqual({ type: 'afterConference', after: '7d' });
  });
});

describe('after another duty', () => {
  it('"kể từ ngày nhận đủ hồ sơ" runs from the duty that sends it', () => {
    const ts = tasksOf(
      '- Lập dự toán kinh phí tổ chức Hội nghị gửi Phòng Tài chính - Kế hoạch huyện thẩm định trước ngày 10/3/2025.',
    );
    const estimate = task(ts, 'Lập dự toán');
    expect(task(ts, 'Thẩm định dự toán').due).toEqual({ type: 'afterTask', task: estimate.id, after: '3wd' });
  });
});

describe('around the event', () => {
  it('"vào ngày liền trước ngày tổ chức Hội nghị" is the day before', () => {
    const ts = tasksOf('- Bố trí phòng nghỉ cho đại biểu vào ngày liền trước ngày tổ chức Hội nghị.');
    expect(task(ts, 'Bố trí phòng nghỉ').due).toEqual({ type: 'conference', day: -1, time: '17:00' });
  });

  it('"tại Hội nghị" for work done there, not for work used there; "trong thời gian diễn ra Hội nghị"', () => {
    const ts = tasksOf(
      '- Công bố kết quả bình xét thi đua tại Hội nghị.',
      '- Chuẩn bị bài tham luận để trình bày tại Hội nghị.',
      '- Bố trí cán bộ trực kỹ thuật trong thời gian diễn ra Hội nghị.',
    );
    expect(task(ts, 'Công bố kết quả').due).toEqual({ type: 'conference', day: 0, time: '12:00' });
    expect(stated(task(ts, 'Chuẩn bị bài tham luận'))).toBe(false);
    expect(task(ts, 'Bố trí cán bộ trực').due).toEqual({ type: 'conference', day: 0, time: '12:00' });
  });

  it('"trước, trong và sau Hội nghị" is phases, and a count of minutes is no deadline', () => {
    const ts = tasksOf(
      '- Tuyên truyền về Hội nghị trước, trong và sau Hội nghị.',
      '- Chuẩn bị phóng sự (thời lượng không quá 10 phút).',
    );
    expect(task(ts, 'Tuyên truyền')).toMatchObject({ kind: 'phased', organizerChoice: true });
    expect(stated(task(ts, 'Chuẩn bị phóng sự'))).toBe(false);
  });
});

describe('none', () => {
  it("a duty that states no deadline gets the proposal, flagged as the organizer's choice", () => {
    const ts = tasksOf('- Chuẩn bị khánh tiết, hoa tươi.');
    expect(task(ts, 'Chuẩn bị khánh tiết')).toMatchObject({ organizerChoice: true });
  });
});

describe("a table's time column", () => {
  it('reads a bare date, "Tại Hội nghị" and a relative deadline as the row\'s deadline', () => {
    const text = [
      'KẾ HOẠCH',
      'Tổ chức Hội nghị sơ kết năm 2025',
      'I. MỤC ĐÍCH',
      '- Đánh giá.',
      'II. THỜI GIAN',
      '1. Thời gian: ½ ngày, khai mạc lúc 08 giờ 00 ngày 28/3/2025.',
      'III. PHÂN CÔNG THỰC HIỆN',
      '| TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |',
      '| 1 | Trang trí hội trường | Văn phòng HĐND và UBND huyện | | Ngày 27/3/2025 |',
      '| 2 | Trao giấy khen cho tập thể tiêu biểu | Phòng Nội vụ huyện | | Tại Hội nghị |',
      '| 3 | Gửi báo cáo kết quả về Ban Thi đua - Khen thưởng tỉnh | Phòng Nội vụ huyện | | Chậm nhất 05 ngày sau khi kết thúc Hội nghị |',
      '| 4 | Rà soát hồ sơ khen thưởng | Phòng Nội vụ huyện chủ trì, phối hợp với Công an huyện | | Tháng 3/2025 |',
      '| 5 | Tổng kết, rút kinh nghiệm công tác tổ chức | Phòng Nội vụ huyện | | Quý II/2025 |',
      '| 6 | In chương trình Hội nghị | Văn phòng HĐND và UBND huyện | | Trước 05 ngày |',
      '| 7 | Đón tiếp đại biểu | Văn phòng HĐND và UBND huyện | | Ngày tổ chức Hội nghị |',
      '| 8 | Rà soát danh sách khen thưởng | Phòng Nội vụ huyện | | Đến hết ngày 20/3/2025 |',
    ].join('\n');
    const plan = draftFromText(text).plan as { responsibilities: { tasks: Task[] }[] };
    const ts = plan.responsibilities.flatMap((r) => r.tasks);
    expect(task(ts, 'Trang trí hội trường').due).toEqual({ type: 'absolute', at: '2025-03-28T00:00' });
    expect(task(ts, 'Trao giấy khen').due).toMatchObject({ type: 'conference', day: 0 });
    expect(task(ts, 'Gửi báo cáo kết quả').due).toEqual({ type: 'afterConference', after: '5d' });
    // A month or a quarter in the column: by its end.
    expect(task(ts, 'Rà soát hồ sơ').due).toEqual({ type: 'absolute', at: '2025-04-01T00:00' });
    expect(task(ts, 'Tổng kết, rút kinh nghiệm').due).toEqual({ type: 'absolute', at: '2025-07-01T00:00' });
    // The event goes without saying in the column: "Trước 05 ngày", "Ngày tổ chức Hội nghị".
    expect(task(ts, 'In chương trình').due).toEqual({ type: 'conference', day: -5, time: '17:00' });
    expect(task(ts, 'Đón tiếp đại biểu').due).toMatchObject({ type: 'conference', day: 0 });
    expect(task(ts, 'Rà soát danh sách').due).toEqual({ type: 'absolute', at: '2025-03-21T00:00' });
    // Lead and support in one cell: "X chủ trì, phối hợp với Y".
    const units = (draftFromText(text).plan as { units: { name: string }[] }).units.map((u) => u.name);
    expect(units).toContain('Công an huyện');
    expect(units.filter((n) => /chủ trì/u.test(n))).toEqual([]);
  });
});
