import { describe, fractionDone } from "./job-progress.mjs";

const BAR_WIDTH = 24;

/**
 * Shows job progress on a stream: one line redrawn in place on a terminal, plain lines (only when something
 * changed) otherwise, so logs and pipes stay readable.
 */
export function createProgressDisplay(stream = process.stderr, { label = "" } = {}) {
  const tty = Boolean(stream.isTTY);
  let last = "";
  let drawn = false;
  const started = Date.now();

  return {
    update(progress) {
      const text = describe(progress);
      if (tty) {
        const filled = Math.round(fractionDone(progress) * BAR_WIDTH);
        const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        const line = `${label}${bar} ${String(Math.round(fractionDone(progress) * 100)).padStart(3)}% ${text} (${seconds}s)`;
        const width = stream.columns > 20 ? stream.columns - 1 : line.length;
        stream.write(`\r\x1b[2K${line.slice(0, width)}`);
        drawn = true;
      } else if (text !== last) {
        stream.write(`${label}${text}\n`);
      }
      last = text;
    },
    end() {
      if (tty && drawn) stream.write("\n");
      drawn = false;
    },
  };
}
