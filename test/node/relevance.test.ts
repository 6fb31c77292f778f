import { describe, expect, it } from "vitest";
import { UrlListSearch } from "../../src/adapters/search/urls";
import type { StoredEvent } from "../../src/core/jobs/events";
import { foldJob } from "../../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import { researchFinished } from "../../src/core/jobs/stages";
import type { FetchOutcome, PageFetcher } from "../../src/core/ports/fetcher";
import {
  enoughRelevantSources,
  judgeRelevance,
  RELEVANCE_THRESHOLD,
  relevanceTo,
} from "../../src/core/research/relevance";
import { runResearch } from "../../src/core/research/stage";
import type { Source } from "../../src/core/research/types";
import { keywordTopicTerms } from "../../src/core/text/intent";
import { fixtureReport } from "../research-fixtures";

const soilPage = {
  title: "The best soil mix for a raised bed",
  headings: [{ text: "Compost and topsoil" }, { text: "How much compost to add" }],
  text: "Compost is the heart of a raised bed mix. Mix one part compost with two parts topsoil. ".repeat(30),
};
const teaPage = {
  title: "Brewing compost tea at home",
  headings: [{ text: "What compost tea does" }, { text: "Aerated or not" }],
  text: "Compost tea is brewed from finished compost and water. Aerate the tea for a day. ".repeat(30),
};

const page = (id: number, p: typeof soilPage, status: Source["status"] = "ok"): Source => ({
  id,
  url: `https://site${id}.example/`,
  status,
  title: p.title,
  wordCount: p.text.split(/\s+/).length,
  headings: p.headings.map((h) => ({ level: 2, text: h.text })),
  paragraphs: [p.text],
  text: p.text,
});

describe("relevance of a page to the keyword", () => {
  it("scores a page about the keyword above the bar, and a page about a neighbour that shares a word below it", () => {
    expect(relevanceTo("compost tea", teaPage)).toBeGreaterThan(0.8);
    expect(relevanceTo("compost tea", soilPage)).toBeLessThan(RELEVANCE_THRESHOLD);
    expect(relevanceTo("raised bed soil", soilPage)).toBeGreaterThan(RELEVANCE_THRESHOLD);
  });

  it("reads a word with or without its accents, composed or decomposed, as the same word, and Thai by its words", () => {
    const brulee = {
      title: "Crème brûlée recipe",
      headings: [{ text: "Caramelising the top" }],
      text: "A crème brûlée needs cream, yolks and sugar. Bake the crème brûlée in a water bath. ".repeat(20),
    };
    expect(relevanceTo("creme brulee", brulee)).toBeGreaterThan(0.8);
    expect(relevanceTo("crème brûlée", brulee)).toBeGreaterThan(0.8);
    const decomposed = {
      title: brulee.title.normalize("NFD"),
      headings: brulee.headings,
      text: brulee.text.normalize("NFD"),
    };
    expect(relevanceTo("crème brûlée", decomposed)).toBeGreaterThan(0.8);
    expect(
      relevanceTo("pokemon cards", { title: "Pokémon cards worth money", headings: [], text: "" }),
    ).toBeGreaterThan(0.6);
    const coffee = { title: "วิธีชงกาแฟให้อร่อย", headings: [], text: "กาแฟเป็นเครื่องดื่มยอดนิยม ชงกาแฟด้วยน้ำร้อน" };
    expect(relevanceTo("กาแฟ", coffee, "th")).toBeGreaterThan(0.8);
    // Folding takes accents off; it does not make different words alike.
    expect(relevanceTo("creme brulee", soilPage)).toBe(0);
  });

  it("excuses one edge term of a longer keyword only when the page heads with the rest as a phrase", () => {
    const basics = { ...soilPage, title: "Raised bed soil basics" };
    expect(relevanceTo("organic raised bed soil", basics)).toBeGreaterThan(RELEVANCE_THRESHOLD);
    expect(relevanceTo("organic raised bed soil", soilPage)).toBeLessThan(RELEVANCE_THRESHOLD);
    expect(relevanceTo("compost tea recipe", { ...soilPage, title: "Raised bed soil recipe" })).toBeLessThan(
      RELEVANCE_THRESHOLD,
    );
  });

  it("never excuses the keyword's head term, whatever heads the page", () => {
    const fundPage = {
      title: "What is an emergency fund?",
      headings: [{ text: "Why not a credit card" }, { text: "How much to save" }],
      text: "An emergency fund is cash set aside for the unexpected; a credit card is not one. ".repeat(20),
    };
    expect(relevanceTo("credit card rewards", fundPage)).toBeLessThan(RELEVANCE_THRESHOLD);
    // With "rewards" said on the page, the keyword's terms are all there and the page may count.
    const rewards = { ...fundPage, headings: [...fundPage.headings, { text: "Credit card rewards" }] };
    expect(relevanceTo("credit card rewards", rewards)).toBeGreaterThan(relevanceTo("credit card rewards", fundPage));
    // In a head-first language the head is the first term: a page on "huerto elevado" may lose "orgánico" in
    // Spanish, where it is a modifier, but not when the same words are read as English, where it would be the head.
    const huerto = {
      title: "Huerto elevado para principiantes",
      headings: [{ text: "Qué tierra usar" }],
      text: "Un huerto elevado se llena con tierra y compost. Riega el huerto elevado cada semana. ".repeat(20),
    };
    expect(relevanceTo("huerto elevado orgánico", huerto, "es")).toBeGreaterThan(RELEVANCE_THRESHOLD);
    expect(relevanceTo("huerto elevado orgánico", huerto, "en")).toBeLessThan(RELEVANCE_THRESHOLD);
  });

  it("reads a keyword's search-intent words (faq, tips, for beginners) as what the searcher wants, not the subject", () => {
    const plain = relevanceTo("compost tea", teaPage);
    for (const keyword of ["compost tea faq", "compost tea tips", "compost tea for beginners", "best compost tea"])
      expect(relevanceTo(keyword, teaPage), keyword).toBe(plain);
    // The subject words still decide: a page about something else stays off-topic whatever the intent word.
    expect(relevanceTo("compost tea tips", soilPage)).toBeLessThan(RELEVANCE_THRESHOLD);
    // A keyword that is nothing but such words keeps them.
    expect(keywordTopicTerms("best tips")).toEqual(["best", "tip"]);
    expect(keywordTopicTerms("Git pre-commit hooks FAQ")).toEqual(["git", "pre", "commit", "hook"]);
  });

  it("keeps off-topic pages in the report as invalid, with the reason and the score", () => {
    const judged = judgeRelevance([page(1, teaPage), page(2, soilPage), page(3, soilPage, "invalid")], "compost tea");
    expect(judged.map((s) => [s.status, s.reason])).toEqual([
      ["ok", undefined],
      ["invalid", "off_topic"],
      ["invalid", undefined],
    ]);
    expect(judged[1]?.relevance).toBeLessThan(RELEVANCE_THRESHOLD);
    expect(judged[1]?.detail).toContain("compost tea");
    expect(enoughRelevantSources(judged)).toBe(false);
    expect(enoughRelevantSources(judgeRelevance([page(1, teaPage), page(2, teaPage)], "compost tea"))).toBe(true);
    expect(enoughRelevantSources(judgeRelevance([page(1, teaPage)], "compost tea"))).toBe(true);
  });
});

