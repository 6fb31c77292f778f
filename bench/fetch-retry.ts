/**
 * npm run bench:fetch-retry [-- --error-rate 0.3 --rounds 20 --seed 11]
 *
 * What the fetcher's one retry of a page that answers 502/503/429 is worth: the simulated world's web (on
 * 127.0.0.1) answers that share of page requests with a 502, and the fixture pages search finds are read `rounds`
 * times each, once by a fetcher that never asks again and once by one that does. It prints, for each, the pages
 * read and the reasons of the rest. The members-only page robots.txt forbids fails both ways.
 */
import { readOptions } from "../scripts/lib/cli.mjs";
import { startWorld } from "../scripts/world/server.mjs";
import { HostPacer } from "../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../src/adapters/fetch/page-fetcher";

const USAGE = "npm run bench:fetch-retry -- [--error-rate 0.3] [--rounds 20] [--seed 11]";
const { values } = readOptions(
  {
    options: {
      "error-rate": { type: "string", default: "0.3" },
      rounds: { type: "string", default: "20" },
      seed: { type: "string", default: "11" },
    },
  },
  USAGE,
);
const errorRate = Number(values["error-rate"]);
const rounds = Number(values.rounds);
const world = await startWorld({ port: 0, web: { pageErrorRate: errorRate, seed: Number(values.seed) } });
try {
  const host = new URL(world.url).host;
  const found = (await (await fetch(`${world.url}/search?q=raised+bed&format=json`)).json()) as {
    results: { url: string }[];
  };
  const urls = found.results.map((r) => r.url);
  for (const [label, retryMaxWaitMs] of [
    ["never asked again", 0],
    ["asked once more", 5_000],
  ] as const) {
    const fetcher = new SafePageFetcher({
      fetch: (url, init) => fetch(url, init),
      userAgent: "OptiBlogEdge/0.1",
      allow: new Set([host]),
      pacer: new HostPacer(0),
      retryMaxWaitMs,
    });
    let read = 0;
    const reasons: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      for (const url of urls) {
        const outcome = await fetcher.fetch(url);
        if (outcome.ok) read++;
        else reasons[outcome.reason] = (reasons[outcome.reason] ?? 0) + 1;
      }
    }
    const total = rounds * urls.length;
    console.log(
      `${label}: ${read} of ${total} pages read (${((100 * read) / total).toFixed(1)}%); not read: ${JSON.stringify(reasons)}`,
    );
  }
} finally {
  await world.close();
}
