/**
 * Plain-text tables for a terminal or a text export, shared by every presenter that prints rows,
 * so that columns line up the same way everywhere (widths counted in code points, for Vietnamese).
 */

/** Display width, counting code points (Vietnamese text is precomposed). */
export function width(s: string): number {
  return [...s.normalize('NFC')].length;
}

/** A left-aligned text table with a header row and a rule under it. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  const rule = widths
    .map((w) => '-'.repeat(w))
    .join('  ')
    .trimEnd();
  return [line(header), rule, ...rows.map(line)].join('\n');
}
