import { DefaultLogger } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { perWorkflowModules, type BundleModule } from '../../bench/probe-bundle';
import { bundleKehoachWorkflows } from '../../worker/create-worker';

// Each cached workflow evaluates for itself every module of the bundle that is not preloaded
// (workflows/preload.ts): a domain module with zod schemas cost ~330 KiB per workflow, and with
// 15 workflows per open conference that is what decides how many conferences a worker holds
// (bench/README.md, "Memory"). Built as the worker builds it.
describe('the workflow bundle', () => {
  let bundle: { shared: BundleModule[]; perWorkflow: BundleModule[] };
  beforeAll(async () => {
    bundle = perWorkflowModules(await bundleKehoachWorkflows(new DefaultLogger('WARN')));
  }, 120_000);

  it('shares every domain module and zod: each workflow evaluates only the workflows’ own code', () => {
    expect(bundle.shared.map((m) => m.id)).toContain('./domain/actions.ts');
    const notOurs = bundle.perWorkflow.filter((m) => !m.id.startsWith('./workflows/'));
    expect(notOurs.map((m) => m.id)).toEqual([]);
  });

  it('holds neither the plan schema, the views nor the clock schema', () => {
    const all = [...bundle.shared, ...bundle.perWorkflow].map((m) => m.id);
    expect(all.filter((id) => /domain\/(plan\/schema|views|clock-schema)\.ts$/.test(id))).toEqual([]);
  });
});
