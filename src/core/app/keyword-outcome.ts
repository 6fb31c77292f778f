import { countsAgainstKeyword } from "../guard/keyword-breaker";
import type { NewEvent } from "../jobs/events";
import { normaliseKeyword } from "../jobs/request";
import type { RequestedJob } from "../jobs/state";
import type { Guards } from "../ports/guard";
import type { Log } from "../ports/log";

/**
 * Tells the keyword's guard how a job ended, when `events` end it: ArticleCompleted, or an ArticleFailed whose
 * reason speaks of the keyword, is an outcome (repeated failures open the keyword's breaker); any other failure
 * only gives back the breaker's probe, were the job its probe. The guard being unreachable is only logged: the job's
 * end is already committed.
 */
export async function reportKeywordOutcome(
  guards: Pick<Guards, "keyword"> | undefined,
  job: Pick<RequestedJob, "tenantId" | "request">,
  events: readonly NewEvent[],
  log: Log,
): Promise<void> {
  const end = events.find((event) => event.type === "ArticleCompleted" || event.type === "ArticleFailed");
  if (!end || !guards) return;
  try {
    const guard = guards.keyword(job.tenantId, normaliseKeyword(job.request.keyword));
    if (end.type === "ArticleFailed" && !countsAgainstKeyword(end.data.code)) await guard.releaseProbe();
    else await guard.reportJob(end.type === "ArticleCompleted");
  } catch (error) {
    log.warn("could not tell the keyword's guard how the job ended", { error: String(error) });
  }
}
