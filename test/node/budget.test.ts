import { describe, expect, it } from "vitest";
import { type Config, rateLimitFor } from "../../src/config";
import type { CallUsage } from "../../src/core/article/model";
import { BudgetExceeded, JobSpend } from "../../src/core/budget/job-spend";
import { budgetLimits } from "../../src/core/budget/limits";
import { usageReport } from "../../src/core/budget/usage-report";
import { PermanentError } from "../../src/core/errors";
import type { AttemptRecord, PipelinePorts } from "../../src/core/jobs/ports";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import { recordResearch } from "../../src/core/jobs/research-record";
import { writeNextDraft } from "../../src/core/jobs/stages";
import { emptyJob, type RecordedAssessment, type RequestedJob } from "../../src/core/jobs/state";
import type { CallEstimate, SpendGate, SpendHold, SpendLedger, UsageRow } from "../../src/core/ports/spend";
import { usageOf, withUsage } from "../../src/core/ports/writer";
import { fixtureReport } from "../research-fixtures";
import { scripted, write } from "../writing-mock-model";

const clock = { now: () => Date.parse("2026-12-02T10:00:00Z") };
const estimate = (tokens: number, costUsd = 0): CallEstimate => ({ provider: "p", model: "m", tokens, costUsd });
const used = (input: number, output: number, costUsd = 0): CallUsage => ({
  provider: "p",
  model: "m",
  purpose: "section:0",
  inputTokens: input,
  outputTokens: output,
  latencyMs: 1,
  costUsd,
});

/** A tenant ledger in memory, as the tenant's guard keeps it. */
function memoryLedger() {
  const holds = new Map<string, number>();
  const rows: UsageRow[] = [];
  const ledger: SpendLedger = {
    hold: async (id, day, costUsd, capUsd): Promise<SpendHold> => {
      const spentUsd = rows.filter((r) => r.day === day).reduce((sum, r) => sum + r.costUsd, 0);
      const heldUsd = [...holds.values()].reduce((sum, c) => sum + c, 0);
      if (spentUsd + heldUsd + costUsd > capUsd) return { granted: false, spentUsd, heldUsd };
      holds.set(id, costUsd);
      return { granted: true, spentUsd, heldUsd: heldUsd + costUsd };
    },
    settle: async (holdId, day, usage) => {
      if (holdId) holds.delete(holdId);
      if (usage) {
        const { inputTokens, outputTokens, costUsd, provider } = usage;
        rows.push({ day, provider, calls: 1, inputTokens, outputTokens, costUsd });
      }
    },
    usage: async () => rows,
  };
  return { ledger, holds, rows };
}

describe("budget limits", () => {
  it("takes the request's job caps over the plan's, the plan's daily cap, and `default` for unlisted plans", () => {
    const budgets = { pro: { jobTokens: 50_000, jobCostUsd: 1, dailyCostUsd: 20 }, default: { dailyCostUsd: 2 } };
    expect(budgetLimits(budgets, "pro", { maxTokens: 10_000 })).toEqual({
      jobTokens: 10_000,
      jobCostUsd: 1,
      dailyCostUsd: 20,
    });
    expect(budgetLimits(budgets, "free")).toEqual({ dailyCostUsd: 2 });
    expect(budgetLimits({}, "pro")).toEqual({});
    // A plan named as a property every object has is looked up as a key, as any other name.
    expect(budgetLimits(budgets, "constructor")).toEqual({ dailyCostUsd: 2 });
    expect(
      rateLimitFor({ PLAN_RATE_LIMITS: { pro: 600 }, RATE_LIMIT_PER_MINUTE: 60 } as unknown as Config, "constructor"),
    ).toBe(60);
    expect(
      rateLimitFor({ PLAN_RATE_LIMITS: { pro: 600 }, RATE_LIMIT_PER_MINUTE: 60 } as unknown as Config, "pro"),
    ).toBe(600);
  });

  it("rejects a request budget that is not a positive number", () => {
    expect(ArticleRequestSchema.safeParse({ keyword: "k", budget: { maxTokens: 0 } }).success).toBe(false);
    expect(ArticleRequestSchema.safeParse({ keyword: "k", budget: { maxCostUsd: -1 } }).success).toBe(false);
    expect(ArticleRequestSchema.safeParse({ keyword: "k", budget: { tokens: 5 } }).success).toBe(false);
    expect(ArticleRequestSchema.parse({ keyword: "k", budget: { maxCostUsd: 0.25 } }).budget).toEqual({
      maxCostUsd: 0.25,
    });
  });
});

