import { describe, expect, it } from "vitest";
import { type EmbeddingBinding, WorkersAiEmbeddings } from "../../src/adapters/relevance/workers-ai";
import type { EmbeddingPort } from "../../src/core/ports/embeddings";
import type { PageFetcher } from "../../src/core/ports/fetcher";
import type { SearchPort } from "../../src/core/ports/search";
import { relevanceTo } from "../../src/core/research/relevance";
import { embeddingRelevance, lexicalRelevance } from "../../src/core/research/semantic-relevance";
import { runResearch } from "../../src/core/research/stage";

const paragraph = (topic: string) =>
  Array.from(
    { length: 5 },
    (_, i) =>
      `Households that keep ${topic} set money aside every month, and after ${i + 2} months they can cover a surprise bill without borrowing.`,
  ).join(" ");

/** A page about savings for emergencies that never says "emergency fund". */
const synonymPage = {
  title: "Rainy-day savings explained",
  headings: [{ text: "How much rainy-day money to hold" }],
  text: [1, 2, 3, 4].map(() => paragraph("rainy-day savings")).join("\n\n"),
};
const offTopicPage = {
  title: "Pruning roses in winter",
  headings: [{ text: "When to prune" }],
  text: [1, 2, 3, 4]
    .map(() => "Cut rose canes back to an outward-facing bud in late winter, before new growth starts. ".repeat(10))
    .join("\n\n"),
};

/** Vectors by what a text is about: the keyword and the savings page point the same way, roses elsewhere. */
const fakeEmbedder = (calls: string[][] = []): EmbeddingPort => ({
  name: "fake",
  embed: async (texts) => {
    calls.push(texts);
    return texts.map((t) => (/rose/i.test(t) ? [0, 1, 0] : /emergency|rainy/i.test(t) ? [1, 0.1, 0] : [0, 0, 1]));
  },
});

describe("relevance from embeddings", () => {
  it("keeps a page about the keyword in other words that the lexical score alone calls off-topic", async () => {
    expect(relevanceTo("emergency fund", synonymPage)).toBeLessThan(0.35);
    const calls: string[][] = [];
    const [synonym, roses] = await embeddingRelevance(fakeEmbedder(calls)).score("emergency fund", [
      synonymPage,
      offTopicPage,
    ]);
    expect(synonym).toBeGreaterThanOrEqual(0.35);
    expect(roses).toBeLessThan(0.35);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe("emergency fund");
    expect(calls[0]?.[1]).toContain("Rainy-day savings explained");
  });

  it("falls back to the lexical score when the embedder throws or answers with the wrong number of vectors", async () => {
    const pages = [synonymPage, offTopicPage];
    const lexical = await lexicalRelevance.score("emergency fund", pages);
    const errors: unknown[] = [];
    const failing: EmbeddingPort = {
      name: "down",
      embed: async () => {
        throw new Error("quota exceeded");
      },
    };
    expect(await embeddingRelevance(failing, (e) => errors.push(e)).score("emergency fund", pages)).toEqual(lexical);
    expect(errors).toHaveLength(1);
    const short: EmbeddingPort = { name: "short", embed: async () => [[1, 0, 0]] };
    expect(await embeddingRelevance(short).score("emergency fund", pages)).toEqual(lexical);
    // One vector per text, but not vectors that can be compared: a length of their own, all zeros, not a number.
    for (const odd of [[[0.1, 0.2]], [[0, 0, 0]], [[0.1, Number.NaN, 0]], [[]]]) {
      const errorsBefore = errors.length;
      const shaped: EmbeddingPort = { name: "odd", embed: async () => [[1, 0, 0], [0, 1, 0], ...odd] };
      expect(await embeddingRelevance(shaped, (e) => errors.push(e)).score("emergency fund", pages)).toEqual(lexical);
      expect(errors.length).toBe(errorsBefore + 1);
    }
  });

  it("is what research judges pages by when it is configured", async () => {
    const html = (page: typeof synonymPage) =>
      `<html><head><title>${page.title}</title></head><body><article><h1>${page.title}</h1><h2>${page.headings[0]?.text}</h2>${page.text
        .split("\n\n")
        .map((p) => `<p>${p}</p>`)
        .join("")}</article></body></html>`;
    const pages: Record<string, string> = {
      "https://a.example/savings": html(synonymPage),
      "https://b.example/roses": html(offTopicPage),
    };
    const search: SearchPort = {
      name: "stub",
      search: async () =>
        Object.keys(pages).map((url, i) => ({ url, title: "", snippet: "", rank: i + 1, engine: "stub" })),
    };
    const fetcher: PageFetcher = {
      fetch: async (url) => ({
        ok: true,
        url,
        finalUrl: url,
        status: 200,
        contentType: "text/html",
        html: pages[url] ?? "",
        fetchedAt: "2026-12-02T00:00:00.000Z",
      }),
    };
    const req = { keyword: "emergency fund", maxSources: 2 };
    const lexical = await runResearch(req, { search, fetcher });
    expect(lexical.sources.map((s) => s.reason)).toEqual(["off_topic", "off_topic"]);
    const semantic = await runResearch(req, { search, fetcher, relevance: embeddingRelevance(fakeEmbedder()) });
    expect(semantic.sources.map((s) => s.status)).toEqual(["ok", "invalid"]);
    expect(semantic.sources[1]?.reason).toBe("off_topic");
  });
});

describe("Workers AI embeddings", () => {
  it("asks the configured model for one vector per text through the AI binding", async () => {
    const runs: { model: string; input: { text: string[] } }[] = [];
    const ai: EmbeddingBinding = {
      run: async (model, input) => {
        runs.push({ model, input });
        return { shape: [input.text.length, 2], data: input.text.map((_, i) => [i, 1]) };
      },
    };
    const vectors = await new WorkersAiEmbeddings(ai, "@cf/baai/bge-small-en-v1.5").embed(["a", "b"]);
    expect(vectors).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(runs).toEqual([{ model: "@cf/baai/bge-small-en-v1.5", input: { text: ["a", "b"] } }]);
  });

  it("rejects an answer that is not one embedding vector per text", async () => {
    const answering = (answer: unknown): EmbeddingBinding => ({ run: async () => answer });
    const embed = (answer: unknown) => new WorkersAiEmbeddings(answering(answer), "m").embed(["a", "b"]);
    await expect(embed({ response: "text" })).rejects.toThrow(/not a list of embedding vectors/);
    await expect(embed({ data: [[1, 2]] })).rejects.toThrow(/1 vectors for 2 texts/);
    await expect(embed({ data: [["x"], [1]] })).rejects.toThrow(/not a list/);
  });
});
