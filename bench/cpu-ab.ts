/**
 * npm run bench:cpu:ab [-- --against main --articles 100]
 *
 * The CPU of one article's work, as `npm run bench:cpu` measures it, on this checkout against another commit, in
 * one process, the two alternating article by article so that both meet the same load at the same moment: on a
 * shared machine the load moves between two runs by more than most changes save. An article's CPU here is the
 * main thread's (`process.threadCpuUsage()`), without the garbage collector's and the compiler's helper threads,
 * whose share grows with the load. The order in which one process loads the two can favour one side by a few per
 * cent, so two processes run, each loading the other side first, and the ratio given is the geometric mean of
 * theirs. The other commit's tree is taken with `git archive` into a temporary directory that shares this
 * checkout's node_modules. Nothing is written but the printed figures.
 */
import { execFileSync, execSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readOptions } from "../scripts/lib/cli.mjs";
import { type ArticleModules, articleWork, pagesByTopic, TOPICS } from "./lib/article-work";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "npm run bench:cpu:ab -- [--against main] [--articles 100]";
const { values } = readOptions(
  {
    options: {
      against: { type: "string", default: "main" },
      articles: { type: "string", default: "100" },
      /** Set by the parent run: the two trees to load, in this order. */
      trees: { type: "string" },
    },
  },
  USAGE,
);

type Side = { tree: string; medianMs: number; meanMs: number };

/** One article's work from a tree's own modules, as bench/cpu.ts does it; its main-thread CPU in ms. */
async function treeWork(tree: string) {
  const load = (path: string) => import(pathToFileURL(join(tree, path)).href);
  const { UrlListSearch } = await load("src/adapters/search/urls.ts");
  const { EventDataSchemas } = await load("src/core/jobs/events.ts");
  const { renderHtml, renderJson, renderMarkdown } = await load("src/core/render/index.ts");
  const { runResearch } = await load("src/core/research/stage.ts");
  const { ExtractiveWriter } = await load("src/core/writing/extractive/index.ts");
  const { writeAndAssess } = await load("bench/lib/fixture-job.ts");
  const work = articleWork({
    UrlListSearch,
    EventDataSchemas,
    renderHtml,
    renderJson,
    renderMarkdown,
    runResearch,
    ExtractiveWriter,
    writeAndAssess,
  } as ArticleModules);
  return async (keyword: string, pages: Map<string, string>): Promise<number> => {
    const started = process.threadCpuUsage();
    await work(keyword, pages);
    const used = process.threadCpuUsage(started);
    return (used.user + used.system) / 1000;
  };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

/** The child run: both trees loaded in the given order, then alternating article by article. */
async function measure(trees: string[], articles: number): Promise<Side[]> {
  const topics = await pagesByTopic(10);
  const work = [];
  for (const tree of trees) work.push(await treeWork(tree));
  const times = trees.map(() => [] as number[]);
  // The first round of each topic is a warm-up, as in bench:cpu.
  for (let i = 0; i < articles + TOPICS.length; i++) {
    const keyword = TOPICS[i % TOPICS.length] as string;
    const pages = topics.get(keyword) as Map<string, string>;
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const side of order) {
      const ms = await (work[side] as (k: string, p: Map<string, string>) => Promise<number>)(keyword, pages);
      if (i >= TOPICS.length) times[side]?.push(ms);
    }
  }
  return trees.map((tree, i) => {
    const list = times[i] ?? [];
    return { tree, medianMs: round(median(list)), meanMs: round(list.reduce((a, b) => a + b, 0) / list.length) };
  });
}

if (values.trees) {
  console.log(JSON.stringify(await measure(values.trees.split(","), Number(values.articles))));
} else {
  const other = mkdtempSync(join(tmpdir(), "optiblog-ab-"));
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", values.against], { cwd: root }).toString().trim();
    execSync(`git archive ${commit} | tar -x -C ${JSON.stringify(other)}`, { cwd: root });
    symlinkSync(join(root, "node_modules"), join(other, "node_modules"));
    const run = (trees: string[]) =>
      (
        JSON.parse(
          execFileSync(
            process.execPath,
            [
              ...process.execArgv,
              fileURLToPath(import.meta.url),
              "--trees",
              trees.join(","),
              "--articles",
              values.articles,
            ],
            { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
          ).toString(),
        ) as Side[]
      ).map((side) => ({ ...side, tree: side.tree === root ? "this checkout" : commit }));
    const runs = [run([other, root]), run([root, other])];
    const ratio = (key: "medianMs" | "meanMs") =>
      Math.sqrt(
        runs
          .map(
            (sides) =>
              (sides.find((s) => s.tree === "this checkout")?.[key] ?? 0) /
              (sides.find((s) => s.tree === commit)?.[key] ?? 1),
          )
          .reduce((a, b) => a * b, 1),
      );
    for (const [i, sides] of runs.entries())
      console.log(
        `run ${i + 1} (${sides[0]?.tree} loaded first): ${sides.map((s) => `${s.tree} median ${s.medianMs} ms, mean ${s.meanMs} ms`).join("; ")}`,
      );
    console.log(
      `this checkout / ${commit}, main-thread CPU per article over ${values.articles} articles each: median ${ratio("medianMs").toFixed(3)}, mean ${ratio("meanMs").toFixed(3)}`,
    );
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
}
