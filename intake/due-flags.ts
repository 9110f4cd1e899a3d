/**
 * The review flag of a deadline the document leaves open (wholly, or its time, year, span or the
 * task it follows), and a due rule as a reader says it. Pure; no I/O.
 */
import type { DueRule } from '../domain/plan/schema';
import type { DeadlineReading, OpenPart } from './deadlines';
import type { Source } from './draft-parts';
import { localFlag, type LocalFlag } from './flags';
import type { Bilingual } from '../domain/bilingual';

/** The one flag of a deadline with open parts (`statedElsewhere`: the paragraph's deadline that closes another duty). */
export function dueFlag(
  deadline: DeadlineReading,
  source: Source,
  statedElsewhere: DeadlineReading | undefined,
): LocalFlag {
  const open = new Set<OpenPart>(deadline.open);
  const proposed = describeRule(deadline.rule);
  if (open.has('deadline')) {
    const elsewhere =
      statedElsewhere?.words !== undefined
        ? {
            vi: ` ("${statedElsewhere.words}" trong cùng đoạn gắn với phần việc khác)`,
            en: ` ("${statedElsewhere.words}" in the same paragraph closes another part)`,
          }
        : { vi: '', en: '' };
    return localFlag(
      'due',
      `Văn bản không nêu thời hạn${elsewhere.vi}; đề xuất ${proposed.vi}, cần quyết định`,
      `The document states no deadline${elsewhere.en}; proposed ${proposed.en}, to decide`,
      source,
    );
  }
  const missing = [...open].map(
    (p) =>
      ({
        time: ['giờ', 'time of day'],
        year: ['năm', 'year'],
        span: ['số ngày', 'number of days'],
        deadline: ['hạn', 'deadline'],
        task: ['việc phải xong trước', 'task it follows'],
      })[p],
  );
  return localFlag(
    'due',
    `Văn bản ghi "${deadline.words ?? ''}" nhưng không nêu ${missing.map((m) => m[0]).join(', ')}; đề xuất ${proposed.vi}`,
    `The document says "${deadline.words ?? ''}" but not the ${missing.map((m) => m[1]).join(', ')}; proposed ${proposed.en}`,
    source,
  );
}

/** A due rule as a reader says it, for the flags. */
export function describeRule(rule: DueRule): Bilingual {
  switch (rule.type) {
    case 'absolute': {
      const [d, t] = rule.at.split('T');
      const [y, m, day] = (d ?? '').split('-').map(Number);
      return { vi: `${t} ngày ${day}/${m}/${y}`, en: `${t} on ${d}` };
    }
    case 'conference': {
      const n = Math.abs(rule.day);
      const plural = n === 1 ? '' : 's';
      const wd = rule.workingDays
        ? { vi: ' ngày làm việc', en: ` working day${plural}` }
        : { vi: ' ngày', en: ` day${plural}` };
      if (rule.day === 0) return { vi: `${rule.time} ngày Hội nghị`, en: `${rule.time} on the conference day` };
      return rule.day < 0
        ? { vi: `${rule.time}, ${n}${wd.vi} trước Hội nghị`, en: `${rule.time}, ${n}${wd.en} before the conference` }
        : { vi: `${rule.time}, ${n}${wd.vi} sau Hội nghị`, en: `${rule.time}, ${n}${wd.en} after the conference` };
    }
    case 'afterConference':
      return { vi: `${rule.after} sau Hội nghị`, en: `${rule.after} after the conference` };
    case 'afterTask':
      return { vi: `${rule.after} sau khi xong "${rule.task}"`, en: `${rule.after} after "${rule.task}" is done` };
  }
}
