import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryFetcher, pagesByTopic, TOPICS } from "../../bench/lib/article-work";
import { UrlListSearch } from "../../src/adapters/search/urls";
import type { Article } from "../../src/core/article/model";
import { type ArticleOptionsInput, ArticleOptionsSchema } from "../../src/core/article/options";
import { runResearch } from "../../src/core/research/stage";
import type { ResearchReport, Source } from "../../src/core/research/types";
import { citationMarkers } from "../../src/core/text/markdown";
import { shingleContainment } from "../../src/core/text/similarity";
import { topicTerms } from "../../src/core/text/tokens";
import { ExtractiveWriter } from "../../src/core/writing/extractive";
import { planSections } from "../../src/core/writing/extractive/outline";
import { placeSentences } from "../../src/core/writing/extractive/placement";
import { NEAR_DUPLICATE } from "../../src/core/writing/extractive/select";
import { type Sentence, sourceSentences } from "../../src/core/writing/extractive/sentences";
import { metaDescription } from "../../src/core/writing/extractive/templates";
import { fixtureReport } from "../research-fixtures";

/**
 * The extractive writer's brief over the fixture web's pages: each topic researched from its pages as the
 * pipeline does (the pages read once from the fixture server on 127.0.0.1, then served from memory).
 */
const reports = new Map<string, ResearchReport>();

beforeAll(async () => {
  const pages = await pagesByTopic(10);
  for (const topic of TOPICS) {
    const topicPages = pages.get(topic) ?? new Map<string, string>();
    const urls = [...topicPages.keys()];
    reports.set(
      topic,
      await runResearch(
        { keyword: topic, urls, maxSources: urls.length },
        { search: new UrlListSearch(urls), fetcher: memoryFetcher(topicPages) },
      ),
    );
  }
}, 60_000);

const reportOf = (topic: string) => reports.get(topic) as ResearchReport;

async function write(topic: string, input: ArticleOptionsInput = {}, sources?: Source[]): Promise<Article> {
  const report = reportOf(topic);
  const { article } = await new ExtractiveWriter().write({
    keyword: topic,
    options: ArticleOptionsSchema.parse(input),
    sources: sources ?? report.sources,
    competitors: report.competitors,
  });
  return article;
}

/** The quoted passages of a piece of the article, without their quotation marks. */
const quotesIn = (markdown: string) => [...markdown.matchAll(/“([^”]+)”/g)].map((m) => (m[1] ?? "").replace(/\\/g, ""));

