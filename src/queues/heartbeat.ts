import type { Log } from "../core/ports/log";

/** The longest a queue consumer may run: a message held longer than this is no longer vouched for. */
export const MAX_HOLD_MS = 15 * 60 * 1000;

/**
 * Reports the jobs whose messages a consumer holds (working on them, or waiting for a slot in the batch) now and
 * every `everyMs`, so the sweep does not take a long stage for a lost message. A worker that dies stops beating,
 * and its jobs are re-driven once the beats are older than the stuck threshold. Beats stop at `stop()` or after
 * MAX_HOLD_MS; `stop()` resolves once the beats sent have landed. A beat that fails is logged, nothing more.
 */
export function keepBeating(
  held: () => string[],
  beat: (jobIds: string[]) => Promise<void>,
  everyMs: number,
  log: Log,
): { stop(): Promise<void> } {
  const started = Date.now();
  const pending = new Set<Promise<void>>();
  const once = () => {
    const jobIds = held();
    if (!jobIds.length) return;
    const sent = beat(jobIds)
      .catch((error) => log.warn("could not record a stage heartbeat", { error: String(error) }))
      .finally(() => pending.delete(sent));
    pending.add(sent);
  };
  once();
  const timer = setInterval(() => {
    if (Date.now() - started >= MAX_HOLD_MS) clearInterval(timer);
    else once();
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
    },
  };
}
