/** Runs the `kehoach` CLI as a user would (`node bin/kehoach.mjs …`) against the test server. */
import { execFile } from 'node:child_process';
import { inject } from 'vitest';
import { loadSigningKey, signingKeyPath } from '../../client/signing-key';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Never throws, so each test can look at the exit code. */
export function runKehoach(
  args: string[],
  env: { taskQueue: string; dataDir: string; signingKeyFile?: string | null; extra?: Record<string, string> },
): Promise<Run> {
  // The CLI acts as an operator with the key the tests' own client signs with (made here if need
  // be), unless a test gives another key file, or null for none.
  const keyFile = env.signingKeyFile === undefined ? testSigningKeyFile() : env.signingKeyFile;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/kehoach.mjs', ...args],
      {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          KEHOACH_TASK_QUEUE: env.taskQueue,
          KEHOACH_DATA_DIR: env.dataDir,
          KEHOACH_SIGNING_KEY: '',
          KEHOACH_SIGNING_KEY_FILE: keyFile ?? `${env.dataDir}/keys/none.key`,
          ...env.extra,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The key file of this test process's own client (made at first use). */
export function testSigningKeyFile(): string {
  loadSigningKey(process.env);
  return signingKeyPath(process.env);
}
