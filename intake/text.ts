/**
 * Small text helpers the extraction rules share: NFC, spaces, slugs without diacritics, word
 * sets for comparing two sentences, and sentence case for lines the document writes in capitals.
 * Pure; no I/O.
 */

/** NFC, non-breaking and repeated spaces collapsed, trimmed. */
export function clean(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u00a0\u2000-\u200b\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Letters without their Vietnamese marks (đ → d), lower-case. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A lower-case slug (`noi-vu`) for ids, at most `max` characters, cut at a dash. */
export function slug(s: string, max = 40): string {
  const out = fold(s)
    .replace(/&/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (out.length <= max) return out || 'x';
  const cut = out.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return (dash > 10 ? cut.slice(0, dash) : cut).replace(/-+$/g, '');
}

/** The words of a text for comparison: lower-case, NFC, "&" read as "và", punctuation dropped. */
export function words(s: string): string[] {
  return clean(s)
    .toLowerCase()
    .replace(/&/g, ' và ')
    .split(/[^\p{L}\p{N}/]+/u)
    .filter((w) => w.length > 0);
}

/** Dice coefficient of two texts' word sets (1: same words, 0: none shared). */
export function similarity(a: string, b: string): number {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return (2 * shared) / (wa.size + wb.size);
}

/** First letter upper-case. */
export function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

/** First letter lower-case, unless the first word is an acronym (UBND) or a name. */
export function lowerFirst(s: string): string {
  const first = s.split(' ')[0] ?? '';
  if (first.length > 1 && first === first.toLocaleUpperCase('vi')) return s;
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** Acronyms the genre writes in capitals in running text, kept as they are in sentence case. */
const ACRONYMS = new Set(['UBND', 'HĐND', 'MTTQ', 'TĐKT', 'VH', 'TT', 'TH', 'KH', 'TC', 'TM', 'KT', 'Q']);
/** After these words comes a place name, written with capitals on each word. */
const PLACE_WORDS = new Set(['tỉnh', 'huyện', 'xã', 'trấn', 'phố', 'quận', 'phường']);
/** Words that end a place name ("huyện vùng cao" is a kind of district, not a name). */
const NOT_PLACE = new Set(['vùng', 'các', 'và', 'trong', 'năm', 'miền']);

/**
 * "CHỦ TỊCH UBND HUYỆN TỦA CHÙA" → "Chủ tịch UBND huyện Tủa Chùa": the header and the signature
 * block are in capitals; plans quote them in sentence case. Acronyms stay, the words after an
 * administrative word (huyện, tỉnh, xã, …) are a place name and keep a capital each.
 */
export function sentenceCase(caps: string): string {
  let place = false;
  return clean(caps)
    .split(' ')
    .map((w, i) => {
      if (ACRONYMS.has(w)) {
        place = false;
        return w;
      }
      const lower = w.toLocaleLowerCase('vi');
      if (place && !NOT_PLACE.has(lower)) return capitalise(lower);
      place = PLACE_WORDS.has(lower);
      return i === 0 ? capitalise(lower) : lower;
    })
    .join(' ');
}

/** True when the text has letters and all of them are capitals. */
export function isCaps(s: string): boolean {
  return /\p{L}/u.test(s) && s === s.toLocaleUpperCase('vi');
}
