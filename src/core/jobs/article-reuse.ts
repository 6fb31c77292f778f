import { z } from "zod";
import { ArticleSchema } from "../article/model";
import { articleKey, sha256Hex } from "../cache/keys";
import { CACHE_TTL } from "../cache/policy";
import type { Log } from "../ports/log";
import { stableJson } from "../stable-json";
import { RecordedAssessmentSchema } from "./events";
import type { PipelinePorts } from "./ports";
import { normaliseKeyword } from "./request";
import { researchSources } from "./research-record";
import type { StagePlan } from "./stages";
import type { RequestedJob } from "./state";

/** A finished article as the cache keeps it, with what its job decided about it. */
const CachedArticleSchema = z.object({
  jobId: z.string(),
  article: ArticleSchema,
  writer: z.object({ kind: z.enum(["llm", "extractive"]), name: z.string() }),
  passed: z.boolean(),
  reason: z.enum(["passed", "max_attempts", "no_improvement"]),
});
type CachedArticle = z.infer<typeof CachedArticleSchema>;

/**
 * The tenant's key for the article a job would write: the normalised keyword, every option, the quality bar, the
 * writer, and a hash of the usable sources' contents. Any change to one of them is another article.
 */
async function reuseKey(state: RequestedJob, writer: { kind: string; name: string }): Promise<string> {
  const { request } = state;
  const report = state.research?.report;
  const sources = report ? researchSources(report).filter((s) => s.status === "ok") : [];
  const contents = await sha256Hex(stableJson(sources.map((s) => [s.finalUrl ?? s.url, s.title, s.text])));
  const identity = stableJson({
    keyword: normaliseKeyword(request.keyword),
    options: request.options,
    seoThreshold: request.seoThreshold,
    maxAttempts: request.maxAttempts,
    writer,
    contents,
  });
  return articleKey(state.tenantId, await sha256Hex(identity));
}

/** Only a run's first draft may be reused; `fresh: true` and a regeneration (a later run) always write anew. */
function mayReuse(state: RequestedJob): boolean {
  return !state.request.fresh && state.run === 1 && state.attempts.length === 0;
}

/**
 * The tenant's identical earlier article, completing the job with no writer call: DraftWritten (no usage,
 * `reusedFrom` naming the job that wrote it), its assessment, and ArticleCompleted as that job decided.
 */
export async function reuseArticle(state: RequestedJob, ports: PipelinePorts): Promise<StagePlan | undefined> {
  const report = state.research?.report;
  if (!ports.cache || !report || !mayReuse(state)) return undefined;
  const writer = ports.writer();
  const key = await reuseKey(state, writer);
  const found = await ports.cache.get("article", key, CachedArticleSchema);
  if (!found.hit || "negative" in found) return undefined;
  const cached = found.value;
  const sources = researchSources(report);
  const competitors = report.competitors;
  const assessment = RecordedAssessmentSchema.parse(
    ports.assess(cached.article, { sources, options: state.request.options, competitors }),
  );
  const scores = { seo: assessment.seo.score, quality: assessment.quality.score, overall: assessment.score };
  const attempt = 1;
  return {
    events: [
      {
        type: "DraftWritten",
        data: {
          run: state.run,
          attempt,
          article: cached.article,
          usage: [],
          writer: cached.writer,
          reusedFrom: cached.jobId,
        },
      },
      { type: "AssessmentCompleted", data: { run: state.run, attempt, scores, assessment } },
      {
        type: "ArticleCompleted",
        data: { run: state.run, bestAttempt: attempt, passed: cached.passed, reason: cached.reason, scores },
      },
    ],
    next: { stage: "deliver", attempt: state.run },
  };
}

/** After a write that completed the job: keeps its best article for the tenant's next identical request. */
export async function rememberArticle(
  state: RequestedJob,
  plan: StagePlan,
  ports: PipelinePorts,
  log?: Log,
): Promise<void> {
  const completed = plan.events.find((event) => event.type === "ArticleCompleted");
  if (!ports.cache || completed?.type !== "ArticleCompleted") return;
  // A draft cut off by the job's budget, or left when a revision failed, is not what an identical request with room
  // to spend, or a revision that goes through, would get.
  const { reason } = completed.data;
  if (reason === "budget_exceeded" || reason === "revision_failed") return;
  const written = plan.events.flatMap((event) => (event.type === "DraftWritten" ? [event.data] : []));
  const best =
    written.find((draft) => draft.attempt === completed.data.bestAttempt) ??
    state.attempts.find((draft) => draft.attempt === completed.data.bestAttempt);
  if (!best || written.some((draft) => draft.reusedFrom)) return;
  const writer = "writer" in best ? best.writer : ports.writer();
  try {
    const value: CachedArticle = {
      jobId: state.id,
      article: best.article,
      writer: { kind: writer.kind, name: writer.name },
      passed: completed.data.passed,
      reason,
    };
    await ports.cache.set("article", await reuseKey(state, ports.writer()), value, CACHE_TTL.article);
  } catch (error) {
    log?.warn("article not cached", { error: error instanceof Error ? error.message : String(error) });
  }
}
