import type { JobServices } from "../composition/jobs";
import { checkWrite, writeNextDraft } from "../core/jobs/stages";
import type { QueueConsumer } from "./index";
import type { PortsFor } from "./research";
import { commitPlan, loadJob, metaFor, stageConsumer } from "./stage";

/** write stage: one draft per message, assessed; then a revision message, or completion and delivery. */
export function writeConsumer(portsFor: PortsFor, servicesFor?: (env: Env) => JobServices): QueueConsumer {
  return stageConsumer(
    "write",
    async (ctx) => {
      const state = await loadJob(ctx);
      const check = checkWrite(state, ctx.message.attempt);
      if (!check.run) {
        ctx.log.info("write message needs nothing", { why: check.why });
        return;
      }
      const started = Date.now();
      const plan = await writeNextDraft(state, portsFor(ctx.env, state.request));
      await ctx.services.repo.commit(state, commitPlan(ctx, plan), metaFor(ctx, state));
      const assessed = plan.events.find((event) => event.type === "AssessmentCompleted");
      ctx.log.info("draft written", {
        ms: Date.now() - started,
        attempt: state.attempts.length + 1,
        score: assessed?.type === "AssessmentCompleted" ? assessed.data.scores.overall : undefined,
        next: plan.next?.stage,
      });
    },
    servicesFor,
  );
}
