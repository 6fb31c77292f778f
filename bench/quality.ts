/**
 * Quality benchmark: does the gate pass only articles a reader would keep?
 *
 *   npm run bench:quality [-- --out PATH]
 *
 * Runs against the fixture web in this process (research through the real search and fetch adapters, then
 * write, assess and revise as the pipeline does) and prints, for each writer (the extractive writer, and the LLM
 * writer against the simulated world's OpenAI-compatible provider on 127.0.0.1: offline, the whole run capped at
 * five minutes):
 * - off-topic requests that pass (must be 0): keywords the fixture web has no pages about, found through search,
 *   and mismatched keyword/source pairs (one topic's pages judged and written for another keyword) of four kinds:
 *   another fixture topic, a keyword sharing the topic's head term, one sharing a modifier, and one sharing a word.
 *   A request passes only if research finished (enough pages about the keyword, as a job needs) and the article
 *   written from its sources passed. Research's outcome is reported on its own, and so is the gate's: the article
 *   written from the pages research read, every one made usable, as if research had let them all through;
 * - grounding precision on verbatim sentences (must be 1.0): random source sentences, cited to their source with
 *   the marker before or after the full stop, quoted or grouped with another marker, must all be supported;
 * - grounding recall on planted unsupported claims (at least 0.9): sentences cited to a source they do not come
 *   from, and source sentences with a changed figure, must be flagged;
 * - the duplicate-sentence rate, the share of cited passages that open with a pronoun nothing before them in the
 *   passage resolves, and missing context: the share of sentences that start with a pronoun or a connective their
 *   passage does not resolve (bench/lib/missing-context.ts);
 * - the articles' SEO and quality scores;
 * - how coherent their sections read (bench/lib/coherence.ts): similarity of adjacent passages, sections and
 *   passages that match their heading, passages opening mid-thought, framing sentences that name no source.
 * - relevance: the product's field score against a BM25F-style candidate (bench/lib/relevance-eval.ts) on the
 *   fixture pages, whose topics are known: on-topic pages kept, off-topic pages refused, requests let through.
 * Results go to bench/results/quality.json, or to the file `--out` names.
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
import { enoughRelevantSources, judgeRelevance } from "../src/core/research/relevance";
import type { ResearchReport, Source } from "../src/core/research/types";
import { plainText, stripMarkers } from "../src/core/text/markdown";
import { sentences } from "../src/core/text/sentences";
import { shingleContainment, shingles } from "../src/core/text/similarity";
import { words } from "../src/core/text/tokens";
import { ExtractiveWriter } from "../src/core/writing/extractive/index";
import { coherence } from "./lib/coherence";
import { type FixtureWeb, fixtureWeb, writeAndAssess } from "./lib/fixture-job";
import { missingContext } from "./lib/missing-context";
import { compareRelevance, onTopicRequests, type Request } from "./lib/relevance-eval";
import { worldLlmWriter } from "./lib/world-writer";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOPICS = ["raised bed vegetable garden", "emergency fund", "git pre-commit hooks"];
/** Keywords the fixture web has no pages about, though search finds pages sharing a word with them. */
const UNCOVERED = ["compost tea", "tomato blight", "credit card rewards", "git rebase conflicts", "husky dog training"];
/**
 * Keywords each topic's pages are not about, by how they are near it: sharing the head term, sharing a modifier,
 * sharing a word the pages use. The other fixture topics are the fourth kind.
 */
const MISMATCHED: Record<string, Record<string, string>> = {
  "raised bed vegetable garden": {
    "same head term": "rock garden",
    "same modifier": "vegetable soup",
    "shared word": "compost tea",
  },
  "emergency fund": {
    "same head term": "index fund",
    "same modifier": "emergency room",
    "shared word": "credit card rewards",
  },
  "git pre-commit hooks": {
    "same head term": "fishing hooks",
    "same modifier": "git rebase conflicts",
    "shared word": "husky dog training",
  },
};

