import { describe, expect, it } from "vitest";
import { parseJobRow } from "../../src/adapters/storage/job-row";
import { JOB_COLUMNS } from "../../src/adapters/storage/projections";
import { createApp } from "../../src/app";
import type { StoredEvent } from "../../src/core/jobs/events";
import { jobRow } from "../../src/core/jobs/projections";
import { publicEvent } from "../../src/core/jobs/public-event";
import { foldJob } from "../../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import { researchFinished } from "../../src/core/jobs/stages";
import type { RequestedJob } from "../../src/core/jobs/state";
import { fixtureReport } from "../research-fixtures";

const requested = {
  streamId: "job_1",
  version: 1,
  type: "ArticleRequested",
  data: { request: ArticleRequestSchema.parse({ keyword: "compost tea" }), origin: "api" },
  schemaVersion: 1,
  meta: { tenantId: "ten_1", traceId: "t" },
  time: "2026-12-01T00:00:00.000Z",
} as StoredEvent;

/** The plan's events stored after the request, in order. */
const stored = (events: { type: string; data: unknown }[]) =>
  events.map((e, i) => ({ ...requested, ...e, version: i + 2, time: "2026-12-01T00:01:00.000Z" }) as StoredEvent);

function reportWith(relevances: number[]) {
  const report = fixtureReport("compost tea");
  return {
    ...report,
    sources: report.sources.map((s, i) => {
      const relevance = relevances[i] ?? 0;
      return relevance >= 0.35
        ? { ...s, relevance, cache: "l2" as const, finalUrl: `${s.url}final` }
        : { ...s, relevance, status: "invalid" as const, reason: "off_topic" as const };
    }),
  };
}

/** The row as D1 stores it (JSON columns as text) and reads it back. */
function throughD1(row: ReturnType<typeof jobRow>) {
  const stored = Object.fromEntries(
    JOB_COLUMNS.map(([key, column]) => {
      const value = row[key];
      if (typeof value === "boolean") return [column, Number(value)];
      return [column, value !== null && typeof value === "object" ? JSON.stringify(value) : value];
    }),
  );
  return parseJobRow(stored);
}

describe("each source's relevance is visible", () => {
  it("in the job view and the ResearchCompleted event when research finished", () => {
    const state = foldJob("job_1", [requested]) as RequestedJob;
    const plan = researchFinished(state, reportWith([0.9, 0.6, 0.1]));
    const events = stored(plan.events);
    expect(events[0]?.type).toBe("ResearchCompleted");
    const summary = publicEvent(events[0] as StoredEvent).data as { sources: { relevance?: number }[] };
    expect(summary.sources.map((s) => s.relevance)).toEqual([0.9, 0.6, 0.1]);
    const row = jobRow(foldJob("job_1", [requested, ...events]) as RequestedJob);
    expect(row.sources?.map((s) => [s.status, s.reason, s.relevance])).toEqual([
      ["ok", undefined, 0.9],
      ["ok", undefined, 0.6],
      ["invalid", "off_topic", 0.1],
    ]);
    // The read model keeps what the view lists: relevance, where redirects ended, and where the page came from.
    expect(throughD1(row).sources).toEqual(row.sources);
    expect(throughD1(row).sources?.[0]).toMatchObject({ relevance: 0.9, cache: "l2", finalUrl: expect.any(String) });
  });

  it("in the failed job and its event when too few pages were about the keyword", () => {
    const state = foldJob("job_1", [requested]) as RequestedJob;
    const events = stored(researchFinished(state, reportWith([0.8, 0.2, 0.1])).events);
    expect(events[0]).toMatchObject({ type: "ArticleFailed", data: { code: "no_relevant_sources" } });
    const data = publicEvent(events[0] as StoredEvent).data as { sources: { reason?: string; relevance?: number }[] };
    expect(data.sources.map((s) => [s.reason, s.relevance])).toEqual([
      [undefined, 0.8],
      ["off_topic", 0.2],
      ["off_topic", 0.1],
    ]);
    const row = jobRow(foldJob("job_1", [requested, ...events]) as RequestedJob);
    expect(row.status).toBe("failed");
    expect(row.sources?.map((s) => s.relevance)).toEqual([0.8, 0.2, 0.1]);
    expect(throughD1(row).sources).toEqual(row.sources);
    const again = foldJob("job_1", [
      requested,
      ...events,
      { ...requested, type: "RegenerationRequested", data: { from: "research", run: 2 }, version: 3 } as StoredEvent,
    ]) as RequestedJob;
    expect(jobRow(again).sources).toBeNull();
  });

  it("in the OpenAPI schema of a job's sources", async () => {
    const env = { LOG_LEVEL: "error" } as unknown as Env;
    const response = await createApp().request("https://api.optiblog.test/openapi.json", {}, env);
    const doc = (await response.json()) as {
      components: { schemas: Record<string, { properties: Record<string, { items?: { properties?: object } }> }> };
    };
    const item = doc.components.schemas.Job?.properties.sources?.items?.properties as
      | Record<string, { type?: string; minimum?: number; maximum?: number }>
      | undefined;
    expect(item?.relevance).toMatchObject({ type: "number", minimum: 0, maximum: 1 });
    const research = doc.components.schemas.ResearchSource?.properties as Record<string, { type?: string }>;
    expect(research.relevance).toMatchObject({ type: "number" });
  });
});
