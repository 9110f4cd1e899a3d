/**
 * Retention is a stated setting: the embedded default's days, the floor under which `npm start`
 * and the worker refuse to run, and the archive store an operator's Temporal must name. The words
 * are what the operator reads, one sentence each.
 */
import { describe, expect, it } from 'vitest';
import {
  archiveStoreProblem,
  embeddedRetentionDays,
  formatRetention,
  MIN_RETENTION_HOURS,
  retentionProblem,
} from '../../client/retention';

const HOUR = 3_600_000;

describe('retention', () => {
  it('gives the embedded default 30 days, or the days the operator sets, never fewer than an archive needs', () => {
    expect(embeddedRetentionDays({})).toBe(30);
    expect(embeddedRetentionDays({ KEHOACH_RETENTION_DAYS: '365' })).toBe(365);
    expect(() => embeddedRetentionDays({ KEHOACH_RETENTION_DAYS: '1' })).toThrow(
      /KEHOACH_RETENTION_DAYS: "1".*at least 3/,
    );
    expect(() => embeddedRetentionDays({ KEHOACH_RETENTION_DAYS: 'năm' })).toThrow(/KEHOACH_RETENTION_DAYS/);
  });

  it('refuses a namespace that forgets histories before an archive is sure to be written', () => {
    // The dev server's own default: one day.
    expect(retentionProblem('default', 24 * HOUR)).toMatch(
      /^The namespace default keeps a closed workflow's history for 1 day, shorter than the 3 days .* --retention 72h/,
    );
    expect(retentionProblem('default', MIN_RETENTION_HOURS * HOUR)).toBeUndefined();
    expect(retentionProblem('kehoach', 168 * HOUR)).toBeUndefined();
    expect(formatRetention(720 * HOUR)).toBe('30 days');
    expect(formatRetention(36 * HOUR)).toBe('36 hours');
  });

  it('asks an operator running their own Temporal to name the archive store', () => {
    expect(archiveStoreProblem({})).toBeUndefined();
    expect(archiveStoreProblem({ TEMPORAL_ADDRESS: 'temporal:7233' })).toMatch(
      /KEHOACH_ARCHIVE_DIR .* KEHOACH_ARCHIVE_S3_ENDPOINT/,
    );
    expect(
      archiveStoreProblem({ TEMPORAL_ADDRESS: 'temporal:7233', KEHOACH_ARCHIVE_DIR: '/data/archive' }),
    ).toBeUndefined();
    expect(
      archiveStoreProblem({ TEMPORAL_PROFILE: 'prod', KEHOACH_EVIDENCE_S3_ENDPOINT: 'http://s3.local' }),
    ).toBeUndefined();
  });
});
