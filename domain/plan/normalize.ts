/**
 * Unicode normalisation of plan data.
 *
 * Vietnamese can be typed precomposed ("ệ", one code point) or decomposed ("e" + two combining
 * marks). Both look the same but compare unequal, so names, titles and ids are brought to NFC
 * before anything compares or stores them. Workflow-safe: no I/O, no Node built-ins, no `Intl`.
 */

/** Returns a deep copy of plain data with every string (values and keys) in NFC. */
export function normalizeNfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalizeNfc);
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.normalize('NFC')] = normalizeNfc(v);
    return out;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
