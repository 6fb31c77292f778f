import { inMessageSpan } from "../adapters/telemetry/spans";
import { type JobServices, jobServices } from "../composition/jobs";
import { failIfRunning, type StagePorts, type StageRun } from "../core/app/stages";
import type { CallUsage } from "../core/article/model";
import { mapWithConcurrency } from "../core/concurrency";
import { retryDelaySeconds } from "../core/jobs/backoff";
import { type StageMessage, StageMessageSchema, type WorkStage } from "../core/jobs/messages";
import type { PipelinePorts } from "../core/jobs/ports";
import { waitedTooLong, waitingPlan } from "../core/jobs/redrive";
import type { ArticleRequest } from "../core/jobs/request";
import { settlementOf } from "../core/jobs/settle";
import { updateJob } from "../core/ports/job-store";
import type { Log } from "../core/ports/log";
import { usageOf } from "../core/ports/writer";
import { type QueueConsumer, sendBack } from "./consumer";
import { keepBeating } from "./heartbeat";

/**
 * The pipeline's stages for a job's request, from `env` (composition's) or test doubles. `log` is the stage run's,
 * so what the stages only warn about (a cache tier down, a domain's Guard unreachable) is in the job's log.
 */
export type PortsFor = (env: Env, request: ArticleRequest, log?: Log) => PipelinePorts;

/**
 * One consumer per stage queue: the job graph is built once per batch, messages run concurrently within
 * STAGE_CONCURRENCY (a job's messages one after the other); a transient error retries with a growing delay, a permanent one (or the last retry) fails
 * the job; a message is acked only once its effect is committed. While the batch runs, the jobs of the messages
 * not yet settled beat (`keepBeating`) four times per stuck threshold.
 */
export function stageConsumer(
  stage: WorkStage,
  handle: (ports: StagePorts, run: StageRun) => Promise<void>,
  portsFor: PortsFor,
  servicesFor: (env: Env) => JobServices = jobServices,
): QueueConsumer {
  return async (batch, env, ctx) => {
    const services = servicesFor(env);
    // Each message is read once: the heartbeat vouches for the jobs of the well-formed ones until they settle.
    const messages = new Map(
      batch.messages.map((msg) => {
        const parsed = StageMessageSchema.safeParse(msg.body);
        return [msg.id, parsed.success && parsed.data.stage === stage ? parsed.data : undefined] as const;
      }),
    );
    const held = new Map<string, string>();
    for (const [id, message] of messages) if (message) held.set(id, message.jobId);
    const heart = keepBeating(
      () => [...held.values()],
      (jobIds) => services.heartbeats.beat(stage, jobIds, services.clock.now()),
      Math.max(1000, (services.config.STUCK_AFTER_SECONDS * 1000) / 4),
      services.log.with({ queue: batch.queue }),
    );
    try {
      // A job's messages in the batch (a duplicate, a re-driven copy) are worked one after the other: a later one
      // finds the job moved past, where working them at once paid for the same draft twice.
      const lines = new Map<string, Message<unknown>[]>();
      for (const msg of batch.messages) {
        const key = messages.get(msg.id)?.jobId ?? msg.id;
        lines.set(key, [...(lines.get(key) ?? []), msg]);
      }
      await mapWithConcurrency([...lines.values()], services.config.STAGE_CONCURRENCY, async (line) => {
        for (const msg of line) {
          const message = messages.get(msg.id);
          let dueInSeconds: number | undefined;
          try {
            dueInSeconds = await settle(msg, message);
          } finally {
            held.delete(msg.id);
          }
          if (message) await released(services, stage, message.jobId, dueInSeconds ?? 0);
        }
      });
    } finally {
      await heart.stop();
    }

    /** Settles one message; the delay after which it is due in line again, if it was sent back. */
    async function settle(msg: Message<unknown>, message: StageMessage | undefined): Promise<number | undefined> {
      if (!message) {
        services.log.error("dropping a malformed stage message", { queue: batch.queue, messageId: msg.id });
        msg.ack();
        return;
      }
      const log = services.log.with({ jobId: message.jobId, traceId: message.traceId, stage, delivery: msg.attempts });
      const run: StageRun = { message, causationId: msg.id, log };
      const ports: StagePorts = {
        store: services.store,
        // run.log is read when the stages are built: by then it names the job's tenant too.
        pipeline: (request) => portsFor(env, request, run.log),
        clock: services.clock,
        guards: services.guards,
      };
      try {
        await inMessageSpan(
          `${stage} stage`,
          message,
          {
            "job.id": message.jobId,
            "job.stage": stage,
            "job.attempt": message.attempt,
            "messaging.message.id": msg.id,
          },
          () => handle(ports, run),
          ctx,
        );
        msg.ack();
      } catch (error) {
        return await settleFailure(services, ports, run, msg, error, (delay) =>
          (stage === "write" ? env.WRITE_QUEUE : env.RESEARCH_QUEUE).send(message, { delaySeconds: delay }),
        );
      }
    }
  };
}

