/**
 * Agreement benchmark: our SEO analyser against Yoast's content analysis (the `yoastseo` devDependency,
 * GPL-3.0, used here only — never imported from src/ nor bundled into the Worker) on the same pages.
 *
 *   npm run bench:seo            # summary table
 *   npm run bench:seo -- --show  # plus every disagreement, to judge who is right
 *
 * Pages come from ../shared/datasets/extraction-dev (skipped with a message when absent). Both analysers get
 * the same HTML (the page body without scripts, navigation, footer, aside and forms), the same title, meta
 * description, slug, address and keyphrase (the two title words the body uses most).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { analyzeSeo, type SeoReport } from "../src/core/seo/index";
import { textWidthPx } from "../src/core/seo/pixel-width";
import { stopwords } from "../src/core/text/stopwords";
import { contentWords, normalizeWord, words } from "../src/core/text/tokens";
import { extractiveArticles, type Subject } from "./lib/extractive-articles";
import { YOAST_TO_OURS, type YoastResult, yoastAnalyse } from "./lib/yoast";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dataset = resolve(root, "../shared/datasets/extraction-dev");
const PAGES = 40;
const ARTICLES = 5;
const show = process.argv.includes("--show");

type Verdict = "good" | "improve" | "problem";
const fromYoast: Record<string, Verdict> = { good: "good", ok: "improve", bad: "problem" };

type Page = Subject & { raw: string };

function loadPages(): Page[] {
  const truth = JSON.parse(readFileSync(join(dataset, "ground-truth.json"), "utf8")) as Record<
    string,
    { url: string; articleBody: string }
  >;
  const ids = Object.keys(truth).sort();
  const pages: Page[] = [];
  // Every k-th page spreads the sample over all six source datasets; non-English pages are passed over.
  for (let i = 0; i < ids.length && pages.length < PAGES; i += 7) {
    const id = ids[i] as string;
    const entry = truth[id];
    if (!entry || !isEnglish(entry.articleBody)) continue;
    const page = preparePage(
      id,
      gunzipSync(readFileSync(join(dataset, "html", `${id}.html.gz`))).toString("utf8"),
      entry.url,
    );
    if (page) pages.push(page);
  }
  return pages;
}

function isEnglish(text: string): boolean {
  const sample = words(text.slice(0, 5000)).map(normalizeWord);
  return sample.length > 50 && sample.filter((w) => stopwords.has(w)).length / sample.length > 0.25;
}

function preparePage(id: string, raw: string, url: string): Page | null {
  const { document } = parseHTML(raw);
  const title = (document.querySelector("title")?.textContent ?? "").replace(/\s+/g, " ").trim();
  const metaDescription = document.querySelector('meta[name="description" i]')?.getAttribute("content")?.trim() ?? "";
  for (const node of document.querySelectorAll("script, style, noscript, nav, footer, aside, form, iframe"))
    node.remove();
  const html = document.body?.innerHTML ?? "";
  const keyphrase = salientTitleWords(title.split(/\s+[|–—-]\s+/)[0] ?? title, document.body?.textContent ?? "");
  if (!title || !keyphrase || !html) return null;
  let slug = "";
  try {
    slug = (new URL(url).pathname.split("/").filter(Boolean).pop() ?? "").replace(/\.\w+$/, "");
  } catch {}
  return { id, html, title, metaDescription, slug, keyphrase, url, raw };
}

/** The two title words (content words of 3+ letters) the body uses most, in title order. */
function salientTitleWords(title: string, body: string): string {
  const counts = new Map<string, number>();
  for (const w of contentWords(body)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const candidates = [...new Set(contentWords(title).filter((w) => /^\p{L}{3,}$/u.test(w)))];
  const top = [...candidates].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0)).slice(0, 2);
  return candidates.filter((w) => top.includes(w)).join(" ");
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2
    : 0;
};
const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : "–");

