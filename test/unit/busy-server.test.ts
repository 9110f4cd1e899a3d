/**
 * A Temporal that answers too late (a query no worker took in time, a server restarting) is not
 * the caller's mistake and not a fault to hide behind "server error": the web answers 503 with
 * a reason to try again, and the CLI says the same.
 */
import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ErrorType } from '../../domain/errors';
import { explainFailure } from '../../present/explain-failure';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

describe('a busy or restarting Temporal', () => {
  it('is answered 503 "try again", not 500, when a query timed out before a worker took it', () => {
    const err = new ServiceError('Failed to query Workflow', {
      cause: grpcError(4, 'query timed out before a worker could process it'),
    });
    const e = explainFailure(err, 'c1');
    expect(e?.status).toBe(503);
    expect(e?.type).toBe(ErrorType.Busy);
    expect(e?.vi).toMatch(/thử lại/);
    expect(e?.en).toMatch(/try again/);
  });

  it('is answered 503 when the server is unreachable for a moment (UNAVAILABLE)', () => {
    expect(explainFailure(new ServiceError('x', { cause: grpcError(14, 'connection reset') }), 'c1')?.status).toBe(503);
  });

  it('leaves other server faults unexplained (a 500 the server logs)', () => {
    expect(explainFailure(new ServiceError('x', { cause: grpcError(13, 'internal') }), 'c1')).toBeUndefined();
  });
});
