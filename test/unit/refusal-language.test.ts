import { describe, expect, it } from 'vitest';
import { CancelSchema, IssueLinkSchema, LIMITS, SetDateSchema, TaskActionSchema } from '../../domain/actions';
import { ErrorType, parseOrRefuse, refusalDetails, type RefusalDetails } from '../../domain/errors';
import { validatePlan } from '../../domain/plan/validate';
import { REASON } from '../../domain/reasons';
import { refuse } from '../../workflows/responsibility/refusals';
import { workflowStatusText } from '../../present/words';
import { langOfArgv, usageMessage } from '../../cli/usage';
import { fixtureData, setAt } from './helpers/plans';

/** Letters only Vietnamese uses: an English text holding one has a Vietnamese fragment. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** English words zod and our schemas use; a Vietnamese text holding one has an English fragment. */
const ENGLISH =
  /\b(must|be|at|most|least|letters?|digits?|or|links?|characters?|fields?|expected|invalid|value|required|missing|input|too|big|small|unrecognized|keys?|type|string|number|object|received|name|person|acting|say|why|describe|incident|one|of|unknown|allows|needs|items?|wrong|format|match)\b/i;

/** Quoted names (keys, enum values) are exempt: they are what the reader typed or must type. */
const unquoted = (s: string): string => s.replace(/"[^"]*"/g, '""');

function refused(schema: Parameters<typeof parseOrRefuse>[0], raw: unknown): RefusalDetails {
  try {
    parseOrRefuse(schema, raw);
  } catch (err) {
    const details = refusalDetails(err);
    if (details) return details;
  }
  throw new Error(`accepted: ${JSON.stringify(raw)}`);
}

function expectOneLanguageEach(d: RefusalDetails): void {
  expect(unquoted(d.vi), d.vi).not.toMatch(ENGLISH);
  expect(d.vi).toMatch(/^Giá trị không hợp lệ/);
  expect(d.vi).toBe(d.vi.normalize('NFC'));
  expect(d.en, d.en).not.toMatch(VIETNAMESE);
  expect(d.en).toMatch(/^Invalid value/);
}

const actor = { unitId: 'noi-vu', person: 'Lò Văn A' };
const complete = { action: 'complete', taskId: 'a.b', actor, requestId: 'req-00000001' };

describe('a refused payload, in one language per reader', () => {
  it('tells a bad request id in Vietnamese to a Vietnamese reader, and in the same English as before', () => {
    const d = refused(TaskActionSchema, { ...complete, requestId: 'x' });
    expect(d).toEqual({
      type: ErrorType.InvalidPayload,
      field: 'requestId',
      vi: 'Giá trị không hợp lệ: phải gồm 8 đến 100 ký tự: chữ cái không dấu, chữ số hoặc _ . : -.',
      en: 'Invalid value: must be 8 to 100 letters, digits or _ . : -.',
    });
    expectOneLanguageEach(d);
  });

  it.each([
    ['no person', { ...complete, actor: { unitId: 'noi-vu', person: ' ' } }, 'actor.person'],
    ['a person too long', { ...complete, actor: { unitId: 'noi-vu', person: 'x'.repeat(200) } }, 'actor.person'],
    ['a unit that is not a slug', { ...complete, actor: { unitId: 'Nội Vụ', person: 'A' } }, 'actor.unitId'],
    ['an unknown action', { ...complete, action: 'finish' }, 'action'],
    ['no action', { taskId: 'a.b', actor, requestId: 'req-00000001' }, 'action'],
    ['an unknown key', { ...complete, colour: 'red' }, 'payload'],
    ['two unknown keys', { ...complete, colour: 'red', size: 1 }, 'payload'],
    ['a note of the wrong type', { ...complete, note: 5 }, 'note'],
    ['a note too long', { ...complete, note: 'x'.repeat(LIMITS.noteChars + 1) }, 'note'],
    ['an ftp link', { ...complete, evidence: ['ftp://e.example/1'] }, 'evidence.0'],
    [
      'too many links',
      { ...complete, evidence: Array(LIMITS.evidenceLinks + 1).fill('https://e.example/1') },
      'evidence',
    ],
    ['a sendBack with no reason', { ...complete, action: 'sendBack', reason: '' }, 'reason'],
    ['an incident not described', { ...complete, action: 'reportIncident', phase: 'during', note: ' ' }, 'note'],
    ['an unknown phase', { ...complete, action: 'confirmPhase', phase: 'later' }, 'phase'],
    [
      'too many fields',
      {
        ...complete,
        action: 'submit',
        fields: Object.fromEntries(Array.from({ length: LIMITS.fields + 1 }, (_, i) => [`f${i}`, i])),
      },
      'fields',
    ],
    [
      'a field name too long',
      { ...complete, action: 'submit', fields: { ['k'.repeat(70)]: 1 } },
      `fields.${'k'.repeat(70)}`,
    ],
    ['a field of the wrong type', { ...complete, action: 'submit', fields: { a: true } }, 'fields.a'],
    ['no payload at all', null, 'payload'],
  ])('says what is wrong with %s in Vietnamese, and in English, keeping the field', (_, raw, field) => {
    const d = refused(TaskActionSchema, raw);
    expect(d.type).toBe(ErrorType.InvalidPayload);
    expect(d.field).toBe(field);
    expectOneLanguageEach(d);
  });

  it('translates the organizer commands too: date, cancel, access links', () => {
    const cmd = { actor, requestId: 'req-00000001' };
    for (const [schema, raw] of [
      [SetDateSchema, { ...cmd, date: '2023-02-30', reason: 'giấy mời' }],
      [SetDateSchema, { ...cmd, date: '2023-03-27', reason: '' }],
      [SetDateSchema, { ...cmd, date: '2023-03-27' }],
      [CancelSchema, { ...cmd, reason: ' ' }],
      [
        IssueLinkSchema,
        { ...cmd, linkId: 'x', unitId: 'a', role: 'unit', tokenHash: 'a'.repeat(64), expiresAt: '2023-03-31T00:00Z' },
      ],
      [
        IssueLinkSchema,
        { ...cmd, linkId: 'abcdefgh', unitId: 'a', role: 'unit', tokenHash: 'z', expiresAt: '2023-03-31T00:00Z' },
      ],
      [
        IssueLinkSchema,
        { ...cmd, linkId: 'abcdefgh', unitId: 'a', role: 'unit', tokenHash: 'a'.repeat(64), expiresAt: '31/3/2023' },
      ],
      [
        IssueLinkSchema,
        {
          ...cmd,
          linkId: 'abcdefgh',
          unitId: 'a',
          role: 'boss',
          tokenHash: 'a'.repeat(64),
          expiresAt: '2023-03-31T00:00Z',
        },
      ],
    ] as const)
      expectOneLanguageEach(refused(schema, raw));
  });
});

