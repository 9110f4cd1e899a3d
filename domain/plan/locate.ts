/**
 * Finds the line of a plan path in a parsed YAML document, so issues can say where in the file
 * the author should look. Node side only (used by `load.ts`).
 */
import { isNode, type Document, type LineCounter } from 'yaml';
import { parsePath } from './issues';

/**
 * Line (1-based) of the node at `path`, or of its nearest existing ancestor when the path names
 * something missing (a required field); undefined when nothing can be located.
 */
export function lineOf(doc: Document, lineCounter: LineCounter, path: string): number | undefined {
  const segments = parsePath(path);
  for (let n = segments.length; n >= 0; n -= 1) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
