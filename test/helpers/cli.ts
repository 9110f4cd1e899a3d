/** Runs the `kehoach` CLI as a user would (`node bin/kehoach.mjs …`) against the test server. */
import { execFile } from 'node:child_process';
import { inject } from 'vitest';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Never throws, so each test can look at the exit code. */
export function runKehoach(args: string[], env: { taskQueue: string; dataDir: string }): Promise<Run> {
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
