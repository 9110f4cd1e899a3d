/**
 * The draft's last step: the plan object in the plan file's shape (meta, organizer, conference,
 * units, responsibilities) and the flags placed at their paths, then the plan's own checks. Pure;
 * no I/O.
 */
import { validatePlan, type PlanIssue } from '../domain/plan/validate';
import type { ConferenceReading } from './conference';
import { stripUndefined, type DraftResult, type RespBuild, type Source } from './draft-parts';
import { localFlag, placeFlags, type Flag, type LocalFlag } from './flags';
import type { MetaReading } from './meta';
import { slug } from './text';
import type { UnitBook } from './units';

// ---- assembly ----

export function assemble(
  meta: MetaReading,
  legalBases: string[],
  conf: ConferenceReading,
  book: UnitBook,
  resps: RespBuild[],
  organizer: string,
  startTime: string,
): DraftResult {
  const flags: Flag[] = [];
  const top: LocalFlag[] = [];
  const year = meta.year ?? 0;
  const eventWords = slug(conf.kind ?? conf.title ?? 'ke-hoach', 30);
  const id = slug(`${eventWords}-${/năm (\d{4})/u.exec(conf.title ?? '')?.[1] ?? year}`, 60);
  // The id is the importer's name for the plan, not a value of the document: no question.
  const metaOut = metaPart(meta, legalBases, top);
  top.push(organizerFlag(book, organizer));
  const conference = conferencePart(conf, meta, startTime, top);
  const units = unitsPart(book, flags);
  const responsibilities = responsibilitiesPart(resps, flags);
  const plan: Record<string, unknown> = {
    version: 1,
    id,
    meta: metaOut,
    organizer,
    conference,
    units,
    responsibilities,
  };
  const result: DraftResult = {
    plan,
    flags: [...placeFlags('', top), ...flags],
    issues: [],
    tasks: resps.flatMap((r) =>
      r.tasks.map((t) => ({
        id: t.task.id,
        clause: t.task.clause,
        sentence: t.source.sentence,
        ...(t.source.line !== undefined ? { line: t.source.line } : {}),
        deadline: t.deadline.open.length === 0 ? ('stated' as const) : ('flagged' as const),
        ...(t.deadline.words !== undefined ? { words: t.deadline.words } : {}),
        ...(t.sameDutyAs !== undefined ? { sameDutyAs: t.sameDutyAs } : {}),
      })),
    ),
    ...(conf.kind !== undefined ? { eventKind: conf.kind } : {}),
    counts: {
      duties: resps.flatMap((r) => r.tasks).filter((t) => t.sameDutyAs === undefined).length,
      tasks: resps.reduce((n, r) => n + r.tasks.length, 0),
      toDecide: top.length + flags.length,
    },
  };
  return result;
}

const headerSrc = (line: string | undefined): Source | undefined =>
  line ? { clause: 'đầu văn bản', sentence: line } : undefined;

/** The header's values, each one missing flagged. */
function metaPart(meta: MetaReading, legalBases: string[], top: LocalFlag[]): Record<string, unknown> {
  const metaOut: Record<string, unknown> = {
    number: meta.number ?? '',
    title: meta.title ?? '',
    issuer: meta.issuer ?? '',
    signer: meta.signer ?? { name: '', title: '' },
    place: meta.place ?? '',
    dateText: meta.dateText ?? '',
    legalBases,
    ...(meta.recipients.length > 0 ? { recipients: meta.recipients } : {}),
  };
  if (meta.numberBlank)
    top.push(
      localFlag(
        'meta.number',
        'Số văn bản còn để trống (điền khi ban hành)',
        'The document number is left blank (filled in when issued)',
        headerSrc(meta.lines.number),
      ),
    );
  const missingMeta: [string, unknown, string, string][] = [
    ['meta.number', meta.number, 'số, ký hiệu', 'number'],
    ['meta.title', meta.title, 'tên loại và trích yếu ("KẾ HOẠCH …")', 'title ("KẾ HOẠCH …")'],
    ['meta.issuer', meta.issuer, 'cơ quan ban hành', 'issuing body'],
    ['meta.place', meta.place, 'địa danh', 'place'],
    ['meta.dateText', meta.dateText, 'ngày tháng năm ban hành', 'date of issue'],
    ['meta.signer', meta.signer, 'người ký (chức vụ, họ tên)', 'signer (title, name)'],
  ];
  for (const [path, value, vi, en] of missingMeta) {
    if (value === undefined)
      top.push(
        localFlag(path, `Không tìm thấy ${vi} trong văn bản; cần điền`, `No ${en} found in the document; fill it in`),
      );
  }

  return metaOut;
}

function organizerFlag(book: UnitBook, organizer: string): LocalFlag {
  const name = book.units.find((u) => u.id === organizer)?.name ?? organizer;
  return localFlag(
    'organizer',
    `Văn bản không ghi đơn vị tổ chức Kế hoạch; đề xuất đơn vị đầu tiên được giao việc ở mục III ("${name}")`,
    `The document does not name the plan's organizer; the first unit given work in section III is proposed ("${name}")`,
  );
}

