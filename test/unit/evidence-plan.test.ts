/**
 * File fields in a plan: a field of type `file` takes a size limit (`maxBytes`), the default when
 * it gives none, and the plan is refused, naming the field, when the limit is not a whole number
 * of bytes within the ceiling or is given to a field that is not a file.
 */
import { describe, expect, it } from 'vitest';
import { EVIDENCE_LIMITS } from '../../domain/limits';
import { fileFieldMaxBytes, PlanSchema, type PlanInput } from '../../domain/plan/schema';
import { miniPlan } from '../helpers/mini-plan';

function withFields(fields: unknown[]): ReturnType<typeof PlanSchema.safeParse> {
  const input = structuredClone(miniPlan('http://127.0.0.1:9/x')) as PlanInput;
  const task = input.responsibilities[0]?.tasks.find((t) => t.id === 'report-a');
  if (task?.kind !== 'submission') throw new Error('mini plan changed');
  (task as { fields: unknown[] }).fields = fields;
  return PlanSchema.safeParse(input);
}

const fieldsOf = (r: ReturnType<typeof PlanSchema.safeParse>) => {
  const t = r.data?.responsibilities[0]?.tasks.find((x) => x.id === 'report-a');
  return t?.kind === 'submission' ? t.fields : [];
};

describe('file fields in a plan', () => {
  it('keeps a video field of 500 MiB and gives a report field the default limit', () => {
    const r = withFields([
      { name: 'videoFile', label: 'Video khoảng 5 phút', type: 'file', maxBytes: 500 * 1024 * 1024 },
      { name: 'reportFile', label: 'Báo cáo tổng kết', type: 'file' },
    ]);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    const [video, report] = fieldsOf(r);
    expect(fileFieldMaxBytes(video!)).toBe(500 * 1024 * 1024);
    expect(fileFieldMaxBytes(report!)).toBe(EVIDENCE_LIMITS.fileBytes);
  });

  it.each([
    ['over the ceiling', { type: 'file', maxBytes: EVIDENCE_LIMITS.fieldMaxBytes + 1 }, 'whole number of bytes'],
    ['not whole', { type: 'file', maxBytes: 1.5 }, 'whole number of bytes'],
    ['on a link field', { type: 'url', maxBytes: 1000 }, 'only a field of type file'],
  ])('refuses maxBytes %s, naming the field', (_what, field, reason) => {
    const r = withFields([{ name: 'videoFile', label: 'Video', ...field }]);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.path.slice(-2)).toEqual([0, 'maxBytes']);
    expect(issue?.message).toContain(reason);
  });
});