describe("a job's spend", () => {
  it("admits a call only if its estimate fits under the token cap with the calls in flight held at their estimates", async () => {
    const spend = new JobSpend({ jobTokens: 1000 }, { tokens: 200, costUsd: 0 }, clock);
    const first = await spend.admit(estimate(500));
    await expect(spend.admit(estimate(400))).rejects.toThrow(BudgetExceeded);
    await first.settle(used(150, 50));
    // 200 before + 200 used: 600 tokens left.
    await spend.admit(estimate(600));
    await expect(spend.admit(estimate(1))).rejects.toMatchObject({ code: "budget_exceeded" });
  });

  it("releases a call that never went out without counting it, and counts parts paid for earlier", async () => {
    const spend = new JobSpend({ jobCostUsd: 0.01 }, { tokens: 0, costUsd: 0 }, clock);
    const ticket = await spend.admit(estimate(100, 0.006));
    await ticket.settle();
    await ticket.settle(used(100, 100, 0.006));
    spend.spent(used(100, 100, 0.005));
    await spend.admit(estimate(100, 0.005));
    await expect(spend.admit(estimate(100, 0.001))).rejects.toThrow(/past its cap of \$0\.0100/);
  });

  it("holds the tenant's daily cap in its ledger and records every call that went out there, failed ones included", async () => {
    const { ledger, holds, rows } = memoryLedger();
    const jobA = new JobSpend({ dailyCostUsd: 0.05 }, { tokens: 0, costUsd: 0 }, clock, ledger);
    const jobB = new JobSpend({ dailyCostUsd: 0.05 }, { tokens: 0, costUsd: 0 }, clock, ledger);
    const a = await jobA.admit(estimate(100, 0.03));
    await expect(jobB.admit(estimate(100, 0.03))).rejects.toThrow(/daily cap of \$0\.0500/);
    await a.settle(used(0, 0, 0));
    const b = await jobB.admit(estimate(100, 0.03));
    await b.settle(used(900, 300, 0.02));
    expect(holds.size).toBe(0);
    expect(rows.map((r) => [r.day, r.calls, r.costUsd])).toEqual([
      ["2026-12-02", 1, 0],
      ["2026-12-02", 1, 0.02],
    ]);
    await expect(jobA.admit(estimate(100, 0.031))).rejects.toThrow(BudgetExceeded);
  });
});

