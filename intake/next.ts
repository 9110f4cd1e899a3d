/**
 * Next year's plan from this year's conference (`kehoach plan next`, the workspace's button): the
 * same duties a year later. The dates move a year (the window, every deadline written as a date,
 * the years in the titles); the host becomes the cluster head that received the rotating flag
 * (its place, the venue, the signer, the offices named after the old host); the flag passes on to
 * the next district in the plan's order and the pledge carries over. Nothing is changed silently:
 * every value moved or guessed is flagged for review with the reason, like an import.
 *
 * Pure: a plan and who signed the flag handover in, a draft out.
 */
import type { Plan } from '../domain/plan/schema';
import type { Flag } from './flags';

export interface NextYearDraft {
  plan: Record<string, unknown>;
  flags: Flag[];
  /** The unit that received the flag (next year's host), when the plan has a handover. */
  host?: string;
}

const flag = (path: string, vi: string, en: string): Flag => ({ path, reason: { vi: vi.normalize('NFC'), en } });

/** Every year 2000–2099 written in a text, one later. */
const laterYears = (s: string): string => s.replace(/\b(20\d\d)\b/g, (y) => String(Number(y) + 1));

/** `YYYY-MM-DD…` one year later (29 February becomes 28 February). */
function yearLater(date: string): string {
  const year = Number(date.slice(0, 4)) + 1;
  let rest = date.slice(4);
  if (rest.startsWith('-02-29')) rest = `-02-28${rest.slice(6)}`;
  return `${year}${rest}`;
}

/** The place a district unit names ("UBND huyện Mường Chà" → "Mường Chà"). */
const placeOf = (name: string): string =>
  name.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(huyện|thị xã|thành phố)\s+/iu, '');

/** The rotating flag's handover: a sign-off whose title names the flag (cờ luân lưu). */
function handoverOf(plan: Plan): { r: number; t: number; signers: string[] } | undefined {
  for (const [r, resp] of plan.responsibilities.entries())
    for (const [t, task] of resp.tasks.entries())
      if (task.kind === 'signoff' && /cờ luân lưu/iu.test(task.title) && task.signers.length === 2)
        return { r, t, signers: task.signers };
  return undefined;
}

/**
 * `signedBy`: who confirmed the handover. The handover task names the giver first and the
 * receiver second (as its title reads, "từ … cho …"); a handover not confirmed by both is said so
 * in the host's flag.
 */
export function nextYearDraft(plan: Plan, signedBy: readonly string[] = []): NextYearDraft {
  const next = JSON.parse(JSON.stringify(plan)) as NextPlan;
  const flags: Flag[] = [...moveDocumentAYear(plan, next), ...moveDeadlinesAYear(next)];
  const handover = handoverOf(plan);
  if (!handover) {
    flags.push(
      flag(
        'organizer',
        'Kế hoạch không có việc bàn giao cờ luân lưu: giữ đơn vị tổ chức?',
        'No flag handover in the plan: keep the organizer?',
      ),
    );
    return { plan: next, flags };
  }
  // The plan names the giver first ("từ … cho …"); who signed, in whatever order, confirms it.
  const giver = handover.signers[0] ?? '';
  const host = handover.signers[1] ?? '';
  const confirmed = handover.signers.every((s) => signedBy.includes(s));
  flags.push(...moveToHost(plan, next, host, confirmed), ...passFlagOn(plan, next, handover, giver, host));
  return { plan: next, flags, host };
}

/** The draft being made: a deep copy of the plan, changed in place. */
type NextPlan = Plan & Record<string, unknown>;

/** The plan's id, document and window, a year later. */
function moveDocumentAYear(plan: Plan, next: NextPlan): Flag[] {
  const flags: Flag[] = [];
  next.id = /20\d\d/.test(plan.id) ? laterYears(plan.id) : `${plan.id}-nam-sau`;
  flags.push(flag('id', 'Mã kế hoạch năm sau', 'The next year plan id'));
  next.meta.title = laterYears(plan.meta.title);
  if (plan.meta.titleEn) next.meta.titleEn = laterYears(plan.meta.titleEn);
  next.meta.dateText = laterYears(plan.meta.dateText);
  next.meta.number = '…';
  flags.push(
    flag('meta.number', 'Số văn bản năm sau: điền khi ban hành', 'The document number: filled in when issued'),
  );
  flags.push(flag('meta.dateText', 'Ngày ban hành đã dời một năm', 'The date of issue moved a year'));
  next.conference.title = laterYears(plan.conference.title);
  next.conference.window = {
    from: yearLater(plan.conference.window.from),
    to: yearLater(plan.conference.window.to),
    text: laterYears(plan.conference.window.text),
  };
  delete (next.conference as { date?: string }).date;
  flags.push(
    flag(
      'conference.window',
      'Thời gian dự kiến đã dời một năm; ngày cụ thể chờ giấy mời',
      'The window moved a year; the date awaits the invitation',
    ),
  );
  return flags;
}

