import { describe, expect, inject, it } from "vitest";
import { ArticleSchema } from "../../src/core/article/model";
import { PermanentError } from "../../src/core/errors";
import { extractPage } from "../../src/core/research/extract";
import type { Source } from "../../src/core/research/types";
import { citationMarkers } from "../../src/core/text/markdown";
import { normalizeWord, topicTerms, words } from "../../src/core/text/tokens";
import { ExtractiveWriter } from "../../src/core/writing/extractive";
import { selectSentences } from "../../src/core/writing/extractive/select";
import { sourceSentences } from "../../src/core/writing/extractive/sentences";
import { metaDescription } from "../../src/core/writing/extractive/templates";
import { compostSources, options } from "../writing-fixtures";

/**
 * What a body holds besides quoted, cited passages: each paragraph may open with one framing sentence naming
 * its source, which carries no citation marker, no quotation mark and no figure; anything else is returned.
 */
function uncitedSentences(body: string): string[] {
  return body.split(/\n\n/).flatMap((paragraph) => {
    const framingEnd = paragraph.indexOf(" “");
    const framing = framingEnd > 0 && !paragraph.startsWith("“") ? paragraph.slice(0, framingEnd) : "";
    const stray = framing && (/\[\d+\]|[“”\d]/.test(framing) || !/[.]$/.test(framing)) ? [framing] : [];
    return [
      ...stray,
      ...paragraph
        .slice(framing.length)
        .split(/(?<=\[\d+\])\s*/)
        .map((piece) => piece.trim())
        .filter((piece) => piece && !/^“[^”]+” \[\d+\]$/.test(piece)),
    ];
  });
}

const devPages = inject("writingDevPages");

function devSources(): Source[] {
  const pages = JSON.parse(devPages) as { id: string; url: string; html: string }[];
  return pages.map((page, i) => {
    const extracted = extractPage(page.html, page.url);
    return {
      id: i + 1,
      url: page.url,
      status: "ok",
      title: extracted.title || page.id,
      wordCount: extracted.wordCount,
      headings: extracted.headings,
      paragraphs: extracted.paragraphs,
      text: extracted.text,
    };
  });
}

describe("extractive writer on real pages from the dev dataset", () => {
  const run = devPages ? it : it.skip;
  if (!devPages) console.warn("extraction-dev dataset (../shared) is absent: skipping the real-page extractive tests");

  run("produces a valid, fully cited article with FAQ, conclusion and TOC", async () => {
    const sources = devSources();
    const { article } = await new ExtractiveWriter().write({
      keyword: "digital marketing",
      options: options({ targetWords: 1200 }),
      sources,
    });
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    expect(article.kind).toBe("extractive");
    expect(article.disclaimer).toMatch(/research draft/i);
    expect(article.sections.length).toBeGreaterThanOrEqual(3);
    for (const section of article.sections) expect(uncitedSentences(section.body)).toEqual([]);
    for (const entry of article.faq) expect(uncitedSentences(entry.answer)).toEqual([]);
    expect(article.faq.length).toBeGreaterThan(0);
    expect(article.conclusion?.callToAction).toBeTruthy();
    expect(article.toc?.map((t) => t.heading)).toEqual(article.sections.map((s) => s.heading));
    const ids = new Set(sources.map((s) => s.id));
    for (const citation of article.citations) expect(ids.has(citation.sourceId)).toBe(true);
    // Aims at the target: not a stub, and not wildly over.
    expect(article.wordCount).toBeGreaterThan(1200 * 0.8);
    expect(article.wordCount).toBeLessThan(1200 * 1.5);
  });

  run("honours structure flags off", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "digital marketing",
      options: options({ includeFaq: false, includeToc: false, includeConclusion: false }),
      sources: devSources(),
    });
    expect(article.faq).toEqual([]);
    expect(article.toc).toBeUndefined();
    expect(article.conclusion).toBeUndefined();
  });

  run("prefers shorter sentences for beginners and longer ones for advanced readers", async () => {
    const words = async (audience: "beginners" | "advanced") => {
      const { article } = await new ExtractiveWriter().write({
        keyword: "digital marketing",
        options: options({ audience }),
        sources: devSources(),
      });
      const quotes = article.sections.flatMap((s) => s.body.match(/“[^”]+”/g) ?? []);
      return quotes.reduce((sum, q) => sum + q.split(/\s+/).length, 0) / quotes.length;
    };
    expect(await words("beginners")).toBeLessThan(await words("advanced"));
  });
});

