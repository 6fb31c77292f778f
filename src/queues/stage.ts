import type { CommitPlan } from "../adapters/storage/jobs";
import { ConcurrencyError } from "../adapters/storage/jobs";
import { type JobServices, jobServices } from "../composition/jobs";
import type { CallUsage } from "../core/article/model";
import { mapWithConcurrency } from "../core/concurrency";
import { isTransient, PermanentError } from "../core/errors";
import { retryDelaySeconds } from "../core/jobs/backoff";
import { failJob, type StagePlan } from "../core/jobs/stages";
import { isTerminal, type JobState } from "../core/jobs/state";
import { usageOf } from "../core/ports/writer";
import type { Logger } from "../logger";
import type { QueueConsumer } from "./index";
import { type StageMessage, StageMessageSchema } from "./messages";

export interface StageContext {
  message: StageMessage;
  messageId: string;
  services: JobServices;
  log: Logger;
  env: Env;
}

/** Loads the job and binds its tenant to the context's log, so every later line names job, tenant and trace. */
export async function loadJob(ctx: StageContext): Promise<JobState> {
  const state = await ctx.services.repo.load(ctx.message.jobId);
  if (state.exists) ctx.log = ctx.log.with({ tenantId: state.tenantId });
  return state;
}

/** The event metadata for everything a message causes. */
export function metaFor(ctx: StageContext, state: JobState) {
  return { tenantId: state.tenantId, traceId: ctx.message.traceId, causationId: ctx.messageId };
}

/** A stage's plan as a commit: the next stage's message goes through the outbox. */
export function commitPlan(ctx: StageContext, plan: StagePlan): CommitPlan {
  const { jobId, traceId } = ctx.message;
  return {
    events: plan.events,
    messages: plan.next ? [{ body: { jobId, stage: plan.next.stage, attempt: plan.next.attempt, traceId } }] : [],
  };
}

/** Ends the job with ArticleFailed (and queues its delivery) unless it already ended. */
export async function failIfRunning(
  ctx: StageContext,
  code: string,
  message: string,
  stage: "research" | "write",
  usage: CallUsage[] = [],
) {
  await ctx.services.repo.update(
    ctx.message.jobId,
    (state) =>
      !state.exists || isTerminal(state)
        ? { events: [] }
        : commitPlan(ctx, failJob(state, code, message, stage, usage)),
    (state) => metaFor(ctx, state),
  );
  ctx.log.warn("job failed", { code, reason: message });
}

/**
 * One consumer per stage queue: messages of a batch run concurrently within STAGE_CONCURRENCY; a transient
 * error retries with a growing delay, a permanent one (or the last retry) fails the job; a message is acked
 * only once its effect is committed.
 */
export function stageConsumer(
  stage: "research" | "write",
  handle: (ctx: StageContext) => Promise<void>,
  servicesFor: (env: Env) => JobServices = jobServices,
): QueueConsumer {
  return async (batch, env) => {
    const services = servicesFor(env);
    await mapWithConcurrency(batch.messages, services.config.STAGE_CONCURRENCY, async (msg) => {
      const parsed = StageMessageSchema.safeParse(msg.body);
      if (!parsed.success || parsed.data.stage !== stage) {
        services.log.error("dropping a malformed stage message", { queue: batch.queue, messageId: msg.id });
        msg.ack();
        return;
      }
      const message = parsed.data;
      const log = services.log.with({ jobId: message.jobId, traceId: message.traceId, stage, delivery: msg.attempts });
      const ctx: StageContext = { message, messageId: msg.id, services, log, env };
      try {
        await handle(ctx);
        msg.ack();
      } catch (error) {
        await settleFailure(ctx, msg, error);
      }
    });
  };
}

async function settleFailure(ctx: StageContext, msg: Message<unknown>, error: unknown): Promise<void> {
  const { log, services } = ctx;
  const stage = ctx.message.stage as "research" | "write";
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ConcurrencyError) {
    // Someone else moved the job meanwhile; the redelivery re-reads and usually finds nothing to do.
    msg.retry({ delaySeconds: 1 });
    return;
  }
  const lastTry = msg.attempts >= services.config.STAGE_MAX_RETRIES;
  if (error instanceof PermanentError || lastTry) {
    const code = error instanceof PermanentError ? error.code : "retries_exhausted";
    try {
      await failIfRunning(ctx, code, detail, stage, usageOf(error));
      msg.ack();
    } catch (failure) {
      log.error("could not record the failure; retrying", { error: String(failure) });
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
    return;
  }
  const delaySeconds = retryDelaySeconds(msg.attempts, isTransient(error) ? error.retryAfterSeconds : 0);
  log.warn("stage failed; retrying", {
    error: detail,
    transient: isTransient(error),
    delaySeconds,
  });
  msg.retry({ delaySeconds });
}