/** Section II's event, each value it leaves open flagged. */
function conferencePart(
  conf: ConferenceReading,
  meta: MetaReading,
  startTime: string,
  top: LocalFlag[],
): Record<string, unknown> {
  const conference: Record<string, unknown> = {
    title: conf.title ?? meta.title ?? '',
    venue: conf.venue?.text ?? '',
    length: conf.length?.span ?? '4h',
    startTime,
  };
  const ts = conf.timeSource;
  if (!conf.title)
    top.push(
      localFlag(
        'conference.title',
        'Không đọc được tên Hội nghị từ trích yếu; cần điền',
        'Could not read the conference name from the title; fill it in',
      ),
    );
  if (!conf.venue)
    top.push(
      localFlag('conference.venue', 'Văn bản không nêu địa điểm; cần điền', 'The document states no venue; fill it in'),
    );
  if (!conf.length)
    top.push(
      localFlag(
        'conference.length',
        'Văn bản không nêu thời lượng; đề xuất ½ ngày (4h)',
        'The document states no length; half a day (4h) is proposed',
        ts,
      ),
    );
  if (!conf.startTime)
    top.push(
      localFlag(
        'conference.startTime',
        'Văn bản không nêu giờ khai mạc; đề xuất 07:30 (giấy mời sẽ ấn định)',
        'The document states no start time; 07:30 is proposed (the invitation will fix it)',
        ts,
      ),
    );
  when(conf, conference, top);
  if (conf.dayBefore) conference.dayBefore = { program: conf.dayBefore.program };
  if (conf.delegates) {
    conference.delegates = {
      total: conf.delegates.total,
      groups:
        conf.delegates.groups.length > 0 ? conf.delegates.groups : [{ label: 'Đại biểu', count: conf.delegates.total }],
    };
  }

  return conference;
}

/** The date, or the window the document gives for it (tentative, or read from "cuối tháng 3"), flagged. */
function when(conf: ConferenceReading, conference: Record<string, unknown>, top: LocalFlag[]): void {
  const ts = conf.timeSource;
  if (conf.date && !conf.date.tentative) conference.date = conf.date.date;
  if (conf.date?.tentative) {
    conference.window = { from: conf.date.date, to: conf.date.date, text: conf.date.words };
    top.push(
      localFlag(
        'conference.window',
        `Văn bản ghi "${conf.date.words}" (dự kiến): ngày chưa chính thức, giấy mời sẽ ấn định`,
        `The document says "${conf.date.words}" (tentative): the invitation will fix the date`,
        ts,
      ),
    );
  } else if (conf.window) {
    conference.window = { from: conf.window.from, to: conf.window.to, text: conf.window.text };
    top.push(
      localFlag(
        'conference.window',
        `Văn bản ghi "${conf.window.words}"; khoảng ngày ${conf.window.from} – ${conf.window.to} là cách đọc của trình nhập (đầu: 1–10, giữa: 11–20, cuối: 21 – hết tháng), cần xác nhận`,
        `The document says "${conf.window.words}"; the days ${conf.window.from} to ${conf.window.to} are the importer's reading (early: 1–10, mid: 11–20, late: 21 to the end), confirm them`,
        ts,
      ),
    );
  } else if (!conf.date) {
    top.push(
      localFlag(
        'conference.window',
        'Văn bản không nêu thời gian tổ chức; cần điền ngày hoặc khoảng ngày dự kiến',
        'The document states no date; give the date or a tentative window',
        ts,
      ),
    );
  }
}

function unitsPart(book: UnitBook, flags: Flag[]): Record<string, unknown>[] {
  const units = book.units.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, kind: u.kind }));
  book.units.forEach((u, i) => {
    if (!u.kindRead)
      flags.push(
        ...placeFlags(`units[${i}]`, [
          localFlag(
            'kind',
            `Không đoán được loại đơn vị từ tên "${u.name}"; đề xuất agency`,
            `No rule knows the kind of "${u.name}"; agency is proposed`,
            { clause: u.clause, sentence: u.sentence },
          ),
        ]),
      );
  });

  return units;
}

function responsibilitiesPart(resps: RespBuild[], flags: Flag[]): Record<string, unknown>[] {
  return resps.map((r, ri) => {
    flags.push(...placeFlags(`responsibilities[${ri}]`, r.flags));
    return {
      id: r.id,
      title: r.title,
      lead: r.lead,
      ...(r.support.length > 0 ? { support: r.support.filter((s) => s !== r.lead) } : {}),
      clause: r.clause,
      tasks: r.tasks.map((t, ti) => {
        flags.push(...placeFlags(`responsibilities[${ri}].tasks[${ti}]`, t.flags));
        return stripUndefined(t.task);
      }),
    };
  });
}

/** Runs the plan's own validation on a draft (every proposal accepted). */
export function checkDraft(result: DraftResult): PlanIssue[] {
  const v = validatePlan(result.plan);
  return v.ok ? [] : v.issues;
}
