/**
 * A timer that survives the turns of a workflow's main loop: it is started once for an instant
 * and cancelled only when that instant changes. A `condition(fn, timeout)` per turn would instead
 * start and cancel a timer on every wake (two history events each time a unit acts).
 */
import * as wf from '@temporalio/workflow';

interface Armed {
  atMs: number;
  scope: wf.CancellationScope | undefined;
  fired: boolean;
}

export class AlarmTimer {
  private current: Armed | undefined;

  /** Arms the timer for a real instant (ms), keeps it if already armed for it, or disarms it. */
  set(atMs: number | undefined, summary: string): void {
    const cur = this.current;
    if (cur && !cur.fired && cur.atMs === atMs) return;
    if (cur && !cur.fired) cur.scope?.cancel();
    this.current = undefined;
    if (atMs === undefined) return;
    const waitMs = atMs - Date.now();
    if (waitMs <= 0) {
      this.current = { atMs, scope: undefined, fired: true };
      return;
    }
    const scope = new wf.CancellationScope();
    const armed: Armed = { atMs, scope, fired: false };
    this.current = armed;
    void scope
      .run(() => wf.sleep(waitMs, { summary }))
      .then(
        () => {
          armed.fired = true;
        },
        (err: unknown) => {
          if (!wf.isCancellation(err)) throw err;
        },
      );
  }

  /** True once the armed instant has come (until the timer is set again). */
  get fired(): boolean {
    return this.current?.fired ?? false;
  }
}