describe("extractive writer", () => {
  it("is deterministic and quotes only retrieved sources", async () => {
    const req = { keyword: "compost", options: options(), sources: compostSources() };
    const first = await new ExtractiveWriter().write(req);
    const second = await new ExtractiveWriter().write(req);
    expect(second.article).toEqual(first.article);
    const cited = new Set(first.article.citations.map((c) => c.sourceId));
    expect(cited.has(3)).toBe(false);
    expect([...cited].every((id) => [1, 2, 4].includes(id))).toBe(true);
    expect(first.article.sources.map((s) => s.id)).toEqual(first.article.sources.map((_, i) => i + 1));
    expect(first.article.sources.map((s) => s.url)).toEqual(
      [...cited].map((id) => req.sources.find((s) => s.id === id)?.url),
    );
    expect(first.usage[0]).toMatchObject({ provider: "extractive", inputTokens: 0, costUsd: 0 });
  });

  it("answers FAQ questions found in the sources with the sentences that follow them", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
    });
    const question = article.faq.find((f) => f.question === "How long does compost take?");
    expect(question?.answer).toContain("two to three months");
    const cites = citationMarkers(question?.answer ?? "").map(
      (n) => article.citations.find((c) => c.marker === n)?.sourceId,
    );
    expect(cites).toEqual([2]);
  });

  it("never quotes the same sentence twice", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
    });
    const quotes = [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)]
      .join(" ")
      .match(/“[^”]+”/g);
    expect(quotes?.length).toBeGreaterThan(3);
    expect(new Set(quotes).size).toBe(quotes?.length);
  });

  it("never quotes a sentence again inside the longer passage that joins it to the next, in an FAQ answer or elsewhere", async () => {
    const longer = (p: string) =>
      p.startsWith("How long does compost take?")
        ? `${p} It takes longer in winter, when a compost pile cools and the microbes slow down.`
        : p;
    const sources = compostSources().map((s) => ({
      ...s,
      paragraphs: s.paragraphs.map(longer),
      text: s.paragraphs.map(longer).join("\n\n"),
    }));
    const { article } = await new ExtractiveWriter().write({ keyword: "compost", options: options(), sources });
    const answer = article.faq.find((f) => f.question === "How long does compost take?")?.answer ?? "";
    expect(answer).toMatch(/It takes longer in winter/);
    const quotes = [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)]
      .join(" ")
      .match(/“[^”]+”/g)
      ?.map((q) => q.slice(1, -1));
    expect(quotes?.length).toBeGreaterThan(3);
    for (const [i, quote] of (quotes ?? []).entries())
      for (const [j, other] of (quotes ?? []).entries()) if (i !== j) expect(other.includes(quote)).toBe(false);
  });

  it("puts tone and content type into its framing words", async () => {
    const write = (o: Parameters<typeof options>[0]) =>
      new ExtractiveWriter().write({ keyword: "compost", options: options(o), sources: compostSources() });
    const review = (await write({ contentType: "review", tone: "casual" })).article;
    const guide = (await write({ contentType: "guide", tone: "professional" })).article;
    expect(review.title).toMatch(/Review/);
    expect(guide.title).toMatch(/Guide/);
    expect(review.intro).not.toEqual(guide.intro);
    expect(review.conclusion?.callToAction).not.toEqual(guide.conclusion?.callToAction);
  });

  it("escapes Markdown and HTML in quoted sentences so they stay text", async () => {
    const sources = compostSources();
    const first = sources[0] as Source;
    first.paragraphs.push(
      "Some gardeners add <img src=x onerror=alert(1)> and [a link](javascript:alert(1)) to compost notes.",
    );
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost gardeners",
      options: options(),
      sources,
    });
    const all = [article.intro, ...article.sections.map((s) => s.body)].join(" ");
    expect(all).not.toMatch(/(?<!\\)<img/);
    expect(all).not.toMatch(/(?<!\\)\[a link(?<!\\)\]/);
  });

  it("revises what findings point at: keyphrase into title, meta and subheadings; a missing subtopic", async () => {
    const writer = new ExtractiveWriter();
    const req = { keyword: "garden soil", options: options(), sources: compostSources() };
    const { article: previous } = await writer.write(req);
    expect(previous.title.toLowerCase()).toContain("garden soil");
    // A shorter previous draft leaves sentences unquoted for the missing subtopic.
    const turning = "“Turning the compost pile every week adds oxygen and speeds up decomposition considerably.” [1]";
    const sections = [{ heading: "Getting started", level: 2 as const, body: turning }];
    const damaged = { ...previous, title: "Compost notes", metaDescription: "x".repeat(300), sections };
    const { article } = await writer.write({
      ...req,
      revision: {
        previous: damaged,
        attempt: 2,
        instructions: [
          "Put the keyphrase in the title, near its start.",
          "The meta description is 300 characters; shorten it to at most 156 so it is not cut off.",
          "Use the keyphrase (or a synonym) in the meta description.",
          "Use the keyphrase or a synonym in at least one H2 or H3 subheading.",
          'Add a section on "moisture and smell" covering water, ammonia, cited to the sources.',
        ],
      },
    });
    expect(article.title.startsWith("Garden Soil: ")).toBe(true);
    expect(article.metaDescription.length).toBeLessThanOrEqual(155);
    expect(article.metaDescription.toLowerCase()).toContain("garden soil");
    expect(article.sections.some((s) => s.heading.toLowerCase().includes("garden soil"))).toBe(true);
    const added = article.sections.at(-1);
    expect(added?.heading).toBe("Moisture and smell");
    expect(added?.body).toMatch(/ammonia|water/i);
    expect(uncitedSentences(added?.body ?? "")).toEqual([]);
    expect(article.sections).toHaveLength(2);
  });

  it("revises a French draft in French: the keyphrase into the introduction and a meta description in range", async () => {
    const writer = new ExtractiveWriter();
    const req = { keyword: "garden soil", options: options({ language: "fr" }), sources: compostSources() };
    const { article: previous } = await writer.write(req);
    const damaged = { ...previous, intro: "Un brouillon.", metaDescription: "x".repeat(300) };
    const { article } = await writer.write({
      ...req,
      revision: {
        previous: damaged,
        attempt: 2,
        instructions: [
          "Use the keyphrase in the introduction's first paragraph.",
          "The meta description is 300 characters; shorten it to at most 156 so it is not cut off.",
        ],
      },
    });
    expect(article.intro).toBe("Garden soil est le sujet de ce brouillon. Un brouillon.");
    expect(article.metaDescription).toMatch(/^Garden soil : ce que disent \d+ sources/);
    expect(article.metaDescription.length).toBeGreaterThanOrEqual(120);
    expect(article.metaDescription.length).toBeLessThanOrEqual(155);
  });

  it("puts the keyphrase before a French title and subheading as French writes a label: first capital, space, colon", async () => {
    const writer = new ExtractiveWriter();
    const req = { keyword: "terre de jardin", options: options({ language: "fr" }), sources: compostSources() };
    const { article: previous } = await writer.write(req);
    const sections = previous.sections.map((s) => ({ ...s, heading: "Bien commencer" }));
    const { article } = await writer.write({
      ...req,
      revision: {
        previous: { ...previous, title: "Notes sur le compost", sections },
        attempt: 2,
        instructions: [
          "Put the keyphrase in the title, near its start.",
          "Use the keyphrase or a synonym in at least one H2 or H3 subheading.",
        ],
      },
    });
    expect(article.title).toBe("Terre de jardin : Notes sur le compost");
    expect(article.sections[0]?.heading).toBe("Terre de jardin : Bien commencer");
  });

  it("writes a longer draft when the findings say it is short of the target", async () => {
    const writer = new ExtractiveWriter();
    const req = { keyword: "compost", options: options(), sources: compostSources() };
    const { article: previous } = await writer.write(req);
    const { article } = await writer.write({
      ...req,
      revision: {
        previous,
        attempt: 2,
        instructions: ["The text has 300 words; add about 500 to reach the 800-word target."],
      },
    });
    expect(article.wordCount).toBeGreaterThanOrEqual(previous.wordCount);
  });

  it("fails typed when no source was retrieved", async () => {
    const failed = compostSources().filter((s) => s.status !== "ok");
    await expect(
      new ExtractiveWriter().write({ keyword: "compost", options: options(), sources: failed }),
    ).rejects.toBeInstanceOf(PermanentError);
  });
});