/** Settles a message whose stage threw; the delay after which it is due in line again, if it was sent back. */
async function settleFailure(
  services: JobServices,
  ports: StagePorts,
  run: StageRun,
  msg: Message<unknown>,
  error: unknown,
  requeue: (delaySeconds: number) => Promise<unknown>,
): Promise<number | undefined> {
  const stage = run.message.stage === "research" ? "research" : "write";
  const detail = error instanceof Error ? error.message : String(error);
  const settlement = settlementOf(error, msg.attempts, services.config.STAGE_MAX_RETRIES);
  switch (settlement.kind) {
    case "wait": {
      const { delaySeconds } = settlement;
      const maxWaitMs = services.config.STAGE_MAX_WAIT_SECONDS * 1000;
      const waited = await waitedSoFar(ports, run, maxWaitMs);
      if (waited !== undefined) {
        const message = `Waited ${hours(waited)} for provider capacity, past the ${hours(maxWaitMs)} a stage may wait: ${detail}`;
        return await failStage(ports, run, msg, "provider_capacity", message, stage, usageOf(error));
      }
      if (await sendBack(msg, requeue, delaySeconds, run.log))
        run.log.info("waiting for provider capacity", { delaySeconds });
      await noteWaiting(services, ports, run, stage, delaySeconds);
      return delaySeconds;
    }
    case "moved":
      run.log.info("job moved meanwhile; retrying", { expectedVersion: settlement.expectedVersion });
      msg.retry({ delaySeconds: settlement.delaySeconds });
      return settlement.delaySeconds;
    case "fail":
      return await failStage(ports, run, msg, settlement.code, detail, stage, usageOf(error));
    case "retry":
      run.log.warn("stage failed; retrying", {
        error: detail,
        transient: settlement.transient,
        delaySeconds: settlement.delaySeconds,
      });
      msg.retry({ delaySeconds: settlement.delaySeconds });
      return settlement.delaySeconds;
  }
}

/** Fails the job for its stage's message and acks it; retries the message when the failure cannot be recorded. */
async function failStage(
  ports: StagePorts,
  run: StageRun,
  msg: Message<unknown>,
  code: string,
  detail: string,
  stage: WorkStage,
  usage: CallUsage[],
): Promise<number | undefined> {
  try {
    await failIfRunning(ports, run, code, detail, stage, usage);
    msg.ack();
    return undefined;
  } catch (failure) {
    run.log.error("could not record the failure; retrying", { error: String(failure) });
    const delaySeconds = retryDelaySeconds(msg.attempts);
    msg.retry({ delaySeconds });
    return delaySeconds;
  }
}

/**
 * How long the job has waited for provider capacity since its last progress, once past `maxWaitMs`. A job that
 * cannot be read waits again: the limit holds at its next wait.
 */
async function waitedSoFar(ports: StagePorts, run: StageRun, maxWaitMs: number): Promise<number | undefined> {
  try {
    return waitedTooLong(await ports.store.load(run.message.jobId), ports.clock.now(), maxWaitMs);
  } catch (error) {
    run.log.warn("could not read how long the job has waited; waiting again", { error: String(error) });
    return undefined;
  }
}

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * The consumer has settled a job's message: its last beat says so (a worker that dies holding a message leaves
 * it marked as held). A message sent back with a delay is out of the consumer's hands and not yet in line, so the
 * beat is dated when it is due again: the sweep neither takes it for lost meanwhile nor, once it waits behind
 * messages sent after its first send, for passed over. Best effort, as every beat.
 */
async function released(services: JobServices, stage: WorkStage, jobId: string, dueInSeconds: number): Promise<void> {
  try {
    await services.heartbeats.beat(stage, [jobId], services.clock.now() + dueInSeconds * 1000, false);
  } catch (error) {
    services.log.warn("could not record a stage heartbeat", { jobId, error: String(error) });
  }
}

/**
 * Records that the job waits for provider capacity (`waitingPlan`), so the sweeper leaves it alone while it is
 * in line. Best effort: without the record the sweeper re-drives the job as before.
 */
async function noteWaiting(
  services: JobServices,
  ports: StagePorts,
  run: StageRun,
  stage: WorkStage,
  waitSeconds: number,
): Promise<void> {
  try {
    await updateJob(
      ports.store,
      run.message.jobId,
      (state) =>
        waitingPlan(state, stage, waitSeconds, ports.clock.now(), services.config.STUCK_AFTER_SECONDS * 1000) ?? {
          events: [],
        },
      (state) => ({ tenantId: state.tenantId, traceId: state.traceId, causationId: run.causationId }),
    );
  } catch (error) {
    run.log.warn("could not record the wait for capacity", { error: String(error) });
  }
}
