import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { submitArticleJob } from "../src/core/app/submit";
import { PermanentError } from "../src/core/errors";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { ADMIN, call } from "./helpers";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";

describe("operator views", { timeout: 30_000 }, () => {
  it("lists a failed job among the recent failures with its reason and trace id", async () => {
    const capture = capturingQueues();
    const { ports } = testPorts({
      research: async () => {
        throw new PermanentError("no_results", "the search found nothing");
      },
    });
    const job = await submitArticleJob(
      capture.services(env),
      "ten_ops_failures",
      ArticleRequestSchema.parse({ keyword: "operator failures" }),
      { traceId: "0af7651916cd43dd8448eb211c80319c", origin: "api" },
    );
    await deliver(researchConsumer(ports, capture.services), capture.sent.shift() as StageMessage);
    const response = await call("/v1/admin/failures?limit=200", { headers: ADMIN });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { jobId: string; errorCode: string; traceId: string }[] };
    expect(data.find((failure) => failure.jobId === job.id)).toMatchObject({
      errorCode: "no_results",
      traceId: "0af7651916cd43dd8448eb211c80319c",
    });
    expect((await call("/v1/admin/failures?limit=0", { headers: ADMIN })).status).toBe(400);
  });

  it("shows the backlog of jobs in flight with the age of the oldest", async () => {
    const capture = capturingQueues();
    await submitArticleJob(
      capture.services(env),
      "ten_ops_backlog",
      ArticleRequestSchema.parse({ keyword: "operator backlog" }),
      { traceId: "0af7651916cd43dd8448eb211c80319d", origin: "api" },
    );
    const response = await call("/v1/admin/queues", { headers: ADMIN });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      jobs: { status: string; count: number; oldestStageAgeSeconds: number }[];
    };
    const queued = body.jobs.find((row) => row.status === "queued");
    expect(queued?.count).toBeGreaterThanOrEqual(1);
    expect(queued?.oldestStageAgeSeconds).toBeGreaterThanOrEqual(0);
    expect((await call("/v1/admin/queues")).status).toBe(401);
  });
});
