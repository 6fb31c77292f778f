import type { JobServices } from "../composition/jobs";
import type { PipelinePorts } from "../core/jobs/ports";
import type { ArticleRequest } from "../core/jobs/request";
import { checkResearch, researchFinished } from "../core/jobs/stages";
import type { QueueConsumer } from "./index";
import { commitPlan, loadJob, metaFor, stageConsumer } from "./stage";

export type PortsFor = (env: Env, request: ArticleRequest) => PipelinePorts;

const MAX_SEARCHED_SOURCES = 8;

/** research stage: search, fetch and extract, then ResearchCompleted and the write message, in one commit. */
export function researchConsumer(portsFor: PortsFor, servicesFor?: (env: Env) => JobServices): QueueConsumer {
  return stageConsumer(
    "research",
    async (ctx) => {
      let state = await loadJob(ctx);
      const check = checkResearch(state, ctx.message.attempt);
      if (!check.run) {
        ctx.log.info("research message needs nothing", { why: check.why });
        return;
      }
      if (state.status === "queued") {
        state = (
          await ctx.services.repo.commit(
            state,
            { events: [{ type: "ResearchStarted", data: { run: state.run } }] },
            metaFor(ctx, state),
          )
        ).state;
      }
      const { request } = state;
      const started = Date.now();
      const report = await portsFor(ctx.env, request).research({
        keyword: request.keyword,
        ...(request.urls ? { urls: request.urls } : {}),
        maxSources: request.urls?.length ?? MAX_SEARCHED_SOURCES,
        ...(request.excludeDomains ? { excludeDomains: request.excludeDomains } : {}),
        language: request.options.language,
      });
      const plan = researchFinished(state, report);
      await ctx.services.repo.commit(state, commitPlan(ctx, plan), metaFor(ctx, state));
      ctx.log.info("research finished", {
        ms: Date.now() - started,
        sources: report.sources.length,
        usable: report.sources.filter((source) => source.status === "ok").length,
        next: plan.next?.stage,
      });
    },
    servicesFor,
  );
}
