/**
 * Folds a job's events into what a person wants to watch: stage, sources fetched, attempt, scores.
 * Pure, so the CLI and the demo show the same thing.
 */
export function initialProgress() {
  return { stage: "queued", maxAttempts: 3, attempt: 0, sources: undefined, scores: undefined, done: false };
}

export function applyEvent(progress, event) {
  const data = event.data ?? {};
  switch (event.type) {
    case "ArticleRequested":
      return { ...progress, stage: "queued", maxAttempts: data.request?.maxAttempts ?? progress.maxAttempts };
    case "ResearchStarted":
    case "RegenerationRequested":
      return { ...progress, stage: "researching" };
    case "ResearchCompleted": {
      const sources = data.sources ?? data.report?.sources ?? [];
      const ok = sources.filter((s) => s.status === "ok").length;
      return { ...progress, stage: "writing", sources: { ok, total: sources.length } };
    }
    case "DraftWritten":
      return {
        ...progress,
        stage: "assessing",
        attempt: data.attempt ?? progress.attempt + 1,
        writer: data.writer?.kind,
      };
    case "AssessmentCompleted":
      return { ...progress, scores: data.scores ?? progress.scores };
    case "RevisionRequested":
      return { ...progress, stage: "revising" };
    case "ArticleCompleted":
      return {
        ...progress,
        stage: "completed",
        scores: data.scores ?? progress.scores,
        passed: data.passed,
        done: true,
      };
    case "ArticleFailed":
      return { ...progress, stage: "failed", error: { code: data.code, message: data.message }, done: true };
    default:
      return progress;
  }
}

/** How far along the job is, 0..1, for a progress bar. */
export function fractionDone(progress) {
  if (progress.stage === "completed" || progress.stage === "failed") return 1;
  if (progress.stage === "queued") return 0.05;
  if (progress.stage === "researching") return 0.15;
  const perAttempt = 0.55 / Math.max(progress.maxAttempts, 1);
  const assessed = progress.scores ? progress.attempt : Math.max(progress.attempt - 0.5, 0);
  return Math.min(0.4 + perAttempt * assessed, 0.95);
}

export function describe(progress) {
  const parts = [progress.stage];
  if (progress.sources) parts.push(`sources ${progress.sources.ok}/${progress.sources.total} usable`);
  if (progress.attempt) parts.push(`attempt ${progress.attempt}/${progress.maxAttempts}`);
  if (progress.writer) parts.push(`${progress.writer} writer`);
  if (progress.scores) {
    const { overall, seo, quality } = progress.scores;
    parts.push(`score ${Math.round(overall)} (seo ${Math.round(seo)}, quality ${Math.round(quality)})`);
  }
  return parts.join(" · ");
}
