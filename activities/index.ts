/** The activity implementations the worker registers; dependencies are injectable for tests. */
import { createNotify, type NotifyDeps } from './notify';
import { renderProgressReport } from './progress-report';
import type { Activities } from './types';

export function createActivities(deps: Partial<NotifyDeps> = {}): Activities {
  return {
    notify: createNotify({ fetch: deps.fetch ?? fetch, webhookTimeoutMs: deps.webhookTimeoutMs ?? 5000 }),
    renderProgressReport,
  };
}
