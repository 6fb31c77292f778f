// npx tsx scripts/outputs-digest.ts [-- --out outputs.json]
// One digest of everything the article path produces for the fixture topics, so a change meant only to make it
// faster can show that it changed nothing: the research reports, and for each topic (and two mismatched
// keyword/research pairs) under four option sets and two revision policies, every draft, assessment and
// revision and the rendered HTML, Markdown and JSON of the best draft. Timings and the fixture server's address
// are left out; the same code prints the same digest. `--out` also writes the outputs, to diff two runs.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { memoryFetcher, pagesByTopic, TOPICS } from "../bench/lib/article-work";
import { UrlListSearch } from "../src/adapters/search/urls";
import { type ArticleOptionsInput, ArticleOptionsSchema } from "../src/core/article/options";
import { assessArticle } from "../src/core/assess/index";
import { renderHtml, renderJson, renderMarkdown } from "../src/core/render/index";
import { runResearch } from "../src/core/research/stage";
import { DEFAULT_POLICY, type RevisionPolicy, runRevisionLoop } from "../src/core/revision/policy";
import { ExtractiveWriter } from "../src/core/writing/extractive/index";
import { readOptions } from "./lib/cli.mjs";

const USAGE = "tsx scripts/outputs-digest.ts [--out file]";
const { values } = readOptions({ options: { out: { type: "string" } } }, USAGE);
const OPTION_SETS: ArticleOptionsInput[] = [
  {},
  { targetWords: 800, includeFaq: false, tone: "casual", audience: "beginners" },
  { targetWords: 3000, contentType: "tutorial", focusKeywords: ["budget", "soil"], includeToc: false },
  { targetWords: 2000, contentType: "comparison", includeConclusion: false, tone: "technical", audience: "advanced" },
];
/** The default policy, and one no draft can meet, so that every revision path runs. */
const POLICIES: RevisionPolicy[] = [DEFAULT_POLICY, { threshold: 100, maxAttempts: 4 }];

const pagesOf = await pagesByTopic(10);

const outputs: Record<string, unknown> = {};
const pairs = [...TOPICS.map((t) => [t, t]), [TOPICS[0], TOPICS[1]], [TOPICS[2], TOPICS[0]]] as [string, string][];
for (const [keyword, topic] of pairs) {
  const pages = pagesOf.get(topic) ?? new Map<string, string>();
  const urls = [...pages.keys()];
  const report = await runResearch(
    { keyword: topic, urls, maxSources: urls.length },
    { search: new UrlListSearch(urls), fetcher: memoryFetcher(pages) },
  );
  outputs[`research:${topic}`] = report;
  for (const [i, input] of OPTION_SETS.entries()) {
    for (const policy of POLICIES) {
      const options = ArticleOptionsSchema.parse(input);
      const writer = new ExtractiveWriter();
      const steps: unknown[] = [];
      const key = `job:${keyword}:${topic}:${i}:${policy.threshold}`;
      try {
        const { best, passed, attempts } = await runRevisionLoop({
          policy,
          write: async (revision) => {
            const request = { keyword, options, sources: report.sources, competitors: report.competitors };
            const { article } = await writer.write({ ...request, ...(revision ? { revision } : {}) });
            steps.push({ revision, article });
            return article;
          },
          assess: (article) => {
            const assessment = assessArticle(article, {
              sources: report.sources,
              options,
              competitors: report.competitors,
            });
            steps.push({ assessment });
            return assessment;
          },
        });
        const rendered = { html: renderHtml(best.article), markdown: renderMarkdown(best.article) };
        outputs[key] = { passed, attempts, steps, ...rendered, json: renderJson(best.article) };
      } catch (error) {
        outputs[key] = { error: String(error), steps };
      }
    }
  }
}

// The fixture server's address, which changes from run to run, read from a page it served.
const servedUrl = [...pagesOf.values()].flatMap((pages) => [...pages.keys()])[0] ?? "http://fixtures";
const origin = new URL(servedUrl).origin;
const text = JSON.stringify(outputs, (name, value) => (/Ms$/.test(name) ? 0 : value), 1).replaceAll(
  origin,
  "http://fixtures",
);
if (values.out) writeFileSync(values.out, text);
console.log(`${createHash("sha256").update(text).digest("hex")}  (${Object.keys(outputs).length} outputs)`);
