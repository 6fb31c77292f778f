import { sha256Hex } from "../ids";
import { type ArticleRequest, normaliseKeyword } from "../jobs/request";
import { type JobLinks, jobLinks } from "../jobs/view";
import { stableJson } from "../stable-json";
import type { JobPorts } from "./ports";

/** A claim outlives any healthy job; a finished job's claim is handed over at once. */
const FLIGHT_TTL_MS = 60 * 60 * 1000;

/**
 * Single flight (the keyword's Guard): while an identical job of the tenant (same normalised keyword and
 * every other field) is running, the request joins it instead of starting another. Undefined means: go ahead
 * with `candidate`. The Guard being unreachable never blocks a request.
 */
export async function joinFlight(
  ports: Pick<JobPorts, "guards" | "reads" | "log">,
  tenantId: string,
  request: ArticleRequest,
  candidate: string,
): Promise<{ id: string; status: string; links: JobLinks } | undefined> {
  const keyword = normaliseKeyword(request.keyword);
  try {
    const key = await sha256Hex(stableJson({ ...request, keyword }));
    const guard = ports.guards.keyword(tenantId, keyword);
    const holder = await guard.claimFlight(key, candidate, FLIGHT_TTL_MS);
    if (holder === candidate) return undefined;
    const status = await ports.reads.statusOf(tenantId, holder);
    if (status && status !== "completed" && status !== "failed") {
      return { id: holder, status, links: jobLinks(holder) };
    }
    await guard.claimFlight(key, candidate, FLIGHT_TTL_MS, holder);
  } catch (error) {
    ports.log.warn("single flight unavailable; starting the job", { tenantId, error: String(error) });
  }
  return undefined;
}
