/**
 * The activities alone, in Temporal's mock activity environment: what a webhook receiver and the
 * council actually get.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createNotify } from '../../activities/notify';
import { renderProgressReport } from '../../activities/progress-report';
import type { DeliveryReport, Notification } from '../../activities/types';
import type { ConferenceStatus, TaskView } from '../../domain/views';

const notification: Notification = {
  key: 'conference:c1:districts:districts.nam-po.report|-|2023-03-19T17:00:00.000Z|due',
  conferenceId: 'c1',
  kind: 'overdue',
  taskId: 'districts.nam-po.report',
  at: '2023-03-19T17:00:00.000Z',
  recipients: [
    {
      id: 'nam-po',
      name: 'UBND huyện Nậm Pồ',
      contacts: [{ channel: 'webhook', url: 'https://hooks.example/nam-po' }],
    },
    { id: 'noi-vu', name: 'Phòng Nội vụ', contacts: [{ channel: 'log' }] },
  ],
  text: { vi: 'Quá hạn: báo cáo', en: 'Overdue: report' },
};

function fakeFetch(status: number, calls: { url: string; init: RequestInit }[]): typeof fetch {
  return (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
    return Promise.resolve(new Response(null, { status }));
  };
}

describe('notify', () => {
  it('posts to each webhook with an idempotency key per notification and unit, and logs the rest', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const notify = createNotify({ fetch: fakeFetch(204, calls), webhookTimeoutMs: 1000 });
    const report: DeliveryReport = await new MockActivityEnvironment().run(notify, notification);
    expect(report.delivered).toEqual([
      { unitId: 'nam-po', channel: 'webhook' },
      { unitId: 'noi-vu', channel: 'log' },
    ]);
    expect(calls).toHaveLength(1);
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['idempotency-key']).toBe(`${notification.key}:nam-po`);
    expect(JSON.parse(calls[0]?.init.body as string)).toMatchObject({ kind: 'overdue', recipient: { id: 'nam-po' } });
  });

  it('lets Temporal retry a receiver that fails or is busy, but not one that refuses the request', async () => {
    const env = new MockActivityEnvironment();
    const busy = createNotify({ fetch: fakeFetch(503, []), webhookTimeoutMs: 1000 });
    const busyError = await env.run(busy, notification).catch((e: unknown) => e);
    expect(busyError).toBeInstanceOf(Error);
    expect(busyError).not.toBeInstanceOf(ApplicationFailure);
    const refused = createNotify({ fetch: fakeFetch(404, []), webhookTimeoutMs: 1000 });
    const refusedError = await env.run(refused, notification).catch((e: unknown) => e);
    expect(refusedError).toBeInstanceOf(ApplicationFailure);
    expect((refusedError as ApplicationFailure).nonRetryable).toBe(true);
  });
});

describe('progress report', () => {
  const task = (id: string, assignees: string[], state: TaskView['state'], overdue = false): TaskView => ({
    id,
    responsibilityId: 'r',
    title: `Công việc ${id}`,
    kind: 'once',
    clause: 'III.1',
    assignees,
    deciders: [],
    dependsOn: [],
    state,
    due: '2023-03-27T10:00:00.000Z',
    waitingFor: null,
    organizerChoice: false,
    overdue,
    signedBy: [],
    phases: [],
    history: [],
  });
  const status = {
    conferenceId: 'c1',
    planId: 'p',
    title: 'Hội nghị tổng kết',
    status: 'running',
    date: '2023-03-30',
    window: { from: '2023-03-20', to: '2023-03-31', text: 'cuối tháng 3' },
    dateChanges: [],
    clock: { mode: 'real' },
    asOf: '2023-03-28T03:00:00.000Z',
    counts: { total: 4, done: 1, open: 2, blocked: 1, overdue: 1, late: 0 },
    responsibilities: [
      {
        id: 'r',
        title: 'R',
        lead: 'noi-vu',
        clause: 'III',
        status: 'running',
        tasks: [
          task('a', ['noi-vu'], 'done'),
          task('b', ['noi-vu'], 'open'),
          task('c', ['nam-po'], 'open', true),
          task('d', ['nam-po'], 'blocked'),
        ],
      },
    ],
  } satisfies ConferenceStatus;

  it('counts done, due, overdue and waiting per unit, names overdue tasks, and writes dates the administrative way', async () => {
    const report = await renderProgressReport({
      status,
      unitNames: { 'noi-vu': 'Phòng Nội vụ', 'nam-po': 'UBND huyện Nậm Pồ' },
    });
    expect(report.vi).toContain('BÁO CÁO TIẾN ĐỘ — Hội nghị tổng kết');
    expect(report.vi).toContain('ngày 28 tháng 3 năm 2023');
    expect(report.vi).toContain('Ngày hội nghị: ngày 30 tháng 3 năm 2023');
    expect(report.vi).toContain('| Phòng Nội vụ | 1 | 1 | 0 | 0 |');
    expect(report.vi).toContain('| UBND huyện Nậm Pồ | 0 | 1 | 1 | 1 |');
    expect(report.vi).toContain('- Công việc c (UBND huyện Nậm Pồ; hạn 27/03/2023 17:00)');
    expect(report.en).toContain('As of 28/03/2023 10:00, 28 March 2023');
    // Units in Vietnamese alphabetical order: "Phòng" before "UBND".
    expect(report.vi.indexOf('Phòng Nội vụ |')).toBeLessThan(report.vi.indexOf('UBND huyện Nậm Pồ |'));
  });
});