/** Deadlines written as dates move a year; those relative to the conference or a task follow. */
function moveDeadlinesAYear(next: NextPlan): Flag[] {
  const flags: Flag[] = [];
  for (const [r, resp] of next.responsibilities.entries()) {
    resp.title = laterYears(resp.title);
    if (resp.titleEn) resp.titleEn = laterYears(resp.titleEn);
    for (const [t, task] of resp.tasks.entries()) {
      task.title = laterYears(task.title);
      if (task.titleEn) task.titleEn = laterYears(task.titleEn);
      if (task.due.type === 'absolute') {
        task.due = { ...task.due, at: yearLater(task.due.at) };
        flags.push(
          flag(
            `responsibilities[${r}].tasks[${t}].due`,
            'Hạn ghi bằng ngày, đã dời một năm',
            'A deadline written as a date, moved a year',
          ),
        );
      }
    }
  }
  return flags;
}

/** The host's place, venue, issuer and signer; the old host's offices, renamed for the new host. */
function moveToHost(plan: Plan, next: NextPlan, host: string, confirmed: boolean): Flag[] {
  const flags: Flag[] = [];
  const hostUnit = plan.units.find((u) => u.id === host);
  const oldPlace = plan.meta.place;
  const newPlace = hostUnit ? placeOf(hostUnit.name) : oldPlace;
  next.meta.place = newPlace;
  flags.push(
    confirmed
      ? flag(
          'meta.place',
          `Nơi đăng cai năm sau: ${newPlace} (đơn vị nhận cờ)`,
          `Next year's host: ${newPlace} (received the flag)`,
        )
      : flag(
          'meta.place',
          `Nơi đăng cai năm sau: ${newPlace} theo kế hoạch; việc bàn giao cờ chưa được hai bên xác nhận`,
          `Next year's host: ${newPlace} as planned; the flag handover is not confirmed by both sides`,
        ),
  );
  next.conference.venue = `Hội trường huyện ${newPlace}`;
  flags.push(flag('conference.venue', 'Địa điểm năm sau do huyện đăng cai chọn', "The venue is the host's choice"));
  next.meta.issuer = laterYears(plan.meta.issuer).split(oldPlace).join(newPlace);
  flags.push(flag('meta.issuer', 'Cơ quan ban hành năm sau', 'The issuing body next year'));
  next.meta.signer = { name: '…', title: `Chủ tịch UBND huyện ${newPlace}` };
  flags.push(flag('meta.signer.name', 'Người ký năm sau', 'The signer next year'));
  for (const [i, u] of plan.units.entries()) {
    if (u.kind === 'district' || u.kind === 'council' || !u.name.includes(oldPlace)) continue;
    const unit = next.units[i];
    if (!unit) continue;
    unit.name = u.name.split(oldPlace).join(newPlace);
    flags.push(
      flag(
        `units[${i}].name`,
        `Đơn vị của huyện đăng cai năm trước (${oldPlace}); đề xuất đơn vị tương ứng của ${newPlace}`,
        `An office of last year's host (${oldPlace}); proposed: the same office of ${newPlace}`,
      ),
    );
  }
  return flags;
}

/** The flag passes on: from the new head to the next district in the plan's order. */
function passFlagOn(
  plan: Plan,
  next: NextPlan,
  handover: { r: number; t: number },
  giver: string,
  host: string,
): Flag[] {
  const flags: Flag[] = [];
  const districts = plan.units.filter((u) => u.kind === 'district').map((u) => u.id);
  const after = districts[(districts.indexOf(host) + 1) % Math.max(districts.length, 1)] ?? giver;
  const receiver = after === host ? giver : after;
  const task = next.responsibilities[handover.r]?.tasks[handover.t];
  if (task && task.kind === 'signoff') {
    task.assignees = [host, receiver];
    task.signers = [host, receiver];
    const name = (id: string): string => plan.units.find((u) => u.id === id)?.name ?? id;
    task.title = `Bàn giao cờ luân lưu từ ${name(host)} cho ${name(receiver)}`;
    flags.push(
      flag(
        `responsibilities[${handover.r}].tasks[${handover.t}].signers`,
        `Trưởng Cụm năm sau nhận cờ: đề xuất ${name(receiver)} theo thứ tự luân phiên trong kế hoạch`,
        `The next head receiving the flag: ${name(receiver)} proposed, in the plan's order`,
      ),
    );
  }
  const resp = next.responsibilities[handover.r];
  if (resp) {
    resp.lead = host;
    resp.support = [...new Set([...resp.support.filter((s) => s !== host), receiver])];
  }
  return flags;
}
