/**
 * Provisional deadlines as the workflows and the notices carry them (issue 28): a working-day
 * deadline counted across a year without its holiday announcement (2027 today) is marked with
 * that year, one on announced years or in calendar days is not, and the words that tell a unit
 * its deadline moved give both deadlines, in Vietnamese (NFC) and English.
 */
import { describe, expect, it } from 'vitest';
import { CALENDAR_VERSION, yearsAnnouncedBetween } from '../../domain/calendar';
import { calendarMovedText, provisionalNote, reminderText } from '../../domain/notices';
import { TaskSchema, type Task } from '../../domain/plan/schema';
import { resolveTaskSchedule } from '../../domain/schedule';
import { localDateTimeToUtc } from '../../domain/time';

const task = (due: Record<string, unknown>, extra: Record<string, unknown> = {}): Task =>
  TaskSchema.parse({ id: 't', title: 'Gửi giấy mời', kind: 'once', clause: 'III.1', assignees: ['a'], due, ...extra });

const fiveBefore = task({ type: 'conference', day: -5, workingDays: true, time: '17:00' });

describe('provisional deadlines', () => {
  it('marks a working-day deadline counted across 2027 (no announcement on file) with the year', () => {
    const s = resolveTaskSchedule(fiveBefore, { conferenceDate: '2027-02-17', completedAt: {} });
    // 16, 15, 12, 4 and 3/2: Tết Đinh Mùi 5–9/2 and its two days in lieu, by the law alone.
    expect(s.due).toBe(localDateTimeToUtc('2027-02-03T17:00'));
    expect(s.provisionalYears).toEqual([2027]);
  });

  it('does not mark one on announced years, one in calendar days, or one on calendar version 1', () => {
    const announced = resolveTaskSchedule(fiveBefore, { conferenceDate: '2026-03-20', completedAt: {} });
    expect(announced.due).not.toBeNull();
    expect(announced).not.toHaveProperty('provisionalYears');
    const days = task({ type: 'conference', day: -5, time: '17:00' });
    expect(resolveTaskSchedule(days, { conferenceDate: '2027-02-17', completedAt: {} })).not.toHaveProperty(
      'provisionalYears',
    );
    const v1 = resolveTaskSchedule(fiveBefore, { conferenceDate: '2023-03-20', completedAt: {}, calendar: 1 });
    expect(v1.due).not.toBeNull();
    expect(v1).not.toHaveProperty('provisionalYears');
  });

  it('marks each phase of a phased duty on its own, and the task with every year of its phases', () => {
    const phased = task(
      { type: 'conference', day: 0, time: '17:00' },
      {
        kind: 'phased',
        phases: [
          { phase: 'before', label: 'Trước', due: { type: 'conference', day: -2, workingDays: true, time: '17:00' } },
          { phase: 'after', label: 'Sau', due: { type: 'conference', day: 1, time: '17:00' } },
        ],
      },
    );
    const s = resolveTaskSchedule(phased, { conferenceDate: '2027-02-17', completedAt: {} });
    expect(s.phases.map((p) => p.provisionalYears)).toEqual([[2027], undefined]);
    expect(s.provisionalYears).toEqual([2027]);
  });

  it('tells the unit in a reminder that the deadline may move, and not when it cannot', () => {
    const due = localDateTimeToUtc('2027-02-03T17:00');
    const marked = reminderText({ id: 't', title: 'Gửi giấy mời' }, due, [2027]);
    expect(marked.vi).toContain('Hạn tạm tính: chưa có thông báo nghỉ lễ, Tết năm 2027');
    expect(marked.en).toContain('Provisional deadline: no holiday announcement for 2027 yet');
    expect(reminderText({ id: 't', title: 'Gửi giấy mời' }, due).vi).not.toContain('tạm tính');
    expect(provisionalNote([])).toEqual({ vi: '', en: '' });
  });

  it('says both deadlines when an announcement moves one, in NFC Vietnamese and in English', () => {
    const text = calendarMovedText(
      { id: 't', title: 'Gửi giấy mời', titleEn: 'Send the invitations' },
      {
        from: localDateTimeToUtc('2027-02-03T17:00'),
        to: localDateTimeToUtc('2027-02-01T17:00'),
        phases: [],
      },
      [2027],
    );
    expect(text.vi).toBe(
      'Điều chỉnh hạn "Gửi giấy mời" theo thông báo nghỉ lễ, Tết năm 2027: hạn cũ 03/02/2027 17:00 (ngày 3 tháng 2 năm 2027), hạn mới 01/02/2027 17:00 (ngày 1 tháng 2 năm 2027).',
    );
    expect(text.vi.normalize('NFC')).toBe(text.vi);
    expect(text.en).toContain('"Send the invitations" has a new deadline after the 2027 holiday announcement');
  });

  it('names no year for a version that brings none, and none for the version a run already has', () => {
    expect(yearsAnnouncedBetween(CALENDAR_VERSION, CALENDAR_VERSION)).toEqual([]);
    expect(yearsAnnouncedBetween(1, 2)).toEqual([2026]);
  });
});
