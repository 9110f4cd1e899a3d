/**
 * A tiny escaping template for server-rendered pages: every interpolated value is HTML-escaped
 * unless it is already `Html` (another template), so user text (notes, reasons, names) can never
 * become markup. Text is NFC-normalized on the way out, so Vietnamese renders the same everywhere.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

export function escapeHtml(s: string): string {
  return s
    .normalize('NFC')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(p: Part): string {
  if (p instanceof Html) return p.value;
  if (p === null || p === undefined || p === false || p === true) return '';
  if (Array.isArray(p)) return (p as readonly Part[]).map(render).join('');
  return escapeHtml(String(p));
}

/** `html\`<p>${text}</p>\`` — values are escaped; arrays are joined; false/null/undefined vanish. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup (only for constants written in this folder, such as the style sheet). */
export function raw(s: string): Html {
  return new Html(s);
}
