/**
 * Page language: Vietnamese by default, English on request (`?lang=en`, remembered in a cookie).
 * Plus the few words the pages share: task states, roles, countdowns.
 */
import type { Lang } from '../domain/time';
import type { LinkRole } from '../domain/actions';

export type { Lang };

export const say = (lang: Lang, vi: string, en: string): string => (lang === 'vi' ? vi : en);

export function parseLang(v: string | undefined | null): Lang | undefined {
  return v === 'vi' || v === 'en' ? v : undefined;
}

export { stateLabel as stateText } from '../domain/labels';

export function roleText(role: LinkRole, lang: Lang): string {
  return {
    unit: say(lang, 'đơn vị', 'unit'),
    organizer: say(lang, 'cơ quan tổ chức', 'organizer'),
    auditor: say(lang, 'kiểm tra', 'auditor'),
  }[role];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "còn 2 ngày" / "quá hạn 5 giờ": how far a deadline is from now, in its largest whole unit,
 * computed on the server so the page needs no script and no clock of its own.
 */
export function countdown(dueIso: string, nowIso: string, lang: Lang): { text: string; overdue: boolean } {
  const diff = Date.parse(dueIso) - Date.parse(nowIso);
  const abs = Math.abs(diff);
  const [n, vi, en] =
    abs >= DAY
      ? [Math.floor(abs / DAY), 'ngày', 'day']
      : abs >= HOUR
        ? [Math.floor(abs / HOUR), 'giờ', 'hour']
        : [Math.max(1, Math.floor(abs / MINUTE)), 'phút', 'minute'];
  const enUnit = `${en}${n === 1 ? '' : 's'}`;
  if (diff >= 0) return { text: say(lang, `còn ${n} ${vi}`, `due in ${n} ${enUnit}`), overdue: false };
  return { text: say(lang, `quá hạn ${n} ${vi}`, `overdue by ${n} ${enUnit}`), overdue: true };
}
