/**
 * The standalone worker, for a Temporal cluster (docker-compose, production): connection from
 * the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key, profiles), prebuilt
 * workflow bundle if KEHOACH_WORKFLOW_BUNDLE names one.
 */
import { connectClient, connectWorker, temporalSettings } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import { createKehoachWorker } from './create-worker';

async function main(): Promise<void> {
  const settings = temporalSettings();
  const client = await connectClient(settings);
  await ensureSearchAttributes(client);
  await client.connection.close();
  const connection = await connectWorker(settings);
  const bundle = process.env.KEHOACH_WORKFLOW_BUNDLE;
  const worker = await createKehoachWorker({
    connection,
    namespace: settings.namespace,
    ...(bundle ? { workflowBundlePath: bundle } : {}),
  });
  console.log(`Kehoach worker polling ${settings.address} (namespace ${settings.namespace})`);
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