describe("the LLM writer under a budget", () => {
  it("stops before a call that could cross the job's cap and carries the usage of every call that went out", async () => {
    const estimates: CallEstimate[] = [];
    const spy = (inner: SpendGate): SpendGate => ({
      admit: async (e) => {
        const ticket = await inner.admit(e);
        estimates.push(e);
        return ticket;
      },
      spent: (u) => inner.spent(u),
    });
    const dry = scripted({});
    await dry.writer.write({ ...writeRequest(), budget: spy(new JobSpend({}, { tokens: 0, costUsd: 0 }, clock)) });
    const outline = estimates[0]?.tokens ?? 0;
    const largest = Math.max(...estimates.slice(1).map((e) => e.tokens));
    // Room for the outline (1 200 tokens used) and one more call, never for two at once.
    const cap = 1200 + largest + 1;
    expect(outline).toBeGreaterThan(0);

    const { writer, seen } = scripted({});
    const error = await writer
      .write({ ...writeRequest(), budget: new JobSpend({ jobTokens: cap }, { tokens: 0, costUsd: 0 }, clock) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe("budget_exceeded");
    const usage = usageOf(error);
    expect(usage).toHaveLength(seen.length);
    expect(seen.length).toBe(2);
    expect(usage.reduce((sum, u) => sum + u.inputTokens + u.outputTokens, 0)).toBeLessThanOrEqual(cap);
  });

  it("writes the whole draft when the budget allows it", async () => {
    const { writer } = scripted({});
    const { usage } = await write(writer);
    const total = usage.reduce((sum, u) => sum + u.inputTokens + u.outputTokens, 0);
    const { writer: capped } = scripted({});
    const result = await capped.write({
      ...writeRequest(),
      budget: new JobSpend({ jobTokens: total * 10 }, { tokens: 0, costUsd: 0 }, clock),
    });
    expect(result.usage).toHaveLength(usage.length);
  });
});

function writeRequest() {
  return {
    keyword: "compost",
    options: ArticleRequestSchema.parse({ keyword: "compost" }).options,
    sources: fixtureReport("compost").sources,
  };
}

function assessed(score: number): RecordedAssessment {
  return { score, seo: { score }, quality: { score }, findings: [] };
}

function writingJob(drafts: number): RequestedJob {
  const request = ArticleRequestSchema.parse({ keyword: "compost" });
  const base = emptyJob("job_budget");
  const attempts = Array.from({ length: drafts }, (_, i) => ({
    attempt: i + 1,
    article: {} as RequestedJob["attempts"][number]["article"],
    usage: [used(1000, 200, 0.001)],
    scores: { seo: 60 + i * 5, quality: 60, overall: 60 + i * 5 },
    assessment: assessed(60 + i * 5),
  }));
  return {
    ...base,
    exists: true,
    request,
    tenantId: "ten_budget",
    status: "writing",
    stage: "write",
    run: 1,
    drafts,
    research: { run: 1, report: recordResearch(fixtureReport("compost")) },
    attempts,
    ...(drafts ? { revision: { attempt: drafts + 1, instructions: ["Add a section"] } } : {}),
  };
}

function cutOffPorts(): PipelinePorts {
  return {
    research: () => Promise.reject(new Error("not used")),
    writer: () => ({
      kind: "llm",
      name: "llm:test",
      write: () =>
        Promise.reject(withUsage(new BudgetExceeded("the next call could cross the cap"), [used(800, 100, 0.002)])),
    }),
    assess: () => {
      throw new Error("not used");
    },
    decide: (_policy, _attempts: AttemptRecord[]) => {
      throw new Error("not used");
    },
  };
}

describe("a job cut off by its budget", () => {
  it("completes with its best draft so far, reason budget_exceeded, recording the cut-off draft's calls", async () => {
    const plan = await writeNextDraft(writingJob(2), cutOffPorts());
    expect(plan.events).toEqual([
      {
        type: "ArticleCompleted",
        data: {
          run: 1,
          bestAttempt: 2,
          passed: false,
          reason: "budget_exceeded",
          scores: { seo: 65, quality: 65, overall: 65 },
          usage: [used(800, 100, 0.002)],
        },
      },
    ]);
    expect(plan.next).toEqual({ stage: "deliver", attempt: 1 });
  });

  it("fails budget_exceeded when no draft was finished, recording the calls it made", async () => {
    const plan = await writeNextDraft(writingJob(0), cutOffPorts());
    expect(plan.events).toEqual([
      {
        type: "ArticleFailed",
        data: {
          code: "budget_exceeded",
          message: "the next call could cross the cap",
          stage: "write",
          usage: [used(800, 100, 0.002)],
        },
      },
    ]);
  });
});

describe("a revision the writer cannot make", () => {
  const refusing = (error: Error): PipelinePorts => ({
    ...cutOffPorts(),
    writer: () => ({ kind: "extractive", name: "extractive", write: () => Promise.reject(error) }),
  });

  it("completes with the best draft so far, reason revision_failed, when the writer fails permanently", async () => {
    const error = new PermanentError("no_sources", "No source sentence is relevant enough to quote");
    const plan = await writeNextDraft(writingJob(2), refusing(error));
    expect(plan.events).toEqual([
      {
        type: "ArticleCompleted",
        data: {
          run: 1,
          bestAttempt: 2,
          passed: false,
          reason: "revision_failed",
          scores: { seo: 65, quality: 65, overall: 65 },
        },
      },
    ]);
    expect(plan.next).toEqual({ stage: "deliver", attempt: 1 });
  });

  it("leaves a first draft's permanent failure, and any passing failure, to fail or be retried as before", async () => {
    const permanent = new PermanentError("no_sources", "No source sentence is relevant enough to quote");
    await expect(writeNextDraft(writingJob(0), refusing(permanent))).rejects.toBe(permanent);
    const passing = new Error("connection reset");
    await expect(writeNextDraft(writingJob(2), refusing(passing))).rejects.toBe(passing);
  });
});

describe("the usage report", () => {
  it("sums the ledger by day and provider, oldest day first", () => {
    const row = (day: string, provider: string, calls: number, costUsd: number): UsageRow => ({
      day,
      provider,
      calls,
      inputTokens: calls * 100,
      outputTokens: calls * 10,
      costUsd,
    });
    const report = usageReport("2026-12-01", "2026-12-02", [
      row("2026-12-02", "b", 1, 0.5),
      row("2026-12-01", "a", 2, 0.25),
      row("2026-12-02", "a", 3, 0.25),
    ]);
    expect(report.totals).toEqual({ calls: 6, inputTokens: 600, outputTokens: 60, costUsd: 1 });
    expect(report.days.map((d) => [d.day, d.calls, d.providers.map((p) => p.provider)])).toEqual([
      ["2026-12-01", 2, ["a"]],
      ["2026-12-02", 4, ["a", "b"]],
    ]);
  });
});
