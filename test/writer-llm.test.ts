import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { AiSdkStructuredModel } from "../src/adapters/writers/ai-sdk-model";
import type { ArticleOptions } from "../src/core/article/options";
import { PermanentError, TransientError } from "../src/core/errors";
import { LlmWriter } from "../src/core/writing/llm-writer";
import { compostSources, options } from "./writing-fixtures";

type Reply = string | { text: string; finishReason: "stop" | "length" } | Error;
interface Seen {
  purpose: string;
  system: string;
  prompt: string;
  maxOutputTokens?: number;
}

const purposeOf = (prompt: string) =>
  prompt.startsWith("Plan an article")
    ? "outline"
    : prompt.startsWith("Revise this article")
      ? "revision"
      : prompt.includes("Write the body of the section")
        ? "section"
        : "framing";

const OUTLINE = {
  title: "Composting at Home",
  metaDescription: "How composting works at home: greens and browns, moisture, heat and time, with the sources.",
  sections: [
    { heading: "How compost works", level: 2, keyPoints: ["microbes", "heat"] },
    { heading: "Greens and browns", level: 2, keyPoints: ["balance"] },
    { heading: "Fixing problems", level: 3, keyPoints: ["smell"] },
  ],
  faqQuestions: ["How long does compost take?"],
};
const FRAMING = {
  intro: "Composting turns scraps into soil [1].",
  faq: [{ question: "How long does compost take?", answer: "Two to three months for a hot pile [2]." }],
  conclusion: {
    body: "Balance greens and browns and keep the pile moist [1][2].",
    callToAction: "Start a pile today.",
  },
};
const section = (cite = "[2]") => JSON.stringify({ body: `Microbes heat the pile ${cite}.` });

