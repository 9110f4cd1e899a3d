/**
 * No process outlives the one that started it. `npm start` runs as npm → sh → tsx → node: a
 * SIGTERM or SIGKILL to npm (or to tsx) ends it without passing the signal on, and node, adopted
 * by init, would keep the worker, the web and the dev server running. This watches the ancestors
 * that share our process group (the command's own processes, not the terminal's shell) and calls
 * back once one of them is gone, so the caller stops as if it had been sent SIGTERM.
 *
 * Linux only (it reads /proc); elsewhere it watches nothing. The dev server has its own guard
 * (engine/dev-server.ts) for the case where this process itself is killed.
 */
import { readFileSync } from 'node:fs';

interface ProcStat {
  /** R, S, …, Z for a zombie (ended, not yet reaped by its parent). */
  state: string;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot: tells a process from a later one with its pid. */
  start: string;
}

function stat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: read after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** The ancestors in our process group, nearest first, each with its start time. */
export function groupAncestors(): { pid: number; start: string }[] {
  const self = stat('self');
  if (!self) return [];
  const out: { pid: number; start: string }[] = [];
  let pid = self.ppid;
  while (pid > 1) {
    const s = stat(pid);
    if (!s || s.pgid !== self.pgid) break;
    out.push({ pid, start: s.start });
    pid = s.ppid;
  }
  return out;
}

/**
 * Calls `onLost` once, when an ancestor of our process group has ended; returns a function that
 * stops watching. Checks every `everyMs` (default one second); the timer does not keep us alive.
 */
export function watchAncestors(onLost: (pid: number) => void, everyMs = 1000): () => void {
  const ancestors = groupAncestors();
  if (ancestors.length === 0) return () => {};
  const timer = setInterval(() => {
    const gone = ancestors.find((a) => {
      const now = stat(a.pid);
      return now === undefined || now.start !== a.start || now.state === 'Z';
    });
    if (gone) {
      clearInterval(timer);
      onLost(gone.pid);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
