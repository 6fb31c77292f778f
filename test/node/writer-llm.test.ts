import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { AiSdkStructuredModel } from "../../src/adapters/writers/ai-sdk-model";
import type { ArticleOptions } from "../../src/core/article/options";
import { LlmWriter } from "../../src/core/writing/llm-writer";
import { compostSources, options } from "../writing-fixtures";
import { FRAMING, generated, OUTLINE, purposeOf, type Seen, scripted, section, write } from "../writing-mock-model";

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

  it("tells every call to say what the sources say of the topic, not what a source says of its own page", async () => {
    const { writer, seen } = scripted({});
    await write(writer);
    expect(seen.length).toBeGreaterThan(0);
    for (const call of seen) expect(call.system).toMatch(/never what a source says of its own page/);
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
        return generated(reply, 1, 1);
      },
    });
    const model = new AiSdkStructuredModel(
      [{ provider: "mock", model: "m", weight: 1, maxConcurrency: 3, languageModel: () => slow }],
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
