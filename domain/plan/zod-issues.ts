/**
 * Zod issues → plan issues with Vietnamese and English messages.
 *
 * Zod speaks English only; plan authors are Vietnamese civil servants. Messages written in the
 * schema are translated from a table; zod's own messages are rebuilt from the issue's code.
 * Workflow-safe: no I/O, no Node built-ins.
 */
import type { z } from 'zod';
import { formatPath, issue, type PlanIssue } from './issues';

/** Vietnamese for the custom messages written in `schema.ts` (keep in step with it). */
const SCHEMA_MESSAGES_VI: Readonly<Record<string, string>> = {
  'must be a lower-case slug such as "noi-vu" or "budget.estimate"':
    'phải là mã viết thường, không dấu, ví dụ "noi-vu" hoặc "budget.estimate"',
  'must be a date written YYYY-MM-DD': 'phải là ngày viết theo dạng YYYY-MM-DD',
  'is not a real calendar date': 'không phải là một ngày có thật',
  'must be a time written HH:MM': 'phải là giờ viết theo dạng HH:MM',
  'must be a local time written YYYY-MM-DDTHH:MM': 'phải là thời điểm (giờ Việt Nam) viết theo dạng YYYY-MM-DDTHH:MM',
  'must be a span such as "3d", "12h" or "30m"': 'phải là khoảng thời gian như "3d", "12h" hoặc "30m"',
  'must be a span such as "3d", "5wd", "12h" or "30m"':
    'phải là khoảng thời gian như "3d", "5wd" (ngày làm việc), "12h" hoặc "30m"',
  'must be a number of days such as "30d" or "5wd"': 'phải là số ngày như "30d" hoặc "5wd" (ngày làm việc)',
  'needs a tentative window when the date is not fixed':
    'cần khoảng thời gian dự kiến (window) khi kế hoạch chưa ấn định ngày (date)',
  'must not be empty': 'không được để trống',
  'must be a camelCase field name': 'phải là tên trường dạng camelCase',
  'a task needs at least one assignee unit': 'công việc cần ít nhất một đơn vị thực hiện',
  'an approval needs at least one approver unit': 'công việc phê duyệt cần ít nhất một đơn vị phê duyệt',
  'a phased duty needs at least one phase': 'nhiệm vụ theo giai đoạn cần ít nhất một giai đoạn',
  'a responsibility needs at least one task': 'nhiệm vụ cần ít nhất một công việc',
};

const TYPE_VI: Readonly<Record<string, string>> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'một đối tượng (các cặp khóa: giá trị)',
  array: 'một danh sách',
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

function describe(zi: z.core.$ZodIssue): [string, string] {
  const custom = SCHEMA_MESSAGES_VI[zi.message];
  if (custom !== undefined) return [custom, zi.message];
  switch (zi.code) {
    case 'invalid_type':
      if (zi.input === undefined) return ['thiếu trường bắt buộc', 'required field is missing'];
      return [`sai kiểu: cần ${TYPE_VI[zi.expected] ?? zi.expected}`, `wrong type: expected ${zi.expected}`];
    case 'invalid_value': {
      const values = zi.values.map((v) => JSON.stringify(v)).join(', ');
      return [`giá trị không hợp lệ; cần một trong: ${values}`, `invalid value; expected one of: ${values}`];
    }
    case 'invalid_union':
      if (zi.discriminator !== undefined && 'options' in zi) {
        const options = (zi.options ?? []).map((v) => JSON.stringify(v)).join(', ');
        return [`giá trị không hợp lệ; cần một trong: ${options}`, `invalid value; expected one of: ${options}`];
      }
      return ['không khớp với dạng nào được phép', 'does not match any allowed form'];
    case 'too_small':
      return bound(zi.origin, Number(zi.minimum), zi.inclusive !== false, 'min');
    case 'too_big':
      return bound(zi.origin, Number(zi.maximum), zi.inclusive !== false, 'max');
    case 'invalid_format':
      return [`sai định dạng (${zi.format})`, `invalid format (${zi.format})`];
    default:
      return ['giá trị không hợp lệ', zi.message];
  }
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
