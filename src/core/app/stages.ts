import type { CallUsage } from "../article/model";
import { rememberArticle, reuseArticle } from "../jobs/article-reuse";
import type { StageMessage } from "../jobs/messages";
import type { PipelinePorts } from "../jobs/ports";
import type { ArticleRequest } from "../jobs/request";
import { checkResearch, checkWrite, failJob, researchFinished, type StagePlan, writeNextDraft } from "../jobs/stages";
import type { JobState, RequestedJob } from "../jobs/state";
import type { Clock } from "../ports/clock";
import type { Guards } from "../ports/guard";
import { type JobStore, updateJob } from "../ports/job-store";
import type { Log } from "../ports/log";
import { planCommit } from "./commands";
import { reportKeywordOutcome } from "./keyword-outcome";

/** What a stage handler needs: the job's store, the pipeline's stages for the job's request, a clock. */
export interface StagePorts {
  store: JobStore;
  pipeline(request: ArticleRequest): PipelinePorts;
  clock: Clock;
  /** The keywords' guards, told how each job ended (their breakers open on repeated failures). */
  guards?: Pick<Guards, "keyword">;
}

/** One stage message being handled: the message, the id of its delivery (the events' cause) and its log. */
export interface StageRun {
  message: StageMessage;
  causationId: string;
  log: Log;
}

const MAX_SEARCHED_SOURCES = 8;

function metaFor(run: StageRun, state: JobState) {
  return { tenantId: state.tenantId, traceId: run.message.traceId, causationId: run.causationId };
}

/** Loads the job and binds its tenant to the run's log, so every later line names job, tenant and trace. */
async function loadJob(ports: StagePorts, run: StageRun): Promise<JobState> {
  const state = await ports.store.load(run.message.jobId);
  if (state.exists) run.log = run.log.with({ tenantId: state.tenantId });
  return state;
}

/** research stage: search, fetch and extract, then ResearchCompleted and the write message, in one commit. */
export async function handleResearch(ports: StagePorts, run: StageRun): Promise<void> {
  const check = checkResearch(await loadJob(ports, run), run.message.attempt);
  if (!check.run) {
    run.log.info("research message needs nothing", { why: check.why });
    return;
  }
  let state: JobState = check.job;
  if (state.status === "queued") {
    state = (
      await ports.store.commit(
        state,
        { events: [{ type: "ResearchStarted", data: { run: state.run } }] },
        metaFor(run, state),
      )
    ).state;
  }
  if (!state.exists) return;
  const { request } = state;
  const started = ports.clock.now();
  const report = await ports.pipeline(request).research({
    keyword: request.keyword,
    ...(request.urls ? { urls: request.urls } : {}),
    maxSources: request.urls?.length ?? MAX_SEARCHED_SOURCES,
    ...(request.excludeDomains ? { excludeDomains: request.excludeDomains } : {}),
    language: request.options.language,
    tenantId: state.tenantId,
  });
  const plan = researchFinished(state, report);
  await ports.store.commit(state, planCommit(state.id, run.message.traceId, plan), metaFor(run, state));
  await reportKeywordOutcome(ports.guards, state, plan.events, run.log);
  run.log.info("research finished", {
    ms: ports.clock.now() - started,
    sources: report.sources.length,
    usable: report.sources.filter((source) => source.status === "ok").length,
    next: plan.next?.stage,
  });
}

/** write stage: one draft per message, assessed; then a revision message, or completion and delivery. */
export async function handleWrite(ports: StagePorts, run: StageRun): Promise<void> {
  const check = checkWrite(await loadJob(ports, run), run.message.attempt, run.message.run);
  if (!check.run) {
    run.log.info("write message needs nothing", { why: check.why });
    return;
  }
  const state = check.job;
  const started = ports.clock.now();
  const pipeline = ports.pipeline(state.request);
  const plan = (await reuseArticle(state, pipeline)) ?? (await writeNextDraft(state, pipeline));
  await ports.store.commit(state, planCommit(state.id, run.message.traceId, plan), metaFor(run, state));
  await rememberArticle(state, plan, pipeline, run.log);
  await clearDraft(pipeline, run, state);
  await reportKeywordOutcome(ports.guards, state, plan.events, run.log);
  const assessed = plan.events.find((event) => event.type === "AssessmentCompleted");
  run.log.info("draft written", {
    ms: ports.clock.now() - started,
    attempt: state.attempts.length + 1,
    score: assessed?.type === "AssessmentCompleted" ? assessed.data.scores.overall : undefined,
    next: plan.next?.stage,
  });
}

/**
 * Ends the job with ArticleFailed (and queues its delivery) while the run's message is still the one its stage
 * waits on. A duplicate, or a message of a stage, run or draft the job has moved past, that fails (or gives up, or is
 * dead-lettered) says nothing about the job as it is now: its current message carries on.
 */
export async function failIfRunning(
  ports: Pick<StagePorts, "store" | "guards"> & Partial<Pick<StagePorts, "pipeline">>,
  run: StageRun,
  code: string,
  message: string,
  stage: "research" | "write",
  usage: CallUsage[] = [],
): Promise<void> {
  let ended: { state: RequestedJob; plan: StagePlan } | undefined;
  let passed: string | undefined;
  await updateJob(
    ports.store,
    run.message.jobId,
    (state) => {
      const { attempt, run: messageRun } = run.message;
      const check = stage === "research" ? checkResearch(state, attempt) : checkWrite(state, attempt, messageRun);
      ended = undefined;
      passed = check.run ? undefined : check.why;
      if (!check.run) return { events: [] };
      const plan = failJob(check.job, code, message, stage, usage);
      ended = { state: check.job, plan };
      return planCommit(state.id, run.message.traceId, plan);
    },
    (state) => metaFor(run, state),
  );
  if (!ended) {
    run.log.info("a message the job has moved past failed; the job carries on", { code, reason: message, why: passed });
    return;
  }
  if (stage === "write" && ports.pipeline) await clearDraft(ports.pipeline(ended.state.request), run, ended.state);
  await reportKeywordOutcome(ports.guards, ended.state, ended.plan.events, run.log);
  run.log.warn("job failed", { code, reason: message });
}

/**
 * The draft `state` was writing is written or its run failed: the parts kept for resuming it go. Parts that
 * are not cleared (the store was unreachable) expire in the Guard on their own.
 */
async function clearDraft(pipeline: PipelinePorts, run: StageRun, state: RequestedJob): Promise<void> {
  try {
    await pipeline.draftParts?.(state.id, state.run, state.attempts.length + 1).clear();
  } catch (error) {
    run.log.warn("could not clear the draft's kept parts; they expire on their own", { error: String(error) });
  }
}
