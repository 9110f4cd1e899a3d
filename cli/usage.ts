/**
 * Commander's usage errors (unknown option, missing argument, a choice not allowed), which it
 * writes in English only, said in the reader's language: kept for `--lang en`, in Vietnamese
 * otherwise. Option names, values and choices stay as typed. A message we do not know passes
 * through unchanged.
 */
import type { Lang } from '../domain/time';

type Rule = [RegExp, (...m: string[]) => string];

const RULES: Rule[] = [
  [/^error: required option '(.+)' not specified$/, (o) => `lỗi: thiếu tùy chọn bắt buộc '${o}'`],
  [/^error: option '(.+)' argument missing$/, (o) => `lỗi: tùy chọn '${o}' cần một giá trị`],
  [/^error: missing required argument '(.+)'$/, (a) => `lỗi: thiếu đối số bắt buộc '${a}'`],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/,
    (o, v, choices) => `lỗi: giá trị '${v}' của tùy chọn '${o}' không hợp lệ; chọn một trong: ${choices}.`,
  ],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\..*$/,
    (o, v) => `lỗi: giá trị '${v}' của tùy chọn '${o}' không hợp lệ.`,
  ],
  [/^error: unknown option '(.+)'$/, (o) => `lỗi: không có tùy chọn '${o}'`],
  [/^error: unknown command '(.+)'$/, (c) => `lỗi: không có lệnh '${c}'`],
  [
    /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (c, expected, got) => `lỗi: thừa đối số${c ? ` cho lệnh '${c}'` : ''}: cần ${expected}, nhận được ${got}.`,
  ],
  [/^\(Did you mean (.+)\?\)$/, (s) => `(Có phải ý bạn là ${s}?)`],
];

/** One usage error in the reader's language, line by line. */
export function usageMessage(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  return message
    .split('\n')
    .map((line) => {
      for (const [pattern, say] of RULES) {
        const m = pattern.exec(line);
        if (m) return say(...m.slice(1).map((g) => g ?? ''));
      }
      return line;
    })
    .join('\n');
}

/** The language a command line asks for (`--lang en`, `--lang=en`); Vietnamese by default. */
export function langOfArgv(argv: readonly string[]): Lang {
  const i = argv.lastIndexOf('--lang');
  if (i >= 0 && argv[i + 1] === 'en') return 'en';
  return argv.includes('--lang=en') ? 'en' : 'vi';
}
