import { followJob } from "./follow.mjs";
import { applyEvent, initialProgress } from "./job-progress.mjs";
import { createProgressDisplay } from "./progress-display.mjs";

/** Follows a job's event stream with a live progress display; returns the job as the API shows it and the progress. */
export async function watchJob(client, jobId, { timeoutMs, stream, label = "" }) {
  let progress = initialProgress();
  const display = createProgressDisplay(stream, { label });
  try {
    await followJob(client, jobId, {
      timeoutMs,
      onEvent: (event) => {
        progress = applyEvent(progress, event);
        display.update(progress);
      },
    });
  } finally {
    display.end();
  }
  return { final: await client.json("GET", `/v1/articles/${encodeURIComponent(jobId)}`), progress };
}