const html = (p: typeof soilPage) =>
  `<!doctype html><html><head><title>${p.title}</title></head><body><article><h1>${p.title}</h1>${p.headings
    .map((h, i) => `<h2>${h.text}</h2><p>${p.text.slice(i * 900, i * 900 + 1300)}</p><p>${p.text.slice(0, 400)}</p>`)
    .join("")}</article></body></html>`;

describe("research scores caller-given pages too", () => {
  it("reports an off-topic page the caller asked for instead of dropping it or using it", async () => {
    const pages: Record<string, string> = {
      "https://tea.example/": html(teaPage),
      "https://soil.example/": html(soilPage),
    };
    const fetcher: PageFetcher = {
      fetch: async (url): Promise<FetchOutcome> => ({
        ok: true,
        url,
        finalUrl: url,
        status: 200,
        contentType: "text/html",
        html: pages[url] ?? "",
        fetchedAt: "2026-12-01T00:00:00.000Z",
      }),
    };
    const urls = Object.keys(pages);
    const report = await runResearch(
      { keyword: "compost tea", urls, maxSources: 2 },
      { search: new UrlListSearch(urls), fetcher },
    );
    expect(report.sources.map((s) => [s.url, s.status, s.reason])).toEqual([
      ["https://tea.example/", "ok", undefined],
      ["https://soil.example/", "invalid", "off_topic"],
    ]);
    expect(report.competitors.pages).toBe(1);
  });
});

describe("a job without enough relevant pages", () => {
  it("fails with no_relevant_sources instead of writing about something else", () => {
    const state = foldJob("job_1", [
      {
        streamId: "job_1",
        version: 1,
        type: "ArticleRequested",
        data: { request: ArticleRequestSchema.parse({ keyword: "compost tea" }), origin: "api" },
        schemaVersion: 1,
        meta: { tenantId: "ten_1", traceId: "t" },
        time: "2026-12-01T00:00:00.000Z",
      } as StoredEvent,
    ]);
    const report = fixtureReport("compost tea");
    const offTopic = report.sources.map((s, i) =>
      i === 0 ? s : { ...s, status: "invalid" as const, reason: "off_topic" as const, relevance: 0.1 },
    );
    const plan = researchFinished(state, { ...report, sources: offTopic });
    expect(plan.events[0]).toMatchObject({
      type: "ArticleFailed",
      data: { code: "no_relevant_sources", stage: "research" },
    });
    expect(researchFinished(state, report).events[0]?.type).toBe("ResearchCompleted");
  });
});

describe("a keyword term's agent noun", () => {
  const paragraph = (topic: string) =>
    Array.from(
      { length: 5 },
      (_, i) => `Gardeners building a ${topic} find that soil depth and drainage decide success, as note ${i} shows.`,
    ).join(" ");
  const forGardeners = {
    title: "Raised bed basics",
    headings: [{ text: "How deep should it be?" }],
    text: [1, 2, 3, 4].map(() => paragraph("raised bed")).join("\n\n"),
  };

  it("counts half: a page for gardeners about raised beds is about a raised bed garden", () => {
    const score = relevanceTo("raised bed garden", forGardeners);
    expect(score).toBeGreaterThanOrEqual(RELEVANCE_THRESHOLD);
    const saysGarden = { ...forGardeners, text: forGardeners.text.replaceAll("raised bed", "raised bed garden") };
    expect(relevanceTo("raised bed garden", saysGarden)).toBeGreaterThan(score);
  });

  it("does not stand in for a missing modifier, nor make a neighbour's page relevant", () => {
    expect(relevanceTo("rock garden", forGardeners)).toBeLessThan(RELEVANCE_THRESHOLD);
    expect(
      relevanceTo("credit card rewards", { ...soilPage, text: "Credit card fees add up. ".repeat(40) }),
    ).toBeLessThan(RELEVANCE_THRESHOLD);
  });
});
