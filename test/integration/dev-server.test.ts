import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { eventually } from '../helpers/temporal';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('stops the Temporal dev server it started when the process dies of an error', async () => {
  const script = fileURLToPath(new URL('../fixtures/crash-after-dev-server.ts', import.meta.url));
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script], (err, out, errOut) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout: out, stderr: errOut }),
    );
  });
  expect(code).not.toBe(0);
  expect(stderr).toContain('crashed on purpose');
  const pid = Number(stdout.trim());
  expect(pid).toBeGreaterThan(0);
  await eventually(() => (alive(pid) ? undefined : true), `dev server ${pid} to stop`, 15_000);
});
