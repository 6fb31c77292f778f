import { CacheStatsStore } from "../adapters/cache/d1";
import { DurableGuards } from "../adapters/guards/durable";
import { createDb } from "../adapters/storage/db";
import { assessArticle } from "../core/assess/index";
import type { PipelinePorts } from "../core/jobs/ports";
import type { ArticleRequest } from "../core/jobs/request";
import type { Log } from "../core/ports/log";
import { type ResearchDeps, type ResearchRequest, runResearch } from "../core/research/stage";
import type { ResearchReport } from "../core/research/types";
import { decideNext } from "../core/revision/policy";
import { createCache } from "./cache";
import { researchDeps } from "./research";
import { createWriter } from "./writers";

/** The real stages behind the job pipeline: research, the configured writer, assessment and the revision policy. */
export function pipelinePorts(env: Env, request: ArticleRequest): PipelinePorts {
  return {
    research: (input) => researchCounted(env, input, researchDeps(env, request.urls ? { urls: request.urls } : {})),
    writer: () => createWriter(env),
    assess: assessArticle,
    decide: decideNext,
    draftParts: (jobId, run, attempt) => new DurableGuards(env.GUARD).draft(jobId, run, attempt),
    cache: createCache(env, undefined, { recordEach: true }),
  };
}

/** Runs research and adds its cache hits and misses to the deployment's totals (best effort: a failure only warns). */
export async function researchCounted(
  env: Env,
  request: ResearchRequest,
  deps: ResearchDeps,
  log?: Log,
): Promise<ResearchReport> {
  const report = await runResearch(request, deps);
  if (report.cache) {
    await new CacheStatsStore(createDb(env.DB)).add(report.cache).catch((error: unknown) => {
      log?.warn("cache counts not recorded", { error: error instanceof Error ? error.message : String(error) });
    });
  }
  return report;
}
