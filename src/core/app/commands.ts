import { feedbackPlan, isRefusal, type Refusal, regeneratePlan } from "../jobs/commands";
import { normaliseKeyword } from "../jobs/request";
import type { StagePlan } from "../jobs/stages";
import type { JobState, RequestedJob } from "../jobs/state";
import type { KeywordGuard } from "../ports/guard";
import { type CommitPlan, updateJob } from "../ports/job-store";
import type { JobPorts } from "./ports";

export type CommandResult =
  | { ok: true; state: RequestedJob }
  | { ok: false; notFound: true }
  | { ok: false; refused: string }
  | { ok: false; rateLimited: { limit: number; retryAfterSeconds: number } };

/** Regenerations of one article allowed per hour unless configured otherwise. */
export const REGENERATIONS_PER_HOUR = 5;

/** A stage plan as a commit: the next stage's message goes through the outbox. */
export function planCommit(jobId: string, traceId: string, plan: StagePlan): CommitPlan {
  return {
    events: plan.events,
    messages: plan.next ? [{ body: { jobId, ...plan.next, traceId } }] : [],
  };
}

/** Runs a state-checked command on a tenant's job: not found for others' ids, the plan's events and message committed together. */
async function command(
  ports: Pick<JobPorts, "store" | "reads">,
  tenantId: string,
  jobId: string,
  traceId: string,
  plan: (state: JobState) => StagePlan | Refusal,
  also: (state: JobState) => NonNullable<CommitPlan["messages"]> = () => [],
): Promise<CommandResult> {
  if (!(await ports.reads.statusOf(tenantId, jobId))) return { ok: false, notFound: true };
  let refusal: Refusal | undefined;
  const committed = await updateJob(
    ports.store,
    jobId,
    (state) => {
      const decided = plan(state);
      refusal = isRefusal(decided) ? decided : undefined;
      if (isRefusal(decided)) return { events: [] };
      const commit = planCommit(jobId, state.traceId, decided);
      return { ...commit, messages: [...also(state), ...(commit.messages ?? [])] };
    },
    (state) => ({ tenantId: state.tenantId, traceId }),
  );
  if (refusal) return { ok: false, refused: refusal.refused };
  return committed.state.exists ? { ok: true, state: committed.state } : { ok: false, notFound: true };
}

/**
 * Runs a finished job again. Each regeneration the job's state allows takes one from the article's hourly
 * allowance in its keyword's guard (the guard being unreachable never blocks it), and gives it back when the command
 * is then refused or fails.
 */
export async function regenerateJob(
  ports: Pick<JobPorts, "store" | "reads" | "guards" | "log">,
  tenantId: string,
  jobId: string,
  from: "research" | "write",
  traceId: string,
  perHour = REGENERATIONS_PER_HOUR,
): Promise<CommandResult> {
  if (!(await ports.reads.statusOf(tenantId, jobId))) return { ok: false, notFound: true };
  const state = await ports.store.load(jobId);
  let taken: KeywordGuard | undefined;
  if (state.exists && state.tenantId === tenantId && !isRefusal(regeneratePlan(state, from))) {
    const guard = ports.guards.keyword(tenantId, normaliseKeyword(state.request.keyword));
    const decision = await guard.limitRegeneration(jobId, perHour).catch((error: unknown) => {
      ports.log.warn("regeneration rate unavailable; regenerating", { jobId, error: String(error) });
      return undefined;
    });
    if (decision && !decision.allowed) {
      return { ok: false, rateLimited: { limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds } };
    }
    if (decision) taken = guard;
  }
  let result: CommandResult;
  try {
    result = await command(
      ports,
      tenantId,
      jobId,
      traceId,
      (plan) => regeneratePlan(plan, from),
      // The run that ended is owed its webhooks whatever became of its own deliver message; once the next run has
      // begun the sweep looks only at that one, so the regeneration re-sends it (planning is idempotent).
      (ended) => [{ body: { jobId, stage: "deliver", attempt: ended.run, traceId: ended.traceId } }],
    );
  } catch (error) {
    if (taken) await returnRegeneration(ports, taken, jobId, perHour);
    throw error;
  }
  // Refused when it came to the commit (a racing request regenerated the job first): it used none of the allowance.
  if (!result.ok && taken) await returnRegeneration(ports, taken, jobId, perHour);
  return result;
}

/** Best effort: a regeneration not given back is only one fewer this hour. */
async function returnRegeneration(ports: Pick<JobPorts, "log">, guard: KeywordGuard, jobId: string, perHour: number) {
  try {
    await guard.returnRegeneration(jobId, perHour);
  } catch (error) {
    ports.log.warn("could not give back a regeneration", { jobId, error: String(error) });
  }
}

export function rateJob(
  ports: Pick<JobPorts, "store" | "reads">,
  tenantId: string,
  jobId: string,
  rating: number,
  traceId: string,
  comment?: string,
): Promise<CommandResult> {
  return command(ports, tenantId, jobId, traceId, (state) => feedbackPlan(state, rating, comment));
}
