import { CacheStatsStore } from "../adapters/cache/d1";
import { DurableGuards } from "../adapters/guards/durable";
import { createDb } from "../adapters/storage/db";
import { TenantDirectory } from "../adapters/storage/tenants";
import { inChildSpan } from "../adapters/telemetry/spans";
import { loadConfig } from "../config";
import { assessArticle } from "../core/assess/index";
import { JobSpend } from "../core/budget/job-spend";
import { budgetLimits } from "../core/budget/limits";
import type { PipelinePorts } from "../core/jobs/ports";
import type { ArticleRequest } from "../core/jobs/request";
import type { RequestedJob } from "../core/jobs/state";
import { systemClock } from "../core/ports/clock";
import type { Log } from "../core/ports/log";
import { type ResearchDeps, type ResearchRequest, runResearch } from "../core/research/stage";
import type { ResearchReport } from "../core/research/types";
import { decideNext } from "../core/revision/policy";
import { createCache } from "./cache";
import { researchDeps } from "./research";
import { createWriter } from "./writers";

/**
 * The real stages behind the job pipeline: research, the configured writer, assessment and the revision policy.
 * With the stage run's `log`, a cache tier that fails or a domain's Guard out of reach is a warning in the job's log.
 */
export function pipelinePorts(env: Env, request: ArticleRequest, log?: Log): PipelinePorts {
  const deps = { ...(request.urls ? { urls: request.urls } : {}), ...(log ? { log } : {}) };
  return {
    research: (input) => researchCounted(env, input, researchDeps(env, deps), log),
    writer: () => createWriter(env),
    assess: (article, ctx) =>
      inChildSpan(
        "assess",
        { attributes: { "article.kind": article.kind, "assessment.sources": ctx.sources.length } },
        () => assessArticle(article, ctx),
        (assessment) => ({ "assessment.score": assessment.score, "assessment.findings": assessment.findings.length }),
      ),
    decide: decideNext,
    draftParts: (jobId, run, attempt) => new DurableGuards(env.GUARD).draft(jobId, run, attempt),
    cache: createCache(env, log, { recordEach: true }),
    budget: (job) => jobBudget(env, job),
  };
}

/**
 * The budget a job's next draft is written under: the request's caps, else its tenant plan's (`PLAN_BUDGETS`),
 * counted from what this run's drafts spent, with the tenant's ledger recording every call.
 */
async function jobBudget(env: Env, job: RequestedJob): Promise<JobSpend> {
  const tenant = await new TenantDirectory(createDb(env.DB)).get(job.tenantId);
  const spent = job.attempts
    .flatMap((draft) => draft.usage)
    .reduce(
      (sum, call) => ({
        tokens: sum.tokens + call.inputTokens + call.outputTokens,
        costUsd: sum.costUsd + call.costUsd,
      }),
      { tokens: 0, costUsd: 0 },
    );
  return tenantBudget(env, job.tenantId, tenant?.plan, job.request.budget, spent);
}

/** A budget under the tenant plan's caps (a request's own job caps first), recorded in the tenant's ledger. */
export function tenantBudget(
  env: Env,
  tenantId: string,
  plan: string | undefined,
  requested?: { maxTokens?: number; maxCostUsd?: number },
  spent = { tokens: 0, costUsd: 0 },
): JobSpend {
  const limits = budgetLimits(loadConfig(env).PLAN_BUDGETS, plan, requested);
  return new JobSpend(limits, spent, systemClock, new DurableGuards(env.GUARD).ledger(tenantId));
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
