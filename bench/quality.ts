/**
 * Quality benchmark: does the gate pass only articles a reader would keep?
 *
 *   npm run bench:quality
 *
 * Runs against the fixture web in this process (research through the real search and fetch adapters, then
 * write, assess and revise as the pipeline does) and prints, for each writer (the extractive writer, and the LLM
 * writer against the simulated world's OpenAI-compatible provider on 127.0.0.1: offline, the whole run capped at
 * five minutes):
 * - off-topic requests that pass (must be 0): keywords the fixture web has no pages about (research must refuse
 *   them), and mismatched keyword/source pairs (one topic's research handed to the writer with another keyword);
 * - grounding precision on verbatim sentences (must be 1.0): random source sentences, cited to their source with
 *   the marker before or after the full stop, quoted or grouped with another marker, must all be supported;
 * - grounding recall on planted unsupported claims (at least 0.9): sentences cited to a source they do not come
 *   from, and source sentences with a changed figure, must be flagged;
 * - the duplicate-sentence rate, and the share of cited passages that open with a pronoun nothing before them in
 *   the passage resolves, in the articles;
 * - the articles' SEO and quality scores;
 * - how coherent their sections read (bench/lib/coherence.ts): similarity of adjacent passages, sections and
 *   passages that match their heading, passages opening mid-thought, framing sentences that name no source.
 * Results go to bench/results/quality.json.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../src/core/article/model";
import { defaultOptions } from "../src/core/article/options";
import type { Writer } from "../src/core/ports/writer";
import { articleClaims } from "../src/core/quality/claims";
import { grounding } from "../src/core/quality/grounding";
import { indexOkSources } from "../src/core/quality/source-index";
import type { ResearchReport, Source } from "../src/core/research/types";
import { plainText, stripMarkers } from "../src/core/text/markdown";
import { sentences } from "../src/core/text/sentences";
import { shingleContainment, shingles } from "../src/core/text/similarity";
import { words } from "../src/core/text/tokens";
import { ExtractiveWriter } from "../src/core/writing/extractive/index";
import { coherence } from "./lib/coherence";
import { type FixtureWeb, fixtureWeb, writeAndAssess } from "./lib/fixture-job";
import { worldLlmWriter } from "./lib/world-writer";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOPICS = ["raised bed vegetable garden", "emergency fund", "git pre-commit hooks"];
/** Keywords the fixture web has no pages about, though search finds pages sharing a word with them. */
const UNCOVERED = ["compost tea", "tomato blight", "credit card rewards", "git rebase conflicts", "husky dog training"];
const PRONOUN = /^(it|its|this|that|these|those|they|them|their|he|she|his|her|such|both|which)\b/i;