/** A quoted passage's sentence in the pool it was drawn from (quotation marks inside it were made single). */
function sentenceOf(pool: Sentence[], quoted: string): Sentence | undefined {
  const plain = (text: string) => text.replace(/[‘’'"“”]/g, "'");
  return pool.find((s) => plain(s.text) === plain(quoted));
}

describe("passages placed under the heading they fit best", () => {
  it("gives every section of the fixture topics at least two passages, each placed there rather than under another written heading", async () => {
    for (const topic of TOPICS) {
      const report = reportOf(topic);
      const sources = report.sources.filter((s) => s.status === "ok");
      const pool = sources.flatMap(sourceSentences);
      const article = await write(topic);
      const options = ArticleOptionsSchema.parse({});
      const plans = planSections(topic, options, sources, 40, report.competitors);
      const written = article.sections.map((s) => plans.find((p) => p.heading === s.heading));
      expect(written.every(Boolean), topic).toBe(true);
      const { home } = placeSentences(pool, written as NonNullable<(typeof written)[number]>[], topicTerms(topic));
      article.sections.forEach((section, at) => {
        const quotes = quotesIn(section.body);
        expect(quotes.length, `${topic}: ${section.heading}`).toBeGreaterThanOrEqual(2);
        for (const quoted of quotes) {
          const sentence = sentenceOf(pool, quoted);
          expect(sentence, quoted).toBeDefined();
          expect(home.get(sentence as Sentence), `${section.heading}: ${quoted}`).toBe(at);
        }
      });
    }
  });

  it("never writes two sections on one subject, and of two headings on one the one that names it ('Where to keep your emergency fund', not 'Where to keep it'), without a page's step number", async () => {
    for (const topic of TOPICS) {
      const article = await write(topic);
      const own = new Set(topicTerms(topic));
      const subjects = article.sections.map((s) =>
        topicTerms(s.heading.split(":")[0] ?? "")
          .filter((t) => !own.has(t))
          .join(" "),
      );
      expect(new Set(subjects).size, subjects.join(" | ")).toBe(subjects.length);
      for (const section of article.sections) {
        // Not a page's numbered step ("Step 1: …"), and not a heading whose subject is a bare pronoun.
        expect(section.heading).not.toMatch(/^(?:step\s+)?\d+[.:)]/i);
        expect(section.heading).not.toMatch(/\b(it|them|they)$/i);
      }
    }
    const money = (await write(TOPICS[1] as string)).sections.map((s) => s.heading);
    expect(money).toContain("Where to keep your emergency fund");
    expect(money).toContain("Work out your essential monthly expenses");
  });

  it("puts a price sentence that names pests under the costs it is about, not under 'Pests'", async () => {
    const lines = [
      ["p", "A raised bed is a framed box of soil that sits above the surrounding ground."],
      ["p", "A raised bed warms earlier in spring than the ground around it does."],
      ["p", "A raised bed drains well even after a week of heavy rain."],
      ["h", "Pests"],
      ["p", "Netting keeps pests such as cabbage moths off young plants in a raised bed."],
      ["p", "Slugs are the worst pests in damp raised beds, so check under the boards every week."],
      ["p", "Copper tape around the frame deters slugs and other crawling pests for years."],
      ["h", "What it costs"],
      ["p", "Pest netting and copper tape add about $40 to the cost of a raised bed in its first year."],
      ["p", "Lumber is the biggest cost of a new raised bed, at $60 to $120 for cedar boards."],
      ["p", "Soil is the second biggest cost for a deep raised bed, often $100 or more a bed."],
    ] as const;
    const source: Source = {
      id: 1,
      url: "https://example.org/raised-bed-pests-and-costs",
      status: "ok",
      title: "Raised bed pests and costs",
      wordCount: 120,
      headings: lines.filter(([kind]) => kind === "h").map(([, text]) => ({ level: 2, text })),
      paragraphs: lines.filter(([kind]) => kind === "p").map(([, text]) => text),
      text: lines.map(([, text]) => text).join("\n"),
    };
    const { article } = await new ExtractiveWriter().write({
      keyword: "raised bed",
      options: ArticleOptionsSchema.parse({ targetWords: 800, includeFaq: false }),
      sources: [source],
    });
    const pests = article.sections.find((s) => s.heading === "Pests");
    expect(pests?.body).toMatch(/Slugs are the worst pests/);
    expect(pests?.body).not.toMatch(/\$40/);
    const plans = planSections("raised bed", ArticleOptionsSchema.parse({}), [source], 2);
    const pool = sourceSentences(source);
    const price = pool.find((s) => s.text.includes("$40")) as Sentence;
    const { home } = placeSentences(pool, plans, topicTerms("raised bed"));
    expect(plans[home.get(price) ?? -1]?.heading).toBe("What it costs");
    // A sentence stating a price belongs with the costs even when it names neither costs nor prices.
    const priced = sourceSentences({
      ...source,
      paragraphs: ["Netting for a raised bed runs $25 a roll, and copper tape another $12."],
      text: "Netting for a raised bed runs $25 a roll, and copper tape another $12.",
    });
    const placed = placeSentences(priced, plans, topicTerms("raised bed")).home;
    expect(plans[placed.get(priced[0] as Sentence) ?? -1]?.heading).toBe("What it costs");
  });

  it("holds for any three or more of a topic's sources and any length (property)", async () => {
    const topic = TOPICS[0] as string;
    const ok = reportOf(topic).sources.filter((s) => s.status === "ok");
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(ok, { minLength: 3 }),
        fc.integer({ min: 800, max: 3000 }),
        async (sources, targetWords) => {
          const article = await write(topic, { targetWords }, sources);
          const pool = sources.flatMap(sourceSentences);
          const plans = planSections(topic, ArticleOptionsSchema.parse({ targetWords }), sources, 40);
          const written = article.sections.map((s) => plans.find((p) => p.heading === s.heading));
          const { home } = placeSentences(
            pool,
            written.filter((p) => p !== undefined),
            topicTerms(topic),
          );
          article.sections.forEach((section, at) => {
            const quotes = quotesIn(section.body);
            expect(quotes.length).toBeGreaterThanOrEqual(2);
            if (written.every(Boolean))
              for (const quoted of quotes) expect(home.get(sentenceOf(pool, quoted) as Sentence)).toBe(at);
          });
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe("framing that says where the passages come from", () => {
  const tones = ["professional", "casual", "technical", "friendly", "authoritative"] as const;

  it("opens each section with how many of the sources its passages come from, in every tone, with no figure", async () => {
    for (const tone of tones) {
      const article = await write(TOPICS[2] as string, { tone });
      for (const section of article.sections) {
        const lead = section.body.slice(0, section.body.indexOf(". ") + 1);
        const count = new Set(citationMarkers(section.body)).size;
        const words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
        const expected =
          count === article.sources.length
            ? `All ${words[count - 1]} sources discuss`
            : count === 1
              ? "One of the sources discusses"
              : `${(words[count - 1] ?? "").replace(/^./, (c) => c.toUpperCase())} of the sources discuss`;
        expect(lead.startsWith(expected), `${tone}: ${lead}`).toBe(true);
        expect(lead).not.toMatch(/\d|\[/);
      }
    }
  });

  it("says in the introduction's first sentence that this is a research draft from as many sources as it cites, in the language asked", async () => {
    const phrases: Record<string, RegExp> = {
      en: /research draft/,
      fr: /brouillon de recherche/,
      es: /borrador de investigación/,
      de: /Rechercheentwurf/,
      pt: /rascunho de pesquisa/,
    };
    for (const [language, phrase] of Object.entries(phrases)) {
      const article = await write(TOPICS[0] as string, { language });
      const first = article.intro.split("\n\n")[0] ?? "";
      expect(first, language).toMatch(phrase);
      expect(first).toContain(` ${article.sources.length} `);
    }
    for (const tone of tones) expect((await write(TOPICS[1] as string, { tone })).intro).toMatch(/research draft/);
  });
});

describe("a conclusion that sums the sections up", () => {
  it("names every section and gives key points quoted nowhere else, attributed, none weighing against the topic", async () => {
    for (const topic of TOPICS) {
      const article = await write(topic);
      const [summary, ...points] = (article.conclusion?.body ?? "").split("\n\n");
      // A heading is named as it reads in a sentence: an instruction as its "-ing" form ("working out your …").
      const named = (heading: string) => {
        const words = heading
          .toLowerCase()
          .replace(/[.:;!?]+$/, "")
          .split(" ");
        return words.length > 2 ? words.slice(1).join(" ") : words.join(" ");
      };
      for (const section of article.sections.filter((s) => !/\d/.test(s.heading)))
        expect(summary?.toLowerCase()).toContain(named(section.heading));
      expect(points.length, topic).toBeGreaterThanOrEqual(Math.min(3, article.sections.length));
      const elsewhere = quotesIn(
        [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)].join("\n"),
      );
      const subjects = new Set<string>();
      for (const point of points) {
        const match = /^On (.+?), the key point comes from (.+?)\. “(.+)” \[(\d+)\]$/.exec(point);
        expect(match, point).not.toBeNull();
        const [, subject = "", , quoted = ""] = match ?? [];
        subjects.add(subject);
        expect(article.sections.some((s) => subject.toLowerCase().endsWith(named(s.heading)))).toBe(true);
        expect(elsewhere).not.toContain(quoted);
        expect(quoted).not.toMatch(/\b(but|however|although|downsides?|drawbacks?|not worth|waste)\b/i);
      }
      // One key point a section.
      expect(subjects.size).toBe(points.length);
    }
  });
});

describe("FAQ from the sources' own questions", () => {
  it("asks only questions, each answered by what follows it in its source before the next heading", async () => {
    for (const topic of TOPICS) {
      const report = reportOf(topic);
      const article = await write(topic);
      expect(article.faq.length, topic).toBeGreaterThan(0);
      for (const entry of article.faq) {
        expect(entry.question).toMatch(/\?$/);
        expect(entry.question.split(/\s+/).length).toBeGreaterThanOrEqual(4);
        // Never a heading that is not a question, with a question mark put after it.
        const headings = report.sources.flatMap((s) => s.headings.map((h) => h.text.trim()));
        expect(headings).not.toContain(entry.question.replace(/\?$/, ""));
        const marker = citationMarkers(entry.answer)[0] ?? 0;
        const cited = article.sources[marker - 1];
        const source = report.sources.find((s) => s.url === cited?.url) as Source;
        const lines = source.text.split("\n").map((l) => l.trim());
        const at = lines.indexOf(entry.question);
        if (at < 0) continue;
        const headingLines = new Set(source.headings.map((h) => h.text.trim()));
        let end = lines.findIndex((l, i) => i > at && headingLines.has(l));
        if (end < 0) end = lines.length;
        const after = lines.slice(at + 1, end).join(" ");
        for (const quoted of quotesIn(entry.answer)) {
          const plain = (text: string) => text.replace(/[‘’'"“”]/g, "'");
          expect(plain(after), `${entry.question} → ${quoted}`).toContain(plain(quoted).slice(0, 40));
        }
      }
    }
  });

  it("answers the demo's 'Do raised beds produce more vegetables?' without the next question's answer", async () => {
    const article = await write(TOPICS[0] as string);
    const entry = article.faq.find((f) => f.question === "Do raised beds produce more vegetables?");
    expect(entry?.answer).toMatch(/Per square foot, usually yes/);
    expect(entry?.answer).not.toMatch(/For most beginners/);
  });
});

describe("near-duplicates across sources", () => {
  it("quotes no passage of a fixture article that repeats most of another's word trigrams", async () => {
    for (const topic of TOPICS) {
      const pool = reportOf(topic)
        .sources.filter((s) => s.status === "ok")
        .flatMap(sourceSentences);
      const article = await write(topic);
      const quoted = quotesIn(
        [
          article.intro,
          ...article.sections.map((s) => s.body),
          ...article.faq.map((f) => f.answer),
          article.conclusion?.body ?? "",
        ].join("\n"),
      )
        .map((q) => sentenceOf(pool, q))
        .filter((s): s is Sentence => s !== undefined);
      expect(quoted.length).toBeGreaterThan(20);
      quoted.forEach((a, i) => {
        for (const b of quoted.slice(i + 1))
          expect(shingleContainment(a.shingles, b.shingles), `${a.text} / ${b.text}`).toBeLessThan(NEAR_DUPLICATE);
      });
    }
  });

  it("quotes once a sentence two sources print with one word changed", async () => {
    const report = reportOf(TOPICS[0] as string);
    const [first, second] = report.sources.filter((s) => s.status === "ok") as [Source, Source];
    const copied = "Water deeply rather than often: about an inch of water a week, more in heat.";
    const changed = "Water deeply rather than often: about an inch of water each week, more in heat.";
    const sources = [
      { ...first, paragraphs: [...first.paragraphs, copied], text: `${first.text}\n${copied}` },
      { ...second, paragraphs: [...second.paragraphs, changed], text: `${second.text}\n${changed}` },
      ...report.sources.filter((s) => s !== first && s !== second),
    ];
    const article = await write(TOPICS[0] as string, {}, sources);
    const all = [article.intro, ...article.sections.map((s) => s.body), article.conclusion?.body ?? ""].join("\n");
    const times = quotesIn(all).filter((q) => q.startsWith("Water deeply rather than often")).length;
    expect(times).toBeLessThanOrEqual(1);
  });
});

describe("a meta description that is one whole sentence", () => {
  const word = fc.stringMatching(/^[a-z]{2,12}$/);
  const phrase = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(" "));

  it("has 120–155 characters and the keyword, at most twice, for any keyword of up to 100 characters and any headings (property)", () => {
    fc.assert(
      fc.property(
        phrase(8).filter((k) => k.length <= 100),
        fc.array(fc.tuple(phrase(7), fc.boolean()), { maxLength: 10 }),
        fc.integer({ min: 1, max: 20 }),
        (keyword, drawn, count) => {
          // Some headings name the keyword ("Where to keep your emergency fund").
          const headings = drawn.map(([text, named]) => (named ? `${text} ${keyword}` : text));
          const meta = metaDescription(keyword, headings, count);
          const times = meta.toLowerCase().match(new RegExp(`\\b${keyword}\\b`, "g"))?.length ?? 0;
          expect(times).toBeLessThanOrEqual(2);
          expect(meta.length).toBeGreaterThanOrEqual(120);
          expect(meta.length).toBeLessThanOrEqual(155);
          expect(meta.toLowerCase()).toContain(keyword.toLowerCase());
          // One sentence, whole: a single full stop, at the end, and nothing cut.
          expect(meta).toMatch(/^[^.!?…]+\.$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stays whole when a revision asks for it to be longer or to hold the keyphrase", async () => {
    for (const topic of TOPICS) {
      const report = reportOf(topic);
      const options = ArticleOptionsSchema.parse({});
      const request = { keyword: topic, options, sources: report.sources, competitors: report.competitors };
      const { article } = await new ExtractiveWriter().write(request);
      const previous = { ...article, metaDescription: "Too short." };
      const { article: revised } = await new ExtractiveWriter().write({
        ...request,
        revision: {
          attempt: 2,
          previous,
          instructions: [
            "The meta description is too short: lengthen it to 120-155 characters and include the keyphrase.",
          ],
        },
      });
      expect(revised.metaDescription.length).toBeGreaterThanOrEqual(120);
      expect(revised.metaDescription.length).toBeLessThanOrEqual(155);
      expect(revised.metaDescription.toLowerCase()).toContain(topic);
      expect(revised.metaDescription).toMatch(/^[^.!?…]+\.$/);
    }
  });
});

describe("sources too thin for two passages under any heading", () => {
  it("still makes an article, its sections of one passage each, rather than failing", async () => {
    const report = fixtureReport("home composting");
    const { article } = await new ExtractiveWriter().write({
      keyword: "home composting",
      options: ArticleOptionsSchema.parse({}),
      sources: report.sources,
      competitors: report.competitors,
    });
    expect(article.sections.length).toBeGreaterThan(0);
    for (const section of article.sections) expect(quotesIn(section.body).length).toBeGreaterThan(0);
  });
});
