import { newId } from "../core/ids";
import type { ArticleRequest } from "../core/jobs/request";
import { normaliseKeyword } from "../core/jobs/request";
import { jobServices, type SubmittedJob, submitArticleJob } from "./jobs";

export interface SubmittedBatch {
  id: string;
  jobs: (SubmittedJob & { keyword: string })[];
}

/** One job per distinct keyword, all sharing the batch's settings; the batch row lands before its jobs. */
export async function submitBatch(
  env: Env,
  tenantId: string,
  keywords: string[],
  shared: Omit<ArticleRequest, "keyword">,
  traceId: string,
): Promise<SubmittedBatch> {
  const services = jobServices(env);
  const firstSpelling = new Map<string, string>();
  for (const keyword of keywords) {
    if (!firstSpelling.has(normaliseKeyword(keyword))) firstSpelling.set(normaliseKeyword(keyword), keyword.trim());
  }
  const distinct = [...firstSpelling.values()];
  const id = newId("bat");
  await services.db
    .prepare("INSERT INTO batches (id, tenant_id, size) VALUES (?, ?, ?)")
    .bind(id, tenantId, distinct.length)
    .run();
  const jobs: SubmittedBatch["jobs"] = [];
  for (const keyword of distinct) {
    const job = await submitArticleJob(
      env,
      tenantId,
      { ...shared, keyword },
      { traceId, origin: "batch", batchId: id },
      services,
    );
    jobs.push({ ...job, keyword });
  }
  services.log.info("batch requested", { batchId: id, tenantId, traceId, jobs: jobs.length });
  return { id, jobs };
}
