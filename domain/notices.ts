/**
 * The words of notifications and summaries, in Vietnamese and English. Workflow-safe: dates are
 * formatted by arithmetic in Vietnam time (see ./time).
 */
import { formatAdministrativeDate, formatShortLocal } from './time';

export interface Bilingual {
  vi: string;
  en: string;
}

interface TaskRef {
  id: string;
  title: string;
  titleEn?: string | undefined;
}

const en = (t: TaskRef): string => t.titleEn ?? t.title;

export function reminderText(task: TaskRef, due: string): Bilingual {
  return {
    vi: `Đôn đốc: "${task.title}" đến hạn lúc ${formatShortLocal(due)} (${formatAdministrativeDate(due, 'vi')}).`,
    en: `Reminder: "${en(task)}" is due at ${formatShortLocal(due)} (${formatAdministrativeDate(due, 'en')}).`,
  };
}

export function overdueText(task: TaskRef, due: string): Bilingual {
  return {
    vi: `Quá hạn: "${task.title}" chưa hoàn thành, hạn là ${formatShortLocal(due)}.`,
    en: `Overdue: "${en(task)}" is not done; it was due at ${formatShortLocal(due)}.`,
  };
}

export function refusedText(taskId: string, reason: Bilingual): Bilingual {
  return {
    vi: `Yêu cầu về công việc "${taskId}" bị từ chối: ${reason.vi}`,
    en: `Request on task "${taskId}" refused: ${reason.en}`,
  };
}

export function dateChangedText(date: string, reason: string): Bilingual {
  return {
    vi: `Hội nghị tổ chức ${formatAdministrativeDate(date, 'vi')}. Lý do: ${reason}`,
    en: `The conference is set for ${formatAdministrativeDate(date, 'en')}. Reason: ${reason}`,
  };
}

export function cancelledText(reason: string): Bilingual {
  return { vi: `Hội nghị đã bị hủy. Lý do: ${reason}`, en: `The conference was cancelled. Reason: ${reason}` };
}

/** Timer summary shown in the Temporal Web UI: "Hạn: Báo cáo tổng kết — 20/03/2023 00:00". */
export function timerSummary(kind: 'reminder' | 'due', task: TaskRef, at: string): string {
  return `${kind === 'due' ? 'Hạn' : 'Đôn đốc'}: ${task.title} — ${formatShortLocal(at)}`;
}
