import { describe, expect, it } from "vitest";
import type { Article } from "../../src/core/article/model";
import { defaultOptions } from "../../src/core/article/options";
import { type Assessment, assessArticle } from "../../src/core/assess/index";
import type { Finding } from "../../src/core/quality/index";
import {
  type Attempt,
  decideNext,
  RevisionPolicySchema,
  runRevisionLoop,
  toRevisionPolicy,
} from "../../src/core/revision/policy";
import { article, EIFFEL, source } from "../quality-fixtures";

const finding = (instruction: string, severity: Finding["severity"] = "medium"): Finding => ({
  check: "test",
  severity,
  message: instruction,
  instruction,
});
const assessment = (score: number, findings: Finding[] = [], offTopic = false): Assessment => ({
  score,
  offTopic,
  seo: { score, grade: "C", checks: [] },
  quality: { score, checks: [], offTopic },
  findings,
});
const attempts = (...scores: number[]): Attempt[] =>
  scores.map((score, i) => ({ attempt: i + 1, score, assessment: assessment(score, [finding(`fix draft ${i + 1}`)]) }));
const policy = { threshold: 75, maxAttempts: 3 };

describe("decideNext", () => {
  it("accepts a draft exactly at the threshold", () => {
    expect(decideNext(policy, attempts(75))).toEqual({ action: "accept", best: 1, passed: true });
    expect(decideNext(policy, attempts(74.9)).action).toBe("revise");
  });

  it("never accepts an off-topic draft, even at a threshold it reaches", () => {
    const offTopic = [{ attempt: 1, score: 20, assessment: assessment(20, [finding("write about it")], true) }];
    expect(decideNext({ threshold: 0, maxAttempts: 3 }, offTopic).action).toBe("revise");
    expect(decideNext({ threshold: 0, maxAttempts: 1 }, offTopic)).toMatchObject({ action: "stop", passed: false });
  });

  it("revises the best draft with its findings in priority order", () => {
    const first: Attempt = {
      attempt: 1,
      score: 50,
      assessment: assessment(50, [
        finding("cite the claim", "high"),
        finding("shorten the title"),
        finding("cite the claim"),
      ]),
    };
    expect(decideNext(policy, [first])).toEqual({
      action: "revise",
      best: 1,
      instructions: ["cite the claim", "shorten the title"],
    });
  });

  it("stops when a revision does not improve on the best draft, keeping the best", () => {
    expect(decideNext(policy, attempts(60, 60))).toEqual({
      action: "stop",
      best: 1,
      passed: false,
      reason: "no_improvement",
    });
    expect(decideNext({ ...policy, maxAttempts: 5 }, attempts(60, 70, 65))).toMatchObject({
      action: "stop",
      best: 2,
      reason: "no_improvement",
    });
  });

  it("keeps revising while scores improve and stops at max attempts with passed false", () => {
    expect(decideNext(policy, attempts(50, 60))).toMatchObject({
      action: "revise",
      best: 2,
      instructions: ["fix draft 2"],
    });
    expect(decideNext(policy, attempts(50, 60, 70))).toEqual({
      action: "stop",
      best: 3,
      passed: false,
      reason: "max_attempts",
    });
    expect(decideNext({ threshold: 75, maxAttempts: 1 }, attempts(50))).toMatchObject({
      action: "stop",
      reason: "max_attempts",
    });
  });

  it("accepts a later draft that passes even after an earlier dip", () => {
    expect(decideNext({ ...policy, maxAttempts: 5 }, attempts(60, 80))).toEqual({
      action: "accept",
      best: 2,
      passed: true,
    });
  });
});

describe("policy schema", () => {
  it("defaults to 75 and 3 and caps attempts at 5", () => {
    expect(toRevisionPolicy()).toEqual({ threshold: 75, maxAttempts: 3 });
    expect(RevisionPolicySchema.safeParse({ maxAttempts: 6 }).success).toBe(false);
    expect(RevisionPolicySchema.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(RevisionPolicySchema.safeParse({ seoThreshold: 101 }).success).toBe(false);
    expect(toRevisionPolicy({ seoThreshold: 60, maxAttempts: 5 })).toEqual({ threshold: 60, maxAttempts: 5 });
  });
});

describe("runRevisionLoop", () => {
  const draft = (n: number) => article({ title: `Draft ${n}` });

  it("returns the best draft, not the last, and revises from the best", async () => {
    const scores = [60, 70, 65];
    const previous: (string | undefined)[] = [];
    const seen: number[] = [];
    const result = await runRevisionLoop({
      policy: { threshold: 90, maxAttempts: 5 },
      write: async (revision) => {
        previous.push(revision?.previous.title);
        return draft(previous.length);
      },
      assess: (a: Article) =>
        assessment(scores[Number(a.title.split(" ")[1]) - 1] ?? 0, [finding(`improve ${a.title}`)]),
      onAttempt: (a) => {
        seen.push(a.score);
      },
    });
    expect(result.passed).toBe(false);
    expect(result.best.article.title).toBe("Draft 2");
    expect(result.best.score).toBe(70);
    expect(result.attempts.map((a) => a.score)).toEqual([60, 70, 65]);
    expect(seen).toEqual([60, 70, 65]);
    expect(previous).toEqual([undefined, "Draft 1", "Draft 2"]);
  });

  it("stops at once when the first draft passes", async () => {
    let writes = 0;
    const result = await runRevisionLoop({
      policy,
      write: async () => draft(++writes),
      assess: () => assessment(90),
    });
    expect(writes).toBe(1);
    expect(result).toMatchObject({ passed: true, best: { attempt: 1 } });
  });
});

describe("assessArticle", () => {
  it("is the plain SEO/quality mean once the article reaches 80% of its target length", () => {
    const long = article({
      sections: [
        {
          heading: "History",
          level: 2,
          body: `${"The company of Gustave Eiffel planned and constructed it [1]. ".repeat(80)}`,
        },
      ],
    });
    const result = assessArticle(long, {
      sources: [source(1, EIFFEL)],
      options: { ...defaultOptions(), targetWords: 800 },
    });
    expect(result.score).toBe(Math.round(0.5 * result.seo.score + 0.5 * result.quality.score));
  });

  it("combines SEO and quality half and half and sorts findings by severity", () => {
    const result = assessArticle(article(), { sources: [source(1, EIFFEL)], options: defaultOptions() });
    // The fixture has 21 words against 1500 asked for: the length factor scales the mean down.
    const mean = 0.5 * result.seo.score + 0.5 * result.quality.score;
    expect(result.score).toBe(Math.round(mean * (21 / (0.8 * 1500))));
    expect(result.seo.checks.find((c) => c.id === "singleH1")?.status).toBe("good");
    expect(result.seo.checks.find((c) => c.id === "outboundLinks")?.status).toBe("good");
    const ranks = result.findings.map((f) => ({ high: 0, medium: 1, low: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(result.findings.some((f) => f.check === "structure")).toBe(true);
    expect(result.findings.some((f) => f.check === "internalLinks")).toBe(false);
  });
});