describe("extractive writer: a brief, not a collage", () => {
  it("writes the meta description as one whole sentence of 120–155 characters with the keyword", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
    });
    expect(article.metaDescription.length).toBeGreaterThanOrEqual(120);
    expect(article.metaDescription.length).toBeLessThanOrEqual(155);
    expect(article.metaDescription.toLowerCase()).toContain("compost");
    expect(article.metaDescription).toMatch(/^[^.!?…]+\.$/);
  });

  it("writes its title, audience note, call to action, disclaimer and meta description in the language asked", async () => {
    const write = (language: string) =>
      new ExtractiveWriter().write({
        keyword: "compost",
        options: options({ language, tone: "friendly", audience: "beginners", contentType: "guide" }),
        sources: compostSources(),
      });
    const french = (await write("fr-CA")).article;
    expect(french.title).toBe("Compost : guide de recherche");
    expect(french.intro.split("\n\n")[0]).toContain("Des passages plus courts et plus simples ont été retenus");
    expect(french.conclusion?.callToAction).toBe("Jetez un œil aux sources ci-dessous et essayez compost !");
    expect(french.disclaimer).toMatch(/^Brouillon de recherche composé de citations/);
    expect(french.metaDescription).toMatch(/^Compost : ce que disent \d+ sources sur [^.!?…]+\.$/);
    expect(french.metaDescription.length).toBeGreaterThanOrEqual(120);
    expect(french.metaDescription.length).toBeLessThanOrEqual(155);
    const german = (await write("de")).article;
    expect(german.title).toBe("Compost: ein Rechercheleitfaden");
    expect(german.conclusion?.callToAction).toBe("Wirf einen Blick auf die Quellen unten und probier compost aus!");
    expect(german.disclaimer).toMatch(/^Rechercheentwurf aus Zitaten/);
  });

  it("names a source that names itself nowhere in the language asked", async () => {
    // No title and no name of its own: the attribution is the writer's own words.
    const bare = compostSources().map((s) => ({ ...s, title: "", url: `http://127.0.0.1/compost-${s.id}` }));
    const bodies = async (language: string) => {
      const { article } = await new ExtractiveWriter().write({
        keyword: "compost",
        options: options({ language, contentType: "guide" }),
        sources: bare,
      });
      return article.sections.map((section) => section.body).join("\n\n");
    };
    const french = await bodies("fr");
    expect(french).toContain("Une source");
    expect(french).not.toContain("One source");
    expect(await bodies("de")).toContain("Eine Quelle");
    expect(await bodies("en")).toContain("One source");
  });

  it("keeps to its English words for a language it has none for", async () => {
    const write = async (language: string) => {
      const { article } = await new ExtractiveWriter().write({
        keyword: "compost",
        options: options({ language, tone: "casual", audience: "advanced", contentType: "review" }),
        sources: compostSources(),
      });
      const { title, metaDescription, intro, conclusion, disclaimer } = article;
      return { title, metaDescription, intro, callToAction: conclusion?.callToAction, disclaimer };
    };
    const english = await write("en");
    expect(english.title).toBe("Compost Review: What the Sources Say");
    expect(english.callToAction).toBe("Dig into the sources linked below and see what compost can do for you.");
    expect(english.disclaimer).toMatch(/^Research draft assembled from quoted sources/);
    expect(await write("it")).toEqual(english);
  });

  it("words a meta description of 120–155 characters, one sentence with the keyword, in each of its languages", () => {
    const headings = [
      ["How compost works", "Balancing greens and browns", "Keeping the pile moist", "Turning the heap"],
      ["Why a pile smells"],
      [],
    ];
    for (const language of ["en", "fr", "es", "de", "pt"])
      for (const keyword of ["compost", "how to build an emergency fund", "backyard composting for beginners"])
        for (const list of headings)
          for (const count of [2, 7, 12]) {
            const meta = metaDescription(keyword, list, count, language);
            const where = `${language} ${keyword} ${list.length} ${count}: ${meta}`;
            expect(meta.length, where).toBeGreaterThanOrEqual(120);
            expect(meta.length, where).toBeLessThanOrEqual(155);
            expect(meta.toLowerCase(), where).toContain(keyword);
            expect(meta, where).toMatch(/^[^.!?…]+\.$/);
          }
  });

  it("opens each section with its point and each paragraph with who says it, in the tone and language asked, never with a figure", async () => {
    const write = (o: Parameters<typeof options>[0]) =>
      new ExtractiveWriter().write({ keyword: "compost", options: options(o), sources: compostSources() });
    const professional = (await write({ tone: "professional" })).article;
    const casual = (await write({ tone: "casual" })).article;
    const french = (await write({ language: "fr" })).article;
    const framing = (paragraph: string) => paragraph.slice(0, paragraph.indexOf(" “")).replace(/[*_]/g, "");
    const leads = (article: typeof professional) => article.sections.flatMap((s) => s.body.split("\n\n").map(framing));
    for (const lead of leads(professional)) expect(lead).not.toMatch(/\[\d+\]|\d/);
    for (const section of professional.sections) {
      const paragraphs = section.body.split("\n\n");
      // The section's first words say how many of the sources it draws on and its subject; then each paragraph
      // names the very source its quotes cite.
      const count = new Set(citationMarkers(section.body)).size;
      const who = count === 1 ? "one of the sources discusses" : `(\\w+ of the sources|all \\w+ sources) discuss`;
      expect(framing(paragraphs[0] ?? "").toLowerCase()).toMatch(
        new RegExp(`^${who} ${section.heading.toLowerCase()}[,.]`),
      );
      for (const paragraph of paragraphs) {
        const source = professional.sources[(citationMarkers(paragraph)[0] ?? 0) - 1];
        expect(framing(paragraph)).toContain(source?.title ?? "?");
      }
    }
    expect(leads(casual)).not.toEqual(leads(professional));
    expect(leads(french).join(" ")).toMatch(/ce qui suit|ainsi|ceci|y revient/);
    expect(leads(french).join(" ")).toMatch(/des sources traitent de|les \w+ sources traitent de/);
    expect(new Set(leads(professional)).size).toBe(leads(professional).length);
  });

  it("ends with a conclusion that names the sections and gives one attributed key point of each, never arguing against the topic", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
    });
    const [summary, ...points] = (article.conclusion?.body ?? "").split("\n\n");
    expect(summary).not.toMatch(/[“”]|\[\d+\]/);
    for (const section of article.sections.filter((s) => !/\d/.test(s.heading)))
      expect(summary?.toLowerCase()).toContain(section.heading.toLowerCase().replace(/[.:;!?]+$/, ""));
    expect(points.length).toBeGreaterThan(0);
    const quoted = [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)].join(
      " ",
    );
    for (const point of points) {
      // "On <section>, the key point comes from <source>." then the quote and its citation.
      const match = /^On (.+?), the key point comes from (.+?)\. “(.+)” \[(\d+)\]$/.exec(point);
      expect(match, point).not.toBeNull();
      const [, subject, name, text, marker] = match ?? [];
      expect(article.sections.some((s) => s.heading.toLowerCase() === subject?.toLowerCase())).toBe(true);
      const cited = article.sources[Number(marker) - 1];
      expect(name?.replace(/_/g, "")).toBe(cited?.title.replace(/\s*\(.*$/, "") ?? "?");
      // A key point is not quoted a second time elsewhere in the article, and weighs against nothing.
      expect(quoted).not.toContain(text);
      expect(text).not.toMatch(/\b(but|however|although|downsides?|drawbacks?|not worth)\b/i);
    }
  });

  it("asks FAQ questions the sources ask or their headings word as questions, not generic ones", async () => {
    const sources = compostSources().map((s) => {
      if (s.id === 1) return { ...s, headings: s.headings.filter((h) => h.text !== "What to compost") };
      if (s.id === 4)
        return { ...s, headings: [...s.headings, { level: 2, text: "How to fix a smelly compost pile" }] };
      return s;
    });
    const { article } = await new ExtractiveWriter().write({ keyword: "compost", options: options(), sources });
    const questions = article.faq.map((f) => f.question);
    expect(questions).toContain("How do you fix a smelly compost pile?");
    expect(questions).toContain("How long does compost take?");
    expect(questions).not.toContain("What is compost?");
    expect(article.faq.find((f) => f.question.startsWith("How do you fix"))?.answer).toMatch(/smell|fix|pile/i);
    // A heading that asks about nothing beyond the keyword ("What to compost") answers nothing in particular.
    const plain = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
    });
    expect(plain.article.faq.map((f) => f.question)).not.toContain("What should you compost?");
    const askedInSources = sources.flatMap((s) => [s.text, ...s.paragraphs]).join(" ");
    for (const q of questions.filter((q) => !q.startsWith("How do you fix"))) expect(askedInSources).toContain(q);
  });

  it("fills a section with passages on what its heading names, not ones that only name the keyword", () => {
    const pool = compostSources().flatMap((s) => (s.status === "ok" ? sourceSentences(s) : []));
    const heading = topicTerms("Moisture and air");
    const keyword = topicTerms("compost");
    const own = heading.filter((t) => !keyword.includes(t));
    const chosen = selectSentences(pool, {
      query: [...heading, ...keyword],
      wordQuota: 200,
      used: new Set(),
      anyOf: own,
    });
    expect(chosen.length).toBeGreaterThan(0);
    for (const s of chosen) expect(own.some((t) => s.tokens.includes(t))).toBe(true);
    const loose = selectSentences(pool, {
      query: [...heading, ...keyword],
      wordQuota: 200,
      minRelative: 0.01,
      used: new Set(),
    });
    expect(loose.some((s) => !own.some((t) => s.tokens.includes(t)))).toBe(true);
  });

  it("keeps each quotable sentence's normalised words equal to a fresh split of its text", () => {
    const pool = compostSources().flatMap(sourceSentences);
    expect(pool.length).toBeGreaterThan(0);
    for (const s of pool) expect(s.normalized).toEqual(words(s.text).map(normalizeWord));
  });

  it("selects the same sentences from a pool it has drawn from before as from a fresh split of the sources", () => {
    const request = { query: [...topicTerms("soil test"), ...topicTerms("compost")], wordQuota: 150 };
    const first = compostSources().flatMap(sourceSentences);
    selectSentences(first, { ...request, used: new Set() });
    const again = selectSentences(first, { ...request, used: new Set() });
    const fresh = compostSources().flatMap(sourceSentences);
    const once = selectSentences(fresh, { ...request, used: new Set() });
    expect(again.length).toBeGreaterThan(0);
    expect(again.map((s) => s.text)).toEqual(once.map((s) => s.text));
  });

  it("quotes a claim two sources make in other words once, the better match of the two, but keeps distinct claims", () => {
    const source = (id: number, paragraphs: string[]): Source => ({
      id,
      url: `https://example.org/${id}`,
      status: "ok",
      title: `Soil page ${id}`,
      wordCount: 0,
      headings: [],
      paragraphs,
      text: paragraphs.join(" "),
    });
    const pool = [
      source(1, [
        "Replace soil only after a persistent disease problem or contamination.",
        "A basic soil test reports pH, organic matter and the major nutrients in raised bed soil.",
      ]),
      source(2, [
        "Replace soil only after serious disease problems.",
        "Top up raised bed soil every spring with two inches of finished compost.",
      ]),
    ].flatMap(sourceSentences);
    const chosen = selectSentences(pool, {
      query: ["soil", ...topicTerms("raised bed"), ...topicTerms("replace disease")],
      wordQuota: 200,
      used: new Set(),
      common: topicTerms("raised bed"),
    });
    const replace = chosen.filter((s) => s.text.startsWith("Replace soil"));
    expect(replace).toHaveLength(1);
    expect(chosen.some((s) => s.text.startsWith("Top up"))).toBe(true);
    expect(chosen.some((s) => s.text.startsWith("A basic soil test"))).toBe(true);
  });

  it("quotes a sentence that leans on the one before it together with it, and never an answer alone", () => {
    const [source] = compostSources();
    if (!source) throw new Error("fixture");
    const list = sourceSentences({
      ...source,
      paragraphs: [
        "Potting mix drains freely and holds little weight in a container garden. It is excellent in pots but costly for a whole bed.",
        "How long does a hot pile take to finish its work? About two to three months in warm summer weather, longer in winter.",
      ],
    });
    const joined = list.find((s) => s.text.includes("It is excellent"));
    expect(joined?.text.startsWith("Potting mix drains freely")).toBe(true);
    expect(list.some((s) => s.text.startsWith("It is excellent"))).toBe(false);
    expect(list.find((s) => s.text.startsWith("About two to three months"))?.answers).toBe(true);
  });
});
