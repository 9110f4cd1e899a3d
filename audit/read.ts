/**
 * Where the audit's histories come from: a Temporal server (the conference workflow and every
 * responsibility workflow it started) or files exported with `temporal workflow show --output
 * json`, so an auditor can work from a server or from an archive alike. All of the audit's I/O is
 * here, together with the workaround for reading exported files when npm installed protobufjs twice.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { conferenceWorkflowId } from '../domain/ids';
import { openHistory, openHistoryWith } from '../client/open-history';
import { sealCodec } from '../client/seal-codec';
import { childWorkflowIds, type WorkflowHistory } from './decode';

/** The conference's history and its children's, as the server holds them now. */
export async function fetchConferenceHistories(client: Client, conferenceId: string): Promise<WorkflowHistory[]> {
  const parentId = conferenceWorkflowId(conferenceId);
  const parent = await openHistory(client, await client.workflow.getHandle(parentId).fetchHistory(), parentId);
  const out: WorkflowHistory[] = [{ workflowId: parentId, history: parent }];
  for (const childId of childWorkflowIds(parent)) {
    try {
      const history = await client.workflow.getHandle(childId).fetchHistory();
      out.push({ workflowId: childId, history: await openHistory(client, history, childId) });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return out;
}

/**
 * Reads exported histories (proto JSON, as `temporal workflow show --output json` writes them),
 * opened with the deployment's seal keys when they are at hand (an export made through the codec
 * endpoint is already open).
 */
export async function readHistoryFiles(
  paths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkflowHistory[]> {
  const files: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      for (const name of (await readdir(p)).sort()) if (name.endsWith('.json')) files.push(join(p, name));
    } else {
      files.push(p);
    }
  }
  const codecs = exportCodecs(env);
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  const out: WorkflowHistory[] = [];
  for (const f of files) {
    const json: unknown = JSON.parse(await readFile(f, 'utf8'));
    const history = historyFromJson(json);
    // An export does not say its workflow id: opened without one (the workflow judged it when it ran).
    out.push({ history: codecs.length ? await openHistoryWith(codecs, history, '', namespace) : history });
  }
  return out;
}

/** The codec that opens exported histories: the deployment's keys if this machine holds them. */
function exportCodecs(env: NodeJS.ProcessEnv): ReturnType<typeof sealCodec>[] {
  try {
    return [sealCodec(env, false)];
  } catch {
    return [];
  }
}

/**
 * Proto JSON → History. The SDK's `historyFromJSON` fails ("type must be a Type") when npm
 * installs two copies of protobufjs (one under @temporalio/common, one under @temporalio/proto);
 * then the history is read with the copy that @temporalio/proto's own types come from.
 */
export function historyFromJson(json: unknown): History {
  try {
    return historyFromJSON(json);
  } catch (err) {
    if (!(err instanceof TypeError) || !/must be a Type/.test(err.message)) throw err;
  }
  const protoRequire = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const protojson = protoRequire('protobufjs/ext/protojson') as {
    fromJson(type: unknown, value: unknown, options: { ignoreUnknownFields: boolean }): unknown;
  };
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  return protojson.fromJson(root.lookupType('temporal.api.history.v1.History'), json, {
    ignoreUnknownFields: true,
  }) as History;
}
