import type { StoredEvent } from "../../core/jobs/events";
import { decodeListCursor, encodeListCursor } from "../../core/jobs/list-cursor";
import { normaliseKeyword } from "../../core/jobs/request";
import type { JobStatus } from "../../core/jobs/state";
import { type JobView, jobViewOfRow } from "../../core/jobs/view";
import type { BatchStore, JobReads } from "../../core/ports/job-reads";
import type { EventStore } from "./events";
import { JOB_ROW_SELECT, parseJobRow } from "./job-row";

export interface JobListRow {
  id: string;
  keyword: string;
  status: string;
  stage: string;
  attempts: number;
  seo_score: number | null;
  quality_score: number | null;
  overall_score: number | null;
  passed: number | null;
  batch_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AnalyticsRow {
  jobs: number;
  completions: number;
  failures: number;
  scored: number;
  seo_sum: number;
  quality_sum: number;
  views: number;
  ratings: number;
  rating_sum: number;
}

/** One tenant's view of the read tables: every query carries the tenant, so others' ids simply do not exist. */
export class TenantJobs {
  constructor(
    private readonly db: D1Database,
    private readonly events: EventStore,
    readonly tenantId: string,
  ) {}

  async owns(jobId: string): Promise<boolean> {
    const row = await this.db
      .prepare("SELECT 1 AS hit FROM jobs WHERE id = ? AND tenant_id = ?")
      .bind(jobId, this.tenantId)
      .first<{ hit: number }>();
    return row !== null;
  }

  /** The job as the read model has it, or undefined when it is not this tenant's. */
  async view(jobId: string): Promise<JobView | undefined> {
    const row = await this.db
      .prepare(`SELECT ${JOB_ROW_SELECT} FROM jobs WHERE id = ? AND tenant_id = ?`)
      .bind(jobId, this.tenantId)
      .first();
    return row ? jobViewOfRow(parseJobRow(row)) : undefined;
  }

  /** A reader's read of a completed article: the job's and the tenant's view counters go up by one. */
  async countView(jobId: string): Promise<void> {
    await this.db.batch([
      this.db
        .prepare("UPDATE jobs SET views = views + 1 WHERE id = ? AND tenant_id = ? AND status = 'completed'")
        .bind(jobId, this.tenantId),
      this.db
        .prepare(
          "UPDATE tenant_analytics SET views = views + 1 WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM jobs WHERE id = ? AND tenant_id = ? AND status = 'completed')",
        )
        .bind(this.tenantId, jobId, this.tenantId),
    ]);
  }

  /** The job's events after a version, or undefined when the job is not this tenant's. */
  async eventsOf(jobId: string, afterVersion = 0): Promise<StoredEvent[] | undefined> {
    if (!(await this.owns(jobId))) return undefined;
    return this.events.read(jobId, afterVersion);
  }

  /** Newest first; `cursor` is opaque (the last row's creation time and id). */
  async list(query: { status?: string; keyword?: string; cursor?: string; limit: number }) {
    const where = ["tenant_id = ?"];
    const binds: unknown[] = [this.tenantId];
    if (query.status) {
      where.push("status = ?");
      binds.push(query.status);
    }
    if (query.keyword) {
      // A substring test, not LIKE: D1 refuses a LIKE pattern over 50 bytes when it meets a row, and a keyword
      // filter may be 200 characters.
      where.push("instr(keyword_normalised, ?) > 0");
      binds.push(normaliseKeyword(query.keyword));
    }
    const after = query.cursor ? decodeListCursor(query.cursor) : undefined;
    if (after) {
      where.push("(created_at < ? OR (created_at = ? AND id < ?))");
      binds.push(after.createdAt, after.createdAt, after.id);
    }
    const { results } = await this.db
      .prepare(
        `SELECT id, keyword, status, stage, attempts, seo_score, quality_score, overall_score, passed, batch_id, created_at, updated_at
         FROM jobs WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .bind(...binds, query.limit + 1)
      .all<JobListRow>();
    const page = results.slice(0, query.limit);
    const last = page.at(-1);
    return { rows: page, nextCursor: results.length > query.limit && last ? encodeListCursor(last) : undefined };
  }

  async batchCounts(
    batchId: string,
  ): Promise<{ size: number; createdAt: string; counts: Record<string, number> } | undefined> {
    const batch = await this.db
      .prepare("SELECT size, created_at FROM batches WHERE id = ? AND tenant_id = ?")
      .bind(batchId, this.tenantId)
      .first<{ size: number; created_at: string }>();
    if (!batch) return undefined;
    const { results } = await this.db
      .prepare("SELECT status, COUNT(*) AS n FROM jobs WHERE batch_id = ? AND tenant_id = ? GROUP BY status")
      .bind(batchId, this.tenantId)
      .all<{ status: string; n: number }>();
    return {
      size: batch.size,
      createdAt: batch.created_at,
      counts: Object.fromEntries(results.map((row) => [row.status, row.n])),
    };
  }

  async batchJobIds(batchId: string): Promise<string[]> {
    const { results } = await this.db
      .prepare("SELECT id FROM jobs WHERE batch_id = ? AND tenant_id = ? ORDER BY created_at, id")
      .bind(batchId, this.tenantId)
      .all<{ id: string }>();
    return results.map((row) => row.id);
  }

  async analytics(): Promise<AnalyticsRow> {
    const row = await this.db
      .prepare(
        "SELECT jobs, completions, failures, scored, seo_sum, quality_sum, views, ratings, rating_sum FROM tenant_analytics WHERE tenant_id = ?",
      )
      .bind(this.tenantId)
      .first<AnalyticsRow>();
    return (
      row ?? {
        jobs: 0,
        completions: 0,
        failures: 0,
        scored: 0,
        seo_sum: 0,
        quality_sum: 0,
        views: 0,
        ratings: 0,
        rating_sum: 0,
      }
    );
  }
}

/** The read model as the job commands ask it. */
export class D1JobReads implements JobReads {
  constructor(private readonly db: D1Database) {}

  async statusOf(tenantId: string, jobId: string): Promise<JobStatus | undefined> {
    const row = await this.db
      .prepare("SELECT status FROM jobs WHERE id = ? AND tenant_id = ?")
      .bind(jobId, tenantId)
      .first<{ status: JobStatus }>();
    return row?.status;
  }
}

export class D1BatchStore implements BatchStore {
  constructor(private readonly db: D1Database) {}

  async create(id: string, tenantId: string, size: number): Promise<void> {
    await this.db
      .prepare("INSERT INTO batches (id, tenant_id, size) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
      .bind(id, tenantId, size)
      .run();
  }
}