/** A small deterministic generator, so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function proseSentences(article: Article): string[] {
  return [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)]
    .flatMap((part) => sentences(stripMarkers(plainText(part))))
    .map((s) => s.replace(/^[“"‘'(]+/, ""))
    .filter((s) => words(s).length >= 4);
}

/** Passages (what one citation covers) that open with a pronoun: nothing before them in the quote says what it is. */
function unresolvedPronounShare(written: Article | undefined): number {
  const claims = written ? articleClaims(written).map((c) => c.text.replace(/^[\s“"‘'(,;:]+/, "")) : [];
  return claims.length ? claims.filter((c) => PRONOUN.test(c)).length / claims.length : 0;
}

function duplicateRate(list: string[]): number {
  const sets = list.map((s) => shingles(s));
  let duplicates = 0;
  sets.forEach((set, i) => {
    if (sets.slice(0, i).some((other) => shingleContainment(set, other) >= 0.8)) duplicates++;
  });
  return list.length ? duplicates / list.length : 0;
}

function sourceSentences(source: Source): string[] {
  return sentences(source.text).filter((s) => words(s).length >= 8 && words(s).length <= 40 && /[.!?]$/.test(s));
}

const article = (intro: string, ids: number[], keyword: string): Article => ({
  kind: "llm",
  title: keyword,
  metaDescription: keyword,
  slug: "bench",
  focusKeyphrase: keyword,
  language: "en",
  intro,
  sections: [{ heading: "More", level: 2, body: "Nothing cited here." }],
  faq: [],
  citations: ids.map((id) => ({ marker: id, sourceId: id, location: "intro" })),
  sources: ids.map((id) => ({ id, url: `https://example.org/${id}`, title: String(id) })),
  wordCount: 0,
  readingTimeMinutes: 1,
});

/** Verbatim sentences in every citation layout: all must be supported. */
function groundingPrecision(report: ResearchReport, next: () => number) {
  const ok = report.sources.filter((s) => s.status === "ok");
  const index = indexOkSources(ok);
  let claims = 0;
  let supported = 0;
  for (let round = 0; round < 20; round++) {
    const parts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const source = ok[Math.floor(next() * ok.length)];
      const list = source ? sourceSentences(source) : [];
      const sentence = list[Math.floor(next() * list.length)];
      if (!source || !sentence) continue;
      const other = ok[Math.floor(next() * ok.length)]?.id ?? source.id;
      const bare = sentence.replace(/[.!?]$/, "");
      const layouts = [
        `${sentence} [${source.id}]`,
        `${bare} [${source.id}].`,
        `“${sentence}” [${source.id}]`,
        `${bare} [${other}][${source.id}].`,
      ];
      parts.push(layouts[Math.floor(next() * layouts.length)] ?? "");
    }
    const text = parts.join(" ");
    const check = grounding(
      article(
        text,
        ok.map((s) => s.id),
        report.keyword,
      ),
      index,
    );
    const total = articleClaims(article(text, [], report.keyword)).length;
    claims += total;
    supported += total - check.findings.length;
  }
  return { claims, supported, precision: claims ? supported / claims : 1 };
}

/** Unsupported claims planted among honest ones: each must be flagged. */
function groundingRecall(report: ResearchReport, others: ResearchReport[], next: () => number) {
  const ok = report.sources.filter((s) => s.status === "ok");
  const foreign = others.flatMap((r) => r.sources.filter((s) => s.status === "ok"));
  const index = indexOkSources(ok);
  let planted = 0;
  let flagged = 0;
  for (let round = 0; round < 40; round++) {
    const source = ok[Math.floor(next() * ok.length)];
    const list = source ? sourceSentences(source) : [];
    const honest = list[Math.floor(next() * list.length)];
    if (!source || !honest) continue;
    let claim: string | undefined;
    if (round % 2 === 0) {
      const stranger = foreign[Math.floor(next() * foreign.length)];
      const strangerList = stranger ? sourceSentences(stranger) : [];
      claim = strangerList[Math.floor(next() * strangerList.length)];
    } else {
      const withNumber = list.filter((s) => /\d/.test(s));
      const picked = withNumber[Math.floor(next() * withNumber.length)];
      claim = picked?.replace(/\d+/, (n) => String(Number(n) + 3));
    }
    if (!claim) continue;
    const text = `${honest} [${source.id}] ${claim} [${source.id}]`;
    const check = grounding(article(text, [source.id], report.keyword), index);
    planted++;
    if (check.findings.some((f) => f.message.includes(claim.slice(0, 40)) || f.message.includes(claim.slice(0, 30))))
      flagged++;
  }
  return { planted, flagged, recall: planted ? flagged / planted : 1 };
}

async function benchWriter(name: string, writer: Writer, web: FixtureWeb, reports: Map<string, ResearchReport>) {
  const options = defaultOptions();
  const topics = [];
  for (const keyword of TOPICS) {
    const report = reports.get(keyword);
    if (!report) continue;
    const outcome = await writeAndAssess(report, writer, options);
    const list = outcome.article ? proseSentences(outcome.article) : [];
    const flow = outcome.article ? coherence(outcome.article, keyword) : undefined;
    topics.push({
      keyword,
      passed: outcome.passed,
      score: outcome.assessment?.score ?? 0,
      seo: outcome.assessment?.seo.score ?? 0,
      quality: outcome.assessment?.quality.score ?? 0,
      words: outcome.article?.wordCount ?? 0,
      groundingFindings: outcome.assessment?.findings.filter((f) => f.check === "grounding").length ?? 0,
      duplicateRate: duplicateRate(list),
      pronounStartShare: unresolvedPronounShare(outcome.article),
      metaDescription: outcome.article?.metaDescription ?? "",
      adjacentSimilarity: flow?.adjacentSimilarity ?? 0,
      headingMatchShare: flow?.headingMatchShare ?? 0,
      passageHeadingShare: flow?.passageHeadingShare ?? 0,
      midThoughtShare: flow?.midThoughtShare ?? 0,
      unnamedAttributions: flow?.unnamedAttributions ?? 0,
    });
  }
  const offTopic: { keyword: string; sources: string; passed: boolean; how: string }[] = [];
  for (const keyword of UNCOVERED) {
    const report = await web.research(keyword);
    const relevant = report.sources.filter((s) => s.status === "ok").length;
    const outcome = relevant >= 2 ? await writeAndAssess(report, writer, options) : { passed: false };
    offTopic.push({
      keyword,
      sources: "search",
      passed: outcome.passed,
      how: relevant >= 2 ? "written" : "no_relevant_sources",
    });
  }
  for (const from of TOPICS)
    for (const keyword of [...TOPICS, ...UNCOVERED.slice(0, 2)]) {
      if (keyword === from) continue;
      const report = reports.get(from);
      if (!report) continue;
      const outcome = await writeAndAssess({ ...report, keyword }, writer, options);
      offTopic.push({
        keyword,
        sources: from,
        passed: outcome.passed,
        how: outcome.failure ?? `score ${outcome.assessment?.score}`,
      });
    }
  const mean = (f: (t: (typeof topics)[number]) => number) =>
    Math.round((topics.reduce((sum, t) => sum + f(t), 0) / Math.max(1, topics.length)) * 1000) / 1000;
  return {
    writer: name,
    offTopicPassShare: offTopic.filter((o) => o.passed).length / Math.max(1, offTopic.length),
    offTopicRequests: offTopic.length,
    duplicateRate: mean((t) => t.duplicateRate),
    pronounStartShare: mean((t) => t.pronounStartShare),
    seo: mean((t) => t.seo),
    quality: mean((t) => t.quality),
    adjacentSimilarity: mean((t) => t.adjacentSimilarity),
    headingMatchShare: mean((t) => t.headingMatchShare),
    passageHeadingShare: mean((t) => t.passageHeadingShare),
    midThoughtShare: mean((t) => t.midThoughtShare),
    unnamedAttributions: topics.reduce((sum, t) => sum + t.unnamedAttributions, 0),
    topics,
    offTopic,
  };
}

// Bounded: a run that hangs on a provider call fails instead of waiting for ever.
setTimeout(() => {
  console.error("bench:quality: gave up after five minutes");
  process.exit(1);
}, 300_000).unref();

const web = await fixtureWeb();
const llm = await worldLlmWriter();
try {
  const reports = new Map<string, ResearchReport>();
  for (const keyword of TOPICS) reports.set(keyword, await web.research(keyword));
  const next = random(12);
  const precision = [];
  const recall = [];
  for (const keyword of TOPICS) {
    const report = reports.get(keyword);
    if (!report) continue;
    precision.push({ keyword, ...groundingPrecision(report, next) });
    recall.push({
      keyword,
      ...groundingRecall(
        report,
        TOPICS.filter((k) => k !== keyword).flatMap((k) => reports.get(k) ?? []),
        next,
      ),
    });
  }
  const sum = (list: { [k: string]: unknown }[], key: string) => list.reduce((s, x) => s + Number(x[key] ?? 0), 0);
  const groundingFigures = {
    precisionOnVerbatim: sum(precision, "supported") / Math.max(1, sum(precision, "claims")),
    recallOnPlanted: sum(recall, "flagged") / Math.max(1, sum(recall, "planted")),
    verbatimClaims: sum(precision, "claims"),
    plantedClaims: sum(recall, "planted"),
  };
  const writers = [
    await benchWriter("extractive", new ExtractiveWriter(), web, reports),
    await benchWriter("llm (simulated provider)", llm.writer, web, reports),
  ];
  console.log(`simulated provider requests: ${llm.requests()}`);
  const results = { grounding: groundingFigures, writers };
  writeFileSync(
    resolve(root, "bench/results/quality.json"),
    `${JSON.stringify({ ...results, precision, recall }, null, 2)}\n`,
  );

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `grounding precision on verbatim sentences: ${groundingFigures.precisionOnVerbatim.toFixed(3)} (${groundingFigures.verbatimClaims} claims; must be 1.0)`,
  );
  console.log(
    `grounding recall on planted unsupported claims: ${groundingFigures.recallOnPlanted.toFixed(3)} (${groundingFigures.plantedClaims} claims; at least 0.9)`,
  );
  console.log("");
  console.log(
    "| writer | off-topic requests passing | duplicate sentences | pronoun-first sentences | SEO | quality |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const w of writers)
    console.log(
      `| ${w.writer} | ${w.offTopic.filter((o) => o.passed).length} of ${w.offTopicRequests} | ${pct(w.duplicateRate)} | ${pct(w.pronounStartShare)} | ${w.seo} | ${w.quality} |`,
    );
  console.log("");
  console.log(
    "| writer | adjacent-passage similarity | sections matching their heading | passages matching their heading | passages opening mid-thought | unnamed attributions |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const w of writers)
    console.log(
      `| ${w.writer} | ${w.adjacentSimilarity.toFixed(3)} | ${pct(w.headingMatchShare)} | ${pct(w.passageHeadingShare)} | ${pct(w.midThoughtShare)} | ${w.unnamedAttributions} |`,
    );
  console.log("");
  for (const w of writers)
    for (const t of w.topics)
      console.log(
        `${w.writer} · ${t.keyword}: score ${t.score} (SEO ${t.seo}, quality ${t.quality}), ${t.words} words, grounding findings ${t.groundingFindings}, ${t.passed ? "passed" : "not passed"}`,
      );
  const failedFigures =
    groundingFigures.precisionOnVerbatim < 1 ||
    groundingFigures.recallOnPlanted < 0.9 ||
    writers.some((w) => w.offTopicPassShare > 0);
  if (failedFigures) {
    console.error("\nbench:quality: a figure is outside its bound");
    process.exitCode = 1;
  }
} finally {
  await web.close();
  await llm.close();
}
