/**
 * Zod issues → reasons in Vietnamese and English: the one translator of zod's refusals, for plan
 * files (plan issues) and for every payload, argument and form refused elsewhere (`issueReason`).
 *
 * Zod speaks English only; plan authors and units read Vietnamese. Messages written in our
 * schemas come from the catalog in `../reasons.ts`; zod's own messages are rebuilt from the
 * issue's code, so neither language carries a fragment of the other.
 * Workflow-safe: no I/O, no Node built-ins (the workflows' validators refuse through it).
 */
import type { z } from 'zod';
import { reasonVi } from '../reasons';
import { formatPath, issue, type PlanIssue } from './issues';
import type { Bilingual } from '../bilingual';

const TYPE_VI: Readonly<Record<string, string>> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'một đối tượng (các cặp khóa: giá trị)',
  array: 'một danh sách',
  record: 'một đối tượng (các cặp khóa: giá trị)',
  null: 'null',
};

/**
 * Translates zod's issues into plan issues, one per problem (an unknown key yields one issue per
 * key, pointing at the key itself so the CLI can show its line).
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): PlanIssue[] {
  const out: PlanIssue[] = [];
  for (const zi of issues) {
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        out.push(
          issue(
            formatPath([...zi.path, key]),
            `Trường "${key}" không có trong định dạng kế hoạch`,
            `Field "${key}" is not part of the plan format`,
          ),
        );
      }
      continue;
    }
    const [vi, en] = describe(zi);
    out.push(issue(formatPath(zi.path), capitalise(vi), capitalise(en)));
  }
  return out;
}

/**
 * Why zod refused a value, in both languages, lower-case and without a final stop, to follow a
 * field name: `{ vi: 'phải là một liên kết http(s)', en: 'must be an http(s) link' }`.
 */
export function issueReason(zi: z.core.$ZodIssue): Bilingual {
  if (zi.code === 'unrecognized_keys') {
    const keys = zi.keys.map((k) => `"${k}"`).join(', ');
    return zi.keys.length === 1
      ? { vi: `không có trường ${keys}`, en: `unknown field ${keys}` }
      : { vi: `không có các trường ${keys}`, en: `unknown fields ${keys}` };
  }
  const [vi, en] = describe(zi);
  return { vi: vi.normalize('NFC'), en };
}

function describe(zi: z.core.$ZodIssue): [string, string] {
  const custom = reasonVi(zi.message);
  if (custom !== undefined) return [custom, zi.message];
  switch (zi.code) {
    case 'invalid_type':
      if (isMissing(zi)) return ['thiếu trường bắt buộc', 'required field is missing'];
      return [`sai kiểu: cần ${TYPE_VI[zi.expected] ?? zi.expected}`, `wrong type: expected ${zi.expected}`];
    case 'invalid_value': {
      const values = zi.values.map((v) => JSON.stringify(v)).join(', ');
      return [`phải là một trong: ${values}`, `must be one of: ${values}`];
    }
    case 'invalid_union':
      if (zi.discriminator !== undefined && 'options' in zi) {
        const options = (zi.options ?? []).map((v) => JSON.stringify(v)).join(', ');
        return [`phải là một trong: ${options}`, `must be one of: ${options}`];
      }
      return ['không khớp với dạng nào được phép', 'does not match any allowed form'];
    case 'too_small':
      return bound(zi.origin, Number(zi.minimum), zi.inclusive !== false, 'min');
    case 'too_big':
      return bound(zi.origin, Number(zi.maximum), zi.inclusive !== false, 'max');
    case 'invalid_format':
      return [`sai định dạng (${zi.format})`, `invalid format (${zi.format})`];
    case 'invalid_key': {
      const inner = zi.issues[0];
      if (inner === undefined) return ['tên trường không hợp lệ', 'invalid field name'];
      const [vi, en] = describe(inner);
      return [`tên trường không hợp lệ: ${vi}`, `invalid field name: ${en}`];
    }
    case 'not_multiple_of':
      return [`phải là bội số của ${String(zi.divisor)}`, `must be a multiple of ${String(zi.divisor)}`];
    default:
      // A refinement without a catalogued message, or an issue code we do not meet: zod's
      // English is right for English readers only.
      return ['giá trị không hợp lệ', zi.message];
  }
}

/**
 * Missing rather than of the wrong type. Zod reports the input only when asked (`reportInput`);
 * otherwise its own English message ends with what it received.
 */
function isMissing(zi: z.core.$ZodIssueInvalidType): boolean {
  if ('input' in zi) return zi.input === undefined;
  return /received undefined$/.test(zi.message);
}

function bound(origin: string, n: number, inclusive: boolean, side: 'min' | 'max'): [string, string] {
  if (origin === 'array' || origin === 'set') {
    return side === 'min'
      ? [`cần ít nhất ${n} mục`, `needs at least ${n} item(s)`]
      : [`chỉ được tối đa ${n} mục`, `allows at most ${n} item(s)`];
  }
  if (origin === 'string') {
    if (side === 'min' && n === 1) return ['không được để trống', 'must not be empty'];
    return side === 'min'
      ? [`cần ít nhất ${n} ký tự`, `needs at least ${n} characters`]
      : [`chỉ được tối đa ${n} ký tự`, `allows at most ${n} characters`];
  }
  if (side === 'min') {
    return inclusive
      ? [`phải lớn hơn hoặc bằng ${n}`, `must be at least ${n}`]
      : [`phải lớn hơn ${n}`, `must be greater than ${n}`];
  }
  return inclusive
    ? [`phải nhỏ hơn hoặc bằng ${n}`, `must be at most ${n}`]
    : [`phải nhỏ hơn ${n}`, `must be less than ${n}`];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
