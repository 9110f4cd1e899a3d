/**
 * Which Temporal the local engine picks, checked without starting one: an address the caller
 * names, or the user's TEMPORAL_ADDRESS when the caller honours it, means no dev server of ours
 * (and stop() leaves theirs alone), so `npm start` on a cluster never launches a local server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalTemporal } from '../../engine/local';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('startLocalTemporal', () => {
  it('uses the address it is given and starts nothing', async () => {
    const temporal = await startLocalTemporal({ address: '10.1.2.3:7233', namespace: 'kh' });
    expect(temporal.server).toBeUndefined();
    expect(temporal.settings.address).toBe('10.1.2.3:7233');
    expect(temporal.settings.namespace).toBe('kh');
    await temporal.stop();
  });

  it("uses the user's TEMPORAL_ADDRESS when asked to honour the environment", async () => {
    vi.stubEnv('TEMPORAL_ADDRESS', '10.9.8.7:7233');
    const devServer = vi.fn(() => ({ port: 1 }));
    const temporal = await startLocalTemporal({ environment: true, devServer });
    expect(temporal.server).toBeUndefined();
    expect(temporal.settings.address).toBe('10.9.8.7:7233');
    expect(devServer).not.toHaveBeenCalled();
  });
});