async function main() {
  if (!existsSync(dataset)) {
    console.log("bench:seo skipped: ../shared/datasets/extraction-dev is not present next to the repository.");
    return;
  }
  const pages = loadPages();
  const written = await extractiveArticles(pages, ARTICLES);
  const subjects: Subject[] = [...pages, ...written.subjects];
  const tally = new Map<
    string,
    { n: number; agree: number; ours: Record<Verdict, number>; yoast: Record<Verdict, number> }
  >();
  const fleschDiffs: number[] = [];
  const disagreements: string[] = [];
  let yoastError = "";
  for (const page of subjects) {
    const ours: SeoReport = analyzeSeo({
      content: page.html,
      format: "html",
      keyphrase: page.keyphrase,
      title: page.title,
      metaDescription: page.metaDescription,
      slug: page.slug,
      url: page.url || undefined,
      language: "en",
    });
    let yoast: YoastResult;
    try {
      yoast = yoastAnalyse({ ...page, titleWidth: textWidthPx(page.title) });
    } catch (error) {
      yoastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      continue;
    }
    for (const [yoastId, rating] of Object.entries(yoast.ratings)) {
      const ourId = YOAST_TO_OURS[yoastId];
      const ourCheck = ours.checks.find((c) => c.id === ourId);
      const theirs = fromYoast[rating];
      if (!ourId || !ourCheck || !theirs) continue;
      const row = tally.get(ourId) ?? {
        n: 0,
        agree: 0,
        ours: { good: 0, improve: 0, problem: 0 },
        yoast: { good: 0, improve: 0, problem: 0 },
      };
      row.n++;
      row.ours[ourCheck.status]++;
      row.yoast[theirs]++;
      if (ourCheck.status === theirs) row.agree++;
      else
        disagreements.push(
          `${ourId.padEnd(26)} ${page.id.padEnd(34)} ours=${ourCheck.status} ${JSON.stringify(ourCheck.value)} | yoast=${theirs}: ${yoast.texts[yoastId] ?? ""}`,
        );
      tally.set(ourId, row);
    }
    const ourFlesch = ours.checks.find((c) => c.id === "fleschReadingEase")?.value;
    if (typeof ourFlesch === "number" && typeof yoast.flesch === "number")
      fleschDiffs.push(clamp(ourFlesch) - clamp(yoast.flesch));
  }

  console.log(
    `SEO agreement with Yoast (yoastseo ${yoastVersion()}) on ${pages.length} pages of extraction-dev and ${written.subjects.length} extractive articles written from them\n`,
  );
  if (yoastError && !tally.size) {
    console.log(`Yoast could not run in Node here: ${yoastError}`);
    return;
  }
  console.log("| check | pages | agree | ours good/improve/problem | Yoast good/ok/bad |");
  console.log("|---|---:|---:|---|---|");
  let n = 0;
  let agree = 0;
  for (const [id, row] of [...tally.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    n += row.n;
    agree += row.agree;
    const dist = (d: Record<Verdict, number>) => `${d.good}/${d.improve}/${d.problem}`;
    console.log(`| ${id} | ${row.n} | ${pct(row.agree, row.n)} | ${dist(row.ours)} | ${dist(row.yoast)} |`);
  }
  console.log(`| **all** | ${n} | ${pct(agree, n)} | | |\n`);
  const abs = fleschDiffs.map(Math.abs);
  console.log(
    `Flesch reading ease (both clamped to 0–100), ${fleschDiffs.length} pages: mean |ours − Yoast| ${(abs.reduce((a, b) => a + b, 0) / Math.max(1, abs.length)).toFixed(1)}, median ${median(abs).toFixed(1)}, mean signed ${(fleschDiffs.reduce((a, b) => a + b, 0) / Math.max(1, fleschDiffs.length)).toFixed(1)}`,
  );
  if (yoastError) console.log(`Yoast failed on some pages: ${yoastError}`);
  console.log(`\nExtractive articles:\n${written.notes.map((n) => `  ${n}`).join("\n")}`);
  if (show) console.log(`\nKeyphrases: ${pages.map((p) => `${p.id}=${p.keyphrase}`).join(", ")}`);
  if (show) console.log(`\nDisagreements:\n${disagreements.join("\n")}`);
}

function yoastVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules/yoastseo/package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "?";
  }
}

await main();
