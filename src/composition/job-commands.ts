import { appendWithRetry } from "../adapters/storage/events";
import { feedbackPlan, isRefusal, type Refusal, regeneratePlan } from "../core/jobs/commands";
import type { StagePlan } from "../core/jobs/stages";
import type { JobState } from "../core/jobs/state";
import { type JobServices, jobServices } from "./jobs";

export type CommandResult =
  | { ok: true; state: JobState }
  | { ok: false; notFound: true }
  | { ok: false; refused: string };

/** Runs a state-checked command on a tenant's job: 404 for others' ids, the plan's events and message committed together. */
async function command(
  services: JobServices,
  tenantId: string,
  jobId: string,
  traceId: string,
  plan: (state: JobState) => StagePlan | Refusal,
): Promise<CommandResult> {
  if (!(await services.tenant(tenantId).owns(jobId))) return { ok: false, notFound: true };
  let refusal: Refusal | undefined;
  const committed = await services.repo.update(
    jobId,
    (state) => {
      const decided = plan(state);
      refusal = isRefusal(decided) ? decided : undefined;
      if (isRefusal(decided)) return { events: [] };
      const next = decided.next;
      return {
        events: decided.events,
        messages: next ? [{ body: { jobId, stage: next.stage, attempt: next.attempt, traceId: state.traceId } }] : [],
      };
    },
    (state) => ({ tenantId: state.tenantId, traceId }),
  );
  return refusal ? { ok: false, refused: refusal.refused } : { ok: true, state: committed.state };
}

export function regenerateJob(env: Env, tenantId: string, jobId: string, from: "research" | "write", traceId: string) {
  return command(jobServices(env), tenantId, jobId, traceId, (state) => regeneratePlan(state, from));
}

export function rateJob(env: Env, tenantId: string, jobId: string, rating: number, traceId: string, comment?: string) {
  return command(jobServices(env), tenantId, jobId, traceId, (state) => feedbackPlan(state, rating, comment));
}

/** A read of a completed article counts as a view: an ArticleViewed event, so a rebuild counts it too. */
export async function recordView(
  env: Env,
  tenantId: string,
  jobId: string,
  format: "json" | "html" | "markdown",
  traceId: string,
) {
  const services = jobServices(env);
  await appendWithRetry(
    services.store,
    jobId,
    (state) => (state.status === "completed" ? [{ type: "ArticleViewed", data: { format } }] : []),
    { tenantId, traceId },
  );
}
