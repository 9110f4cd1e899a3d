/**
 * Reading plan files: YAML text → validated `Plan`, with line numbers on every issue that can be
 * located. Node side only (file I/O, `Intl`); the workflows receive the validated object.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { issue, type PlanIssue } from './issues';
import { lineOf } from './locate';
import type { Plan } from './schema';
import { validatePlan } from './validate';

/** Folder of the plan files shipped with Kehoach (absolute). */
export const PLANS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../plans');

/** The seed plan: the 2022 conference of the highland-district cluster, held in Tủa Chùa. */
export const SEED_PLAN_PATH = resolve(PLANS_DIR, 'ke-hoach-hoi-nghi-tong-ket-2022.yaml');

/** Largest plan file accepted; a real plan is a few dozen KiB, anything bigger is a mistake. */
export const MAX_PLAN_BYTES = 1024 * 1024;

/** A plan issue, with the line of the YAML file it points to when that can be found. */
export interface LocatedPlanIssue extends PlanIssue {
  line?: number;
}

export type PlanLoadResult = { ok: true; plan: Plan } | { ok: false; issues: LocatedPlanIssue[] };

const unitCollator = new Intl.Collator('vi');

/** Vietnamese for the YAML errors a plan author is likely to make; others are named by their code. */
const YAML_ERRORS_VI: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'một khóa xuất hiện hai lần trong cùng một mục',
  BAD_INDENT: 'thụt lề không đúng, hoặc thiếu dấu đóng ngoặc',
  MISSING_CHAR: 'thiếu ký tự đóng (dấu ngoặc hoặc dấu nháy)',
  TAB_AS_INDENT: 'không được dùng phím tab để thụt lề',
  MULTIPLE_DOCS: 'tệp chỉ được chứa một tài liệu YAML',
  UNEXPECTED_TOKEN: 'có ký tự không đúng chỗ',
  BLOCK_AS_IMPLICIT_KEY: 'khóa không được viết trên nhiều dòng',
  MULTILINE_IMPLICIT_KEY: 'khóa không được viết trên nhiều dòng',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự dành riêng (như @ hoặc `); hãy đặt nó trong dấu nháy',
  BAD_DQ_ESCAPE: 'chuỗi trong dấu nháy kép có ký tự thoát (\\) không hợp lệ',
  KEY_OVER_1024_CHARS: 'khóa dài quá 1024 ký tự',
  BLOCK_IN_FLOW: 'không được viết khối nhiều dòng bên trong dấu ngoặc [ ] hoặc { }',
  BAD_ALIAS: 'bí danh (alias "*") không hợp lệ',
  ALIAS_PROPS: 'bí danh (alias "*") không được có thẻ hay neo',
  MULTIPLE_ANCHORS: 'một giá trị chỉ được có một neo (&)',
  MULTIPLE_TAGS: 'một giá trị chỉ được có một thẻ (!)',
  BAD_DIRECTIVE: 'chỉ thị YAML (dòng bắt đầu bằng %) không được hỗ trợ',
  RESOURCE_EXHAUSTION: 'tệp dùng bí danh quá nhiều lần',
};

/**
 * Parses and validates plan text, so the CLI and tests share one path from YAML to `Plan`.
 * YAML syntax errors are issues like any other; units come back sorted by their Vietnamese name.
 */
export function parsePlanText(text: string, fileName = 'plan'): PlanLoadResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_PLAN_BYTES) return tooLarge(fileName);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const en = firstLine(e.message);
        const vi = YAML_ERRORS_VI[e.code];
        return {
          ...issue('', vi ? `Lỗi cú pháp YAML: ${vi}` : `Lỗi cú pháp YAML (${e.code})`, `YAML syntax error: ${en}`),
          line: lineCounter.linePos(e.pos[0]).line,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = firstLine(e instanceof Error ? e.message : String(e));
    // toJS fails only on aliases (`*name`): one that names no anchor, or too many of them.
    const vi = 'Không đọc được YAML: có bí danh (alias "*") không trỏ tới neo nào, hoặc dùng quá nhiều bí danh';
    return { ok: false, issues: [issue('', vi, `Cannot read the YAML: ${message}`)] };
  }
  const result = validatePlan(data);
  if (!result.ok) {
    const located: LocatedPlanIssue[] = result.issues.map((i) => {
      const line = lineOf(doc, lineCounter, i.path);
      return line === undefined ? i : { ...i, line };
    });
    // In file order, so the author can fix them top to bottom (sort is stable; unlocated last).
    located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    return { ok: false, issues: located };
  }
  const units = [...result.plan.units].sort((a, b) => unitCollator.compare(a.name, b.name));
  return { ok: true, plan: { ...result.plan, units } };
}

/**
 * Reads and validates a plan file; an unreadable or oversized file is reported as an issue
 * rather than thrown, so `kehoach plan check` answers every bad input the same way.
 */
export async function loadPlanFile(path: string): Promise<PlanLoadResult> {
  const name = basename(path);
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      return { ok: false, issues: [issue('', `"${path}" không phải là một tệp`, `"${path}" is not a file`)] };
    }
    if (info.size > MAX_PLAN_BYTES) return tooLarge(name);
    return parsePlanText(await readFile(path, 'utf8'), name);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      ok: false,
      issues: [issue('', `Không đọc được tệp "${path}" (${code})`, `Cannot read file "${path}" (${code})`)],
    };
  }
}

function tooLarge(fileName: string): PlanLoadResult {
  return {
    ok: false,
    issues: [
      issue(
        '',
        `Tệp kế hoạch "${fileName}" lớn hơn 1 MiB; một kế hoạch thật chỉ vài chục KiB`,
        `Plan file "${fileName}" is larger than 1 MiB; a real plan is a few dozen KiB`,
      ),
    ],
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
