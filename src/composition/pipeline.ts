import { DurableGuards } from "../adapters/guards/durable";
import { assessArticle } from "../core/assess/index";
import type { PipelinePorts } from "../core/jobs/ports";
import type { ArticleRequest } from "../core/jobs/request";
import { runResearch } from "../core/research/stage";
import { decideNext } from "../core/revision/policy";
import { researchDeps } from "./research";
import { createWriter } from "./writers";

/** The real stages behind the job pipeline: research, the configured writer, assessment and the revision policy. */
export function pipelinePorts(env: Env, request: ArticleRequest): PipelinePorts {
  return {
    research: (input) => runResearch(input, researchDeps(env, request.urls ? { urls: request.urls } : {})),
    writer: () => createWriter(env),
    assess: assessArticle,
    decide: decideNext,
    draftParts: (jobId, run, attempt) => new DurableGuards(env.GUARD).draft(jobId, run, attempt),
  };
}