function outPath(args: string[]): string {
  const at = args.findIndex((a) => a === "--out" || a.startsWith("--out="));
  if (at < 0) return resolve(root, "bench/results/quality.json");
  const value = args[at]?.startsWith("--out=") ? args[at]?.slice("--out=".length) : args[at + 1];
  if (!value || value.startsWith("--")) {
    console.error("bench:quality: --out needs a file path");
    process.exit(2);
  }
  return resolve(process.cwd(), value);
}
const OUT = outPath(process.argv.slice(2));
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

interface OffTopicRequest {
  keyword: string;
  kind: string;
  /** Whose pages: "search" for the keyword's own search, or the fixture topic they were found for. */
  sources: string;
  /** Research's outcome, as the job decides it: finished, or failed no_relevant_sources / no_usable_sources. */
  research: string;
  relevance: number[];
  /** The request passed: research finished and the article written from its sources passed. */
  passed: boolean;
  /** The article written from every page research read, made usable, passed: the gate alone let it through. */
  gatePassed: boolean;
  how: string;
}

/** Research's outcome as `researchFinished` decides it for a job. */
function researchOutcome(report: ResearchReport): string {
  if (!report.sources.some((s) => s.status === "ok"))
    return report.sources.some((s) => s.reason === "off_topic") ? "no_relevant_sources" : "no_usable_sources";
  return enoughRelevantSources(report.sources) ? "finished" : "no_relevant_sources";
}

/** One topic's research judged again for another keyword: its pages scored for that keyword, as research would. */
function rejudged(report: ResearchReport, keyword: string): ResearchReport {
  const read = report.sources.map((s) =>
    s.reason === "off_topic" ? { ...s, status: "ok" as const, reason: undefined, detail: undefined } : s,
  );
  return { ...report, keyword, sources: judgeRelevance(read, keyword, undefined, undefined, report.language) };
}

/** Every page research read with content made usable: what the gate faces if relevance let everything through. */
const allUsable = (report: ResearchReport): ResearchReport => ({
  ...report,
  sources: report.sources.map((s) =>
    s.reason === "off_topic" ? { ...s, status: "ok" as const, reason: undefined, detail: undefined } : s,
  ),
});