/** A mock model that answers by purpose from a script (a queue per purpose) and remembers every call. */
function scripted(replies: Partial<Record<string, Reply[]>>, fallback: Record<string, Reply> = {}) {
  const seen: Seen[] = [];
  const defaults: Record<string, Reply> = {
    outline: JSON.stringify(OUTLINE),
    framing: JSON.stringify(FRAMING),
    section: section(),
    ...fallback,
  };
  const model = new MockLanguageModelV4({
    doGenerate: async (call) => {
      const system = call.prompt.find((m) => m.role === "system");
      const user = call.prompt.find((m) => m.role === "user");
      const prompt =
        user && Array.isArray(user.content) ? user.content.map((p) => ("text" in p ? p.text : "")).join("") : "";
      const purpose = purposeOf(prompt);
      seen.push({
        purpose,
        system: typeof system?.content === "string" ? system.content : "",
        prompt,
        maxOutputTokens: call.maxOutputTokens,
      });
      const reply = replies[purpose]?.shift() ?? defaults[purpose] ?? "{}";
      if (reply instanceof Error) throw reply;
      const { text, finishReason } = typeof reply === "string" ? { text: reply, finishReason: "stop" as const } : reply;
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: finishReason, raw: undefined },
        usage: {
          inputTokens: { total: 1000, noCache: 1000, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 200, text: 200, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
  const structured = new AiSdkStructuredModel(
    [{ provider: "mock", model: "mock-large", weight: 1, maxConcurrency: 3, languageModel: model }],
    { prices: { "mock-large": { input: 0.5, output: 2 } }, maxRetries: 0 },
  );
  return { writer: new LlmWriter("llm:mock", structured), seen };
}

const write = (writer: LlmWriter, o: Partial<ArticleOptions> = {}) =>
  writer.write({ keyword: "compost", options: options(o), sources: compostSources() });

describe("LLM writer (two steps through the AI SDK)", () => {
  it("writes an outline, then sections and the frame, into a cited article", async () => {
    const { writer, seen } = scripted({});
    const { article, usage } = await write(writer);
    expect(seen.map((s) => s.purpose).sort()).toEqual(["framing", "outline", "section", "section", "section"]);
    expect(seen[0]?.purpose).toBe("outline");
    expect(article.kind).toBe("llm");
    expect(article.sections.map((s) => s.heading)).toEqual(OUTLINE.sections.map((s) => s.heading));
    expect(article.slug).toBe("composting-at-home");
    expect(article.toc?.map((t) => t.anchor)).toEqual(["how-compost-works", "greens-and-browns", "fixing-problems"]);
    expect(article.sources.map((s) => s.id)).toEqual([1, 2]);
    expect(article.citations.every((c) => [1, 2].includes(c.sourceId))).toBe(true);
    expect(article.wordCount).toBeGreaterThan(20);
    expect(article.readingTimeMinutes).toBe(1);
    expect(usage).toHaveLength(5);
    for (const call of usage) {
      expect(call).toMatchObject({ provider: "mock", model: "mock-large", inputTokens: 1000, outputTokens: 200 });
      expect(call.costUsd).toBeCloseTo((1000 * 0.5 + 200 * 2) / 1e6, 12);
      expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(usage.map((u) => u.purpose)).toContain("section:2");
  });

  it("puts competitor coverage into the outline prompt and asks for what they miss", async () => {
    const { writer, seen } = scripted({});
    await writer.write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
      competitors: {
        pages: 3,
        wordCount: { min: 900, max: 2100, mean: 1500, median: 1400, p25: 1000, p75: 1900 },
        commonHeadings: [{ text: "Compost bins compared", count: 3 }],
        subtopics: [{ label: "vermicomposting", headings: [], terms: ["worms", "castings"], pages: 2 }],
        questions: [{ text: "Can you compost citrus?", count: 2, sources: [1] }],
        keyTerms: [],
        entities: [],
      },
    });
    const outline = seen.find((s) => s.purpose === "outline")?.prompt ?? "";
    expect(outline).toContain("Compost bins compared");
    expect(outline).toContain("vermicomposting: worms, castings");
    expect(outline).toContain("Can you compost citrus?");
    expect(outline).toMatch(/add at least one angle they miss/);
  });

  const optionCases: [string, Partial<ArticleOptions>, (seen: Seen[]) => string, RegExp][] = [
    ["tone", { tone: "casual" }, (s) => s[0]?.system ?? "", /Tone: casual/],
    ["audience", { audience: "beginners" }, (s) => s[0]?.system ?? "", /Audience: beginners/],
    ["contentType", { contentType: "tutorial" }, (s) => s[0]?.system ?? "", /a tutorial: numbered, step-by-step/],
    ["language", { language: "de" }, (s) => s[0]?.system ?? "", /BCP 47 tag "de"/],
    ["targetWords", { targetWords: 3000 }, (s) => s[0]?.prompt ?? "", /about 3000 words/],
    [
      "focusKeywords",
      { focusKeywords: ["worm bin"] },
      (s) => s[0]?.prompt ?? "",
      /Also work in these keywords: worm bin/,
    ],
    ["includeFaq", { includeFaq: false }, (s) => s[0]?.prompt ?? "", /Do not plan an FAQ/],
    [
      "includeConclusion",
      { includeConclusion: false },
      (s) => s.find((x) => x.purpose === "framing")?.prompt ?? "",
      /Write no conclusion/,
    ],
  ];
  for (const [name, change, pick, expected] of optionCases) {
    it(`option ${name} changes the prompt`, async () => {
      const base = scripted({});
      await write(base.writer);
      const changed = scripted({});
      await write(changed.writer, change);
      expect(pick(changed.seen)).toMatch(expected);
      expect(pick(base.seen)).not.toMatch(expected);
    });
  }

  it("option targetWords raises the section token budget", async () => {
    const short = scripted({});
    await write(short.writer, { targetWords: 800 });
    const long = scripted({});
    await write(long.writer, { targetWords: 4000 });
    const budget = (seen: Seen[]) => seen.find((s) => s.purpose === "section")?.maxOutputTokens ?? 0;
    expect(budget(long.seen)).toBeGreaterThan(budget(short.seen));
    const planned = (seen: Seen[]) => Number(/Plan (\d+) sections/.exec(seen[0]?.prompt ?? "")?.[1]);
    expect(planned(long.seen)).toBeGreaterThan(planned(short.seen));
  });

  it("options shape the output: no TOC, FAQ or conclusion when switched off; language recorded", async () => {
    const { writer } = scripted({});
    const { article } = await write(writer, {
      includeToc: false,
      includeFaq: false,
      includeConclusion: false,
      language: "de",
    });
    expect(article.toc).toBeUndefined();
    expect(article.faq).toEqual([]);
    expect(article.conclusion).toBeUndefined();
    expect(article.language).toBe("de");
  });

  it("repairs a malformed answer once, listing what was wrong", async () => {
    const { writer, seen } = scripted({ outline: ["{ this is not json", JSON.stringify(OUTLINE)] });
    const { usage } = await write(writer);
    const outlines = seen.filter((s) => s.purpose === "outline");
    expect(outlines).toHaveLength(2);
    expect(outlines[1]?.prompt).toContain("Your previous answer was rejected");
    expect(outlines[1]?.prompt).toContain("{ this is not json");
    expect(usage.map((u) => u.purpose)).toContain("outline:repair");
  });

  it("fails typed when the answer is still malformed after the repair", async () => {
    const { writer, seen } = scripted({ outline: ["not json", '{"title": 42}'] });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe("invalid_model_output");
    expect(seen.filter((s) => s.purpose === "outline")).toHaveLength(2);
  });

  it("repairs a truncated answer, telling the model it was cut off", async () => {
    const truncated = { text: JSON.stringify(OUTLINE).slice(0, 80), finishReason: "length" as const };
    const { writer, seen } = scripted({ outline: [truncated] });
    await write(writer);
    expect(seen.filter((s) => s.purpose === "outline")[1]?.prompt).toMatch(/cut off/);
  });

  it("fails typed when a section keeps citing a source that was not retrieved", async () => {
    // [3] is the source whose fetch failed; [9] does not exist.
    const { writer, seen } = scripted({}, { section: section("[3]") });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe("invalid_model_output");
    const repair = seen.find((s) => s.prompt.includes("Your previous answer was rejected"));
    expect(repair?.prompt).toMatch(/cites \[3\], which is not a retrieved source; cite only \[1\], \[2\], \[4\]/);
  });

  it("repairs a wrongly cited section once and keeps only retrieved sources", async () => {
    const { writer } = scripted({ section: [section("[9]")] });
    const { article } = await write(writer);
    expect(article.citations.some((c) => c.sourceId === 9)).toBe(false);
    expect(article.sources.every((s) => [1, 2, 4].includes(s.id))).toBe(true);
  });

  it("repairs a frame that misses the required FAQ and conclusion", async () => {
    const bare = JSON.stringify({ intro: "Compost [1].", faq: [] });
    const { writer, seen } = scripted({ framing: [bare] });
    const { article } = await write(writer);
    const repair = seen.filter((s) => s.purpose === "framing")[1]?.prompt ?? "";
    expect(repair).toMatch(/faq is empty/);
    expect(repair).toMatch(/conclusion is missing/);
    expect(article.faq.length).toBe(1);
  });

  it("writes sections in parallel, never more at once than the provider takes", async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = new MockLanguageModelV4({
      doGenerate: async (call) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        const user = call.prompt.find((m) => m.role === "user");
        const text =
          user && Array.isArray(user.content) ? user.content.map((p) => ("text" in p ? p.text : "")).join("") : "";
        const purpose = purposeOf(text);
        const outline = {
          ...OUTLINE,
          sections: Array.from({ length: 6 }, (_, i) => ({ heading: `Part ${i + 1}`, level: 2, keyPoints: [] })),
        };
        const reply =
          purpose === "outline" ? JSON.stringify(outline) : purpose === "section" ? section() : JSON.stringify(FRAMING);
        return {
          content: [{ type: "text", text: reply }],
          finishReason: { unified: "stop", raw: undefined },
          usage: {
            inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
            outputTokens: { total: 1, text: 1, reasoning: undefined },
          },
          warnings: [],
        };
      },
    });
    const model = new AiSdkStructuredModel(
      [{ provider: "mock", model: "m", weight: 1, maxConcurrency: 3, languageModel: slow }],
      { prices: {} },
    );
    const { article } = await write(new LlmWriter("llm:mock", model));
    expect(article.sections).toHaveLength(6);
    expect(peak).toBe(3);
  });

  it("refuses to write without a retrieved source", async () => {
    const { writer, seen } = scripted({});
    const failedOnly = compostSources().filter((s) => s.status !== "ok");
    await expect(writer.write({ keyword: "compost", options: options(), sources: failedOnly })).rejects.toMatchObject({
      code: "no_sources",
    });
    expect(seen).toHaveLength(0);
  });

  it("maps a provider rate limit to a TransientError with Retry-After", async () => {
    const limited = new APICallError({
      message: "rate limited",
      url: "https://api.example/chat/completions",
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { "retry-after": "7" },
      isRetryable: true,
    });
    const { writer } = scripted({ outline: [limited] });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.retryAfterSeconds).toBe(7);
  });

  it("maps a bad key to a PermanentError", async () => {
    const denied = new APICallError({
      message: "no",
      url: "u",
      requestBodyValues: {},
      statusCode: 401,
      isRetryable: false,
    });
    const { writer } = scripted({ outline: [denied] });
    await expect(write(writer)).rejects.toMatchObject({ name: "PermanentError", code: "provider_auth" });
  });

  it("revises with the findings and the previous article in the prompt", async () => {
    const first = scripted({});
    const { article: previous } = await write(first.writer);
    const revised = { ...OUTLINE, ...FRAMING, title: "Composting at Home: Greens, Browns and Time" };
    const draft = {
      ...revised,
      sections: OUTLINE.sections.map((s) => ({ heading: s.heading, level: s.level, body: "Heat [2]." })),
    };
    const { writer, seen } = scripted({ revision: [JSON.stringify(draft)] });
    const { article } = await writer.write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
      revision: { previous, attempt: 2, instructions: ["The SEO title is too short; make it 50–60 characters."] },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.prompt).toContain("The SEO title is too short");
    expect(seen[0]?.prompt).toContain(previous.intro);
    expect(article.title).toBe(draft.title);
  });
});
