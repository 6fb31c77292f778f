import { sha256Hex } from "../ids";
import { type ArticleRequest, normaliseKeyword } from "../jobs/request";
import { type JobLinks, jobLinks } from "../jobs/view";
import type { FlightGuard } from "../ports/guard";
import { stableJson } from "../stable-json";
import type { JobPorts } from "./ports";

/** A claim outlives any healthy job; a finished job's claim is handed over at once. */
const FLIGHT_TTL_MS = 60 * 60 * 1000;
/** How long a claim waits for its job to be created before it lapses (a crashed request leaves no orphan). */
const CREATING_FOR_MS = 30 * 1000;

/** The identical job to join, or the claim this request now holds (undefined when the Guard is unreachable). */
export type Flight =
  | { join: { id: string; status: string; links: JobLinks } }
  | { join?: undefined; claim?: { created(): Promise<void>; failed(): Promise<void> } };

/**
 * Single flight (the keyword's Guard): while an identical job of the tenant (same normalised keyword and every
 * other field) is running, the request joins it instead of starting another. The claim is taken before the job
 * is created and confirmed once it is; a request arriving in between waits in the Guard for that, so it joins
 * the job rather than starting a second. The Guard being unreachable never blocks a request.
 */
export async function joinFlight(
  ports: Pick<JobPorts, "guards" | "reads" | "log">,
  tenantId: string,
  request: ArticleRequest,
  candidate: string,
): Promise<Flight> {
  const keyword = normaliseKeyword(request.keyword);
  try {
    const key = await sha256Hex(stableJson({ ...request, keyword }));
    const guard = ports.guards.keyword(tenantId, keyword);
    let claim = await guard.claimFlight(key, candidate, CREATING_FOR_MS);
    for (let tries = 0; claim.holder !== candidate && tries < 3; tries++) {
      const status = await ports.reads.statusOf(tenantId, claim.holder);
      if (status && status !== "completed" && status !== "failed") {
        return { join: { id: claim.holder, status, links: jobLinks(claim.holder) } };
      }
      claim = await guard.claimFlight(key, candidate, CREATING_FOR_MS, claim.holder);
    }
    return claim.holder === candidate ? { claim: held(guard, key, candidate, ports.log) } : {};
  } catch (error) {
    ports.log.warn("single flight unavailable; starting the job", { tenantId, error: String(error) });
    return {};
  }
}

function held(guard: FlightGuard, key: string, jobId: string, log: JobPorts["log"]) {
  const quietly = (what: string, work: () => Promise<void>) =>
    work().catch((error) => log.warn(`single flight: could not ${what} the claim`, { jobId, error: String(error) }));
  return {
    created: () => quietly("confirm", () => guard.confirmFlight(key, jobId, FLIGHT_TTL_MS)),
    failed: () => quietly("release", () => guard.releaseFlight(key, jobId)),
  };
}
