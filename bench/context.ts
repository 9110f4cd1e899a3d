/**
 * What every phase of one bench run shares (the client, the seed plan, the options, the two
 * task queues, the bare target), passed as one value so the phases keep short signatures and
 * cannot disagree on which queue or conference ids they use.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Plan } from '../domain/plan/schema';
import type { Options } from './options';
import type { bareTarget } from './workflows';

export interface BenchContext {
  client: Client;
  plan: Plan;
  opts: Options;
  /** Short random tag in every workflow id of this run. */
  tag: string;
  /** Kehoach's worker polls this queue. */
  engineQueue: string;
  /** The baseline worker (bench/workflows.ts) polls this one. */
  baselineQueue: string;
  /** The long-lived bare workflow that bare Updates, Signals and Queries go to. */
  target: WorkflowHandle<typeof bareTarget>;
}
