/** A progress display on stderr: one rewritten line on a terminal, plain lines otherwise. */

const tty = process.stderr.isTTY;
let last = 0;
let open = false;

/** A passing update (counts within a phase); throttled, and dropped when stderr is not a terminal. */
export function tick(text: string): void {
  if (!tty) return;
  const now = Date.now();
  if (now - last < 100) return;
  last = now;
  process.stderr.write(`\r\x1b[2K${text}`);
  open = true;
}

/** A line that stays: a phase started or finished. */
export function note(text: string): void {
  if (open) process.stderr.write('\r\x1b[2K');
  open = false;
  process.stderr.write(`${text}\n`);
}
