import { type Assessment, assessArticle } from "../core/assess/index";
import type { PipelinePorts } from "../core/jobs/ports";
import type { ArticleRequest } from "../core/jobs/request";
import type { RecordedAssessment } from "../core/jobs/state";
import { runResearch } from "../core/research/stage";
import { type Attempt, decideNext } from "../core/revision/policy";
import { researchDeps } from "./research";
import { createWriter } from "./writers";

/** The real stages behind the job pipeline: research, the configured writer, assessment and the revision policy. */
export function pipelinePorts(env: Env, request: ArticleRequest): PipelinePorts {
  return {
    research: (input) => runResearch(input, researchDeps(env, request.urls ? { urls: request.urls } : {})),
    writer: () => createWriter(env),
    assess: (article, ctx) => assessArticle(article, ctx) as unknown as RecordedAssessment,
    // Recorded assessments are the assessor's own output read back from the log.
    decide: (policy, attempts) => decideNext(policy, attempts as unknown as (Attempt & { assessment: Assessment })[]),
  };
}