async function offTopicRequest(
  keyword: string,
  kind: string,
  from: string,
  report: ResearchReport,
  writer: Writer,
): Promise<OffTopicRequest> {
  const options = defaultOptions();
  const research = researchOutcome(report);
  const written = research === "finished" ? await writeAndAssess(report, writer, options) : undefined;
  const forced = allUsable(report);
  const gate = forced.sources.some((s) => s.status === "ok")
    ? await writeAndAssess(forced, writer, options)
    : undefined;
  return {
    keyword,
    kind,
    sources: from,
    research,
    relevance: report.sources.flatMap((s) => (s.relevance === undefined ? [] : [s.relevance])),
    passed: written?.passed ?? false,
    gatePassed: gate?.passed ?? false,
    how:
      gate?.failure ??
      `gate score ${gate?.assessment?.score ?? "-"}${gate?.assessment && !gate.passed ? " (not passed)" : ""}`,
  };
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
      missingContextShare: outcome.article ? missingContext(outcome.article).share : 0,
      missingContextExamples: outcome.article ? missingContext(outcome.article).examples : [],
      metaDescription: outcome.article?.metaDescription ?? "",
      adjacentSimilarity: flow?.adjacentSimilarity ?? 0,
      headingMatchShare: flow?.headingMatchShare ?? 0,
      passageHeadingShare: flow?.passageHeadingShare ?? 0,
      midThoughtShare: flow?.midThoughtShare ?? 0,
      unnamedAttributions: flow?.unnamedAttributions ?? 0,
    });
  }
  const offTopic: OffTopicRequest[] = [];
  for (const keyword of UNCOVERED)
    offTopic.push(await offTopicRequest(keyword, "uncovered (search)", "search", await web.research(keyword), writer));
  for (const from of TOPICS) {
    const report = reports.get(from);
    if (!report) continue;
    const kinds = [
      ...TOPICS.filter((k) => k !== from).map((keyword) => ["other fixture topic", keyword] as const),
      ...Object.entries(MISMATCHED[from] ?? {}),
    ];
    for (const [kind, keyword] of kinds)
      offTopic.push(await offTopicRequest(keyword, kind, from, rejudged(report, keyword), writer));
  }
  const mean = (f: (t: (typeof topics)[number]) => number) =>
    Math.round((topics.reduce((sum, t) => sum + f(t), 0) / Math.max(1, topics.length)) * 1000) / 1000;
  return {
    writer: name,
    offTopicPassShare: offTopic.filter((o) => o.passed).length / Math.max(1, offTopic.length),
    offTopicRequests: offTopic.length,
    offTopicKinds: [...new Set(offTopic.map((o) => o.kind))].length,
    researchRefusedShare: offTopic.filter((o) => o.research !== "finished").length / Math.max(1, offTopic.length),
    gatePassShare: offTopic.filter((o) => o.gatePassed).length / Math.max(1, offTopic.length),
    missingContextShare: mean((t) => t.missingContextShare),
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
  const offTopicPages: Request[] = [];
  for (const keyword of UNCOVERED) offTopicPages.push({ keyword, pages: (await web.research(keyword)).sources });
  for (const from of TOPICS)
    for (const keyword of [...TOPICS.filter((k) => k !== from), ...Object.values(MISMATCHED[from] ?? {})])
      offTopicPages.push({ keyword, pages: reports.get(from)?.sources ?? [] });
  const relevance = compareRelevance([...(await onTopicRequests(reports, web.research)), ...offTopicPages]);
  const writers = [
    await benchWriter("extractive", new ExtractiveWriter(), web, reports),
    await benchWriter("llm (simulated provider)", llm.writer, web, reports),
  ];
  console.log(`simulated provider requests: ${llm.requests()}`);
  const results = { grounding: groundingFigures, relevance, writers };
  writeFileSync(OUT, `${JSON.stringify({ ...results, precision, recall }, null, 2)}\n`);

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `grounding precision on verbatim sentences: ${groundingFigures.precisionOnVerbatim.toFixed(3)} (${groundingFigures.verbatimClaims} claims; must be 1.0)`,
  );
  console.log(
    `grounding recall on planted unsupported claims: ${groundingFigures.recallOnPlanted.toFixed(3)} (${groundingFigures.plantedClaims} claims; at least 0.9)`,
  );
  console.log("");
  console.log(
    "| writer | off-topic requests passing | research refused | gate passed with every page usable | duplicate sentences | pronoun-first sentences | missing context | SEO | quality |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const w of writers)
    console.log(
      `| ${w.writer} | ${w.offTopic.filter((o) => o.passed).length} of ${w.offTopicRequests} (${w.offTopicKinds} kinds) | ${w.offTopic.filter((o) => o.research !== "finished").length} | ${w.offTopic.filter((o) => o.gatePassed).length} | ${pct(w.duplicateRate)} | ${pct(w.pronounStartShare)} | ${pct(w.missingContextShare)} | ${w.seo} | ${w.quality} |`,
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
  console.log(
    "| relevance scorer | on-topic pages kept | off-topic pages refused | on-topic requests through | off-topic requests through |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, t] of Object.entries(relevance))
    console.log(
      `| ${name} | ${t.onTopicKept} of ${t.onTopicPages} | ${t.offTopicPages - t.offTopicKept} of ${t.offTopicPages} | ${t.onTopicFinished} of ${t.onTopicRequests} | ${t.offTopicFinished} of ${t.offTopicRequests} |`,
    );
  console.log("");
  for (const w of writers)
    for (const o of w.offTopic.filter((r) => r.research === "finished" || r.gatePassed))
      console.log(
        `${w.writer} · off-topic "${o.keyword}" (${o.kind}, pages of ${o.sources}): research ${o.research}, ${o.how}`,
      );
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
