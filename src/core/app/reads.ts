import { type JobView, jobView } from "../jobs/view";
import { updateJob } from "../ports/job-store";
import type { JobPorts } from "./ports";

/** The job as its tenant sees it; undefined for an unknown id or another tenant's job. */
export async function getJob(
  ports: Pick<JobPorts, "store" | "reads">,
  tenantId: string,
  id: string,
): Promise<JobView | undefined> {
  if (!(await ports.reads.statusOf(tenantId, id))) return undefined;
  return jobView(await ports.store.load(id));
}

/** A read of a completed article counts as a view: an ArticleViewed event, so a rebuild counts it too. */
export async function recordView(
  ports: Pick<JobPorts, "store">,
  tenantId: string,
  jobId: string,
  format: "json" | "html" | "markdown",
  traceId: string,
): Promise<void> {
  await updateJob(
    ports.store,
    jobId,
    (state) => ({ events: state.status === "completed" ? [{ type: "ArticleViewed", data: { format } }] : [] }),
    () => ({ tenantId, traceId }),
  );
}
