import { sha256Hex } from "../core/ids";
import { type ArticleRequest, normaliseKeyword } from "../core/jobs/request";
import { jobLinks } from "../core/jobs/view";
import { stableJson } from "../core/stable-json";
import type { JobServices } from "./jobs";

/** A claim outlives any healthy job; a finished job's claim is handed over at once. */
const FLIGHT_TTL_MS = 60 * 60 * 1000;

/**
 * Single flight (the keyword's Guard): while an identical job of the tenant (same normalised keyword and
 * every other field) is running, the request joins it instead of starting another. Undefined means: go ahead
 * with `candidate`. The Guard being unreachable never blocks a request.
 */
export async function joinFlight(
  env: Env,
  services: JobServices,
  tenantId: string,
  request: ArticleRequest,
  candidate: string,
): Promise<{ id: string; status: string; links: Record<string, string> } | undefined> {
  const keyword = normaliseKeyword(request.keyword);
  try {
    const key = await sha256Hex(stableJson({ ...request, keyword }));
    const guard = env.GUARD.get(env.GUARD.idFromName(`keyword:${tenantId}:${keyword}`));
    const holder = await guard.singleFlight(key, candidate, FLIGHT_TTL_MS);
    if (holder === candidate) return undefined;
    const row = await services.db
      .prepare("SELECT status FROM jobs WHERE id = ? AND tenant_id = ?")
      .bind(holder, tenantId)
      .first<{ status: string }>();
    if (row && row.status !== "completed" && row.status !== "failed") {
      return { id: holder, status: row.status, links: jobLinks(holder) };
    }
    await guard.singleFlight(key, candidate, FLIGHT_TTL_MS, holder);
  } catch (error) {
    services.log.warn("single flight unavailable; starting the job", { tenantId, error: String(error) });
  }
  return undefined;
}