describe('the catalog of reasons', () => {
  it('gives every reason in Vietnamese (NFC, with its letters) and in English (without them)', () => {
    const entries = Object.entries(REASON);
    for (const [key, r] of entries) {
      expect(r.en, key).not.toMatch(VIETNAMESE);
      expect(r.vi, key).toMatch(VIETNAMESE);
      expect(unquoted(r.vi), key).not.toMatch(ENGLISH);
      expect(r.vi, key).toBe(r.vi.normalize('NFC'));
    }
    expect(new Set(entries.map(([, r]) => r.en)).size).toBe(entries.length);
  });
});

describe('a plan file refused by its schema', () => {
  it('says a wrong type is a wrong type (not a missing field), in each language', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[1].title', 42);
    const result = validatePlan(data);
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'responsibilities[1].title',
        message: { vi: 'Sai kiểu: cần chuỗi ký tự', en: 'Wrong type: expected string' },
      },
    ]);
  });
});

describe('a refused move on a task, in one language per reader', () => {
  it('names the task kind and the actions in Vietnamese words, and keeps the English as it was', () => {
    const d = refusalDetails(refuse.wrongAction('budget.estimate', 'approval', 'sign', ['approve', 'sendBack']));
    expect(d?.vi).toBe(
      'Công việc "budget.estimate" (loại phê duyệt) không nhận thao tác "Ký"; dùng: Phê duyệt, Trả lại.',
    );
    expect(d?.en).toBe('Task "budget.estimate" (kind approval) does not take "sign"; use: approve, sendBack.');
  });

  it('names a phase in Vietnamese words ("trước hội nghị"), not its code', () => {
    for (const f of [
      refuse.noSuchPhase('before'),
      refuse.phaseConfirmed('before'),
      refuse.earlierPhaseFirst('before'),
      refuse.phaseAwaitsDate('before'),
      refuse.phaseNotOpen('before', '2023-03-20T01:00:00Z'),
    ]) {
      const d = refusalDetails(f);
      expect(d?.vi).toContain('"trước hội nghị"');
      expect(d?.vi).not.toContain('before');
      expect(d?.en).toContain('"before"');
    }
  });
});

describe('a conference status in a list', () => {
  it('is in words of the reader, whether Kehoach or Temporal set it', () => {
    expect(workflowStatusText('running', 'vi')).toBe('đang chạy');
    expect(workflowStatusText('running', 'en')).toBe('running');
    expect(workflowStatusText('terminated', 'vi')).toBe('bị dừng hẳn');
    expect(workflowStatusText('timed_out', 'en')).toBe('timed out');
  });
});

describe('a usage error of the kehoach command', () => {
  it("is in Vietnamese unless --lang en asks for commander's English", () => {
    const missing = "error: required option '--by <name>' not specified\n";
    expect(usageMessage(missing, 'vi')).toBe("lỗi: thiếu tùy chọn bắt buộc '--by <name>'\n");
    expect(usageMessage(missing, 'en')).toBe(missing);
    expect(
      usageMessage("error: option '--lang <lang>' argument 'fr' is invalid. Allowed choices are vi, en.\n", 'vi'),
    ).toBe("lỗi: giá trị 'fr' của tùy chọn '--lang <lang>' không hợp lệ; chọn một trong: vi, en.\n");
    expect(usageMessage("error: unknown command 'stauts'\n(Did you mean status?)\n", 'vi')).toBe(
      "lỗi: không có lệnh 'stauts'\n(Có phải ý bạn là status?)\n",
    );
    expect(langOfArgv(['node', 'kehoach', 'status', 'x', '--lang', 'en'])).toBe('en');
    expect(langOfArgv(['node', 'kehoach', 'status', 'x'])).toBe('vi');
  });
});
