import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld } from "../../scripts/world/server.mjs";
import { decodeHtml } from "../../src/core/research/charset";
import {
  aiUseOfMeta,
  aiUseOfRobots,
  aiUseOfRobotsTag,
  aiUseOfTdmHeader,
  aiUseOfUsage,
  combineAiUse,
  parseUsageRules,
} from "../../src/core/research/usage-preferences";

type World = Awaited<ReturnType<typeof startWorld>>;
// biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field
const json = async (response: Response): Promise<any> => response.json();
let world: World;

beforeAll(async () => {
  world = await startWorld({
    port: 0,
    providers: { fast: { rpm: 6000, ttftMs: 0, tokensPerSecond: 1e9 }, tight: { rpm: 6, burstSeconds: 10, ttftMs: 0 } },
  });
});
afterAll(async () => {
  await world?.close();
});

const chat = (provider: string, body: Record<string, unknown> = {}) =>
  fetch(`${world.providerUrl(provider)}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "m",
      max_tokens: 100,
      messages: [
        {
          role: "user",
          content:
            'Write the body of the section "Soil" in about 40 words.\nEvidence (cite with the number in brackets):\n[2] Raised beds warm up faster in spring than the ground around them. They also drain well after rain.\nJSON: {"body"}',
        },
      ],
      response_format: { type: "json_object" },
      ...body,
    }),
  });

describe("the simulated world", () => {
  it("serves the fixture web's search and pages on the same port", async () => {
    const answer = await json(await fetch(`${world.url}/search?q=raised+bed&format=json`));
    expect(answer.results.length).toBeGreaterThan(0);
    const page = await fetch(answer.results[0].url);
    expect(page.status).toBe(200);
    expect(new URL(answer.results[0].url).origin).toBe(world.url);
  });

  it("answers with JSON built from the prompt's sentences and markers", async () => {
    const response = await chat("fast");
    expect(response.status).toBe(200);
    const body = await json(response);
    const answer = JSON.parse(body.choices[0].message.content);
    expect(answer.body).toContain("Raised beds warm up faster in spring than the ground around them [2].");
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("6000");
  });

  it("answers 429 with retry-after once its requests per minute are spent", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3; i += 1) {
      const response = await chat("tight");
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 429, 429]);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited?.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("rejects a structured-output mode it is configured not to serve, live", async () => {
    const set = await fetch(`${world.url}/config`, {
      method: "POST",
      body: JSON.stringify({ providers: { fast: { modes: ["json_object"] } } }),
    });
    expect(set.status).toBe(200);
    const rejected = await chat("fast", {
      response_format: { type: "json_schema", json_schema: { name: "x", schema: {} } },
    });
    expect(rejected.status).toBe(400);
    expect((await json(rejected)).error.param).toBe("response_format");
    const bad = await fetch(`${world.url}/config`, {
      method: "POST",
      body: JSON.stringify({ providers: { fast: { errorRate: 3 } } }),
    });
    expect(bad.status).toBe(400);
  });

  it("fails at its configured error rate and counts it", async () => {
    await fetch(`${world.url}/config`, {
      method: "POST",
      body: JSON.stringify({ providers: { fast: { errorRate: 1, modes: ["json_object"] } } }),
    });
    expect((await chat("fast")).status).toBe(500);
    const stats = await json(await fetch(`${world.url}/stats`));
    expect(stats.providers.fast.errors).toBe(1);
    expect(stats.providers.tight.rateLimited).toBe(2);
    expect(stats.providers.fast.rejectedMode).toBe(1);
  });

  it("lies about pages' encodings both ways at its configured rate, and the product reads them right", async () => {
    const page = `${world.url}/garden/raised-bed-cost-breakdown`;
    const truthful = await (await fetch(page)).text();
    expect(truthful).toContain("×");
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { pageMislabelledRate: 1 } }) });
    const lies = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const answer = await fetch(page);
      const type = answer.headers.get("content-type");
      const bytes = new Uint8Array(await answer.arrayBuffer());
      const asLabelled = new TextDecoder(type?.includes("windows-1252") ? "windows-1252" : "utf-8").decode(bytes);
      expect(asLabelled).not.toBe(truthful);
      lies.add(type?.includes("windows-1252") ? "utf-8 called windows-1252" : "windows-1252 called utf-8");
      expect(decodeHtml(bytes, type)).toBe(truthful);
    }
    expect([...lies].sort()).toEqual(["utf-8 called windows-1252", "windows-1252 called utf-8"]);
    const stats = await json(await fetch(`${world.url}/stats`));
    expect(stats.web.mislabelledPages).toBe(8);
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { pageMislabelledRate: 0 } }) });
    expect(await (await fetch(page)).text()).toBe(truthful);
  });

  it("declines AI use on a share of the paths, the same paths every time, in all four ways", async () => {
    const every = (world.catalog.pages as { path: string }[]).map((page) => page.path);
    expect(every.length).toBeGreaterThan(10);
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { pageDeclinedRate: 1 } }) });
    const ways = new Set<string>();
    for (const path of every) {
      const answer = await fetch(`${world.url}${path}`);
      const text = await answer.text();
      const usage = answer.headers.get("content-usage");
      const tag = answer.headers.get("x-robots-tag");
      const tdm = answer.headers.get("tdm-reservation");
      const meta = text.includes('<meta name="robots" content="noai">');
      expect([usage, tag, tdm, meta].filter(Boolean), path).toHaveLength(1);
      ways.add(usage ? "content-usage" : tag ? "x-robots-tag" : tdm ? "tdm-reservation" : "meta");
      // What the product reads of it: every one declines.
      const aiUse = combineAiUse(
        aiUseOfUsage(usage, "header"),
        aiUseOfRobotsTag(tag, "OptiBlogEdge/0.1"),
        aiUseOfMeta(text, "OptiBlogEdge/0.1"),
        aiUseOfTdmHeader(tdm),
      );
      expect(aiUse.preference, path).toBe("disallow");
    }
    expect(ways.size).toBe(4);
    // At a share below 1 the same paths decline on every request, and /stats lists them.
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { pageDeclinedRate: 0.5 } }) });
    const declining = async () => {
      const out: string[] = [];
      for (const path of every) {
        const answer = await fetch(`${world.url}${path}`);
        const text = await answer.text();
        if (
          answer.headers.has("content-usage") ||
          answer.headers.has("x-robots-tag") ||
          text.includes('content="noai"')
        )
          out.push(path);
      }
      return out;
    };
    const first = await declining();
    expect(await declining()).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(every.length);
    const stats = await json(await fetch(`${world.url}/stats`));
    expect(stats.web.declinedPaths).toEqual([...every].sort());
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { pageDeclinedRate: 0 } }) });
  });

  it("declines a share of the pages in robots.txt's * group, in both forms, and lists them", async () => {
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { robotsDeclinedRate: 0.5 } }) });
    const robots = await (await fetch(`${world.url}/robots.txt`)).text();
    const stats = await json(await fetch(`${world.url}/stats`));
    const declined: string[] = stats.web.robotsDeclinedPaths;
    const every = (world.catalog.pages as { path: string }[]).map((page) => page.path);
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.length).toBeLessThan(every.length);
    const rules = parseUsageRules(robots);
    for (const path of every) {
      const expected = declined.includes(path) ? "disallow" : "unknown";
      expect(aiUseOfRobots(rules, "OptiBlogEdge/0.1", path).preference, path).toBe(expected);
    }
    expect(robots).toMatch(/Content-Signal: \/\S+ search=yes, ai-input=no/);
    expect(robots).toMatch(/Content-Usage: \/\S+ train-ai=n, ai-use=n/);
    // The other crawlers' group is left as it was.
    expect(robots).toContain("User-agent: BadBot\nDisallow: /");
    await fetch(`${world.url}/config`, { method: "POST", body: JSON.stringify({ web: { robotsDeclinedRate: 0 } }) });
    expect(await (await fetch(`${world.url}/robots.txt`)).text()).not.toContain("Content-");
  });
});
