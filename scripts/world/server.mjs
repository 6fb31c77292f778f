import { createServer } from "node:http";
import { createFixtureHandler } from "../../fixtures/lib/app.mjs";
import { createProvider } from "./provider.mjs";
import { checkWebPatch, createWebFaults } from "./web-faults.mjs";

/**
 * The simulated world on one 127.0.0.1 port: the fixture web (SearXNG-compatible `/search` and its pages) and
 * OpenAI-compatible providers at `/llm/<name>/v1`. `POST /config` changes providers and the web's faults live
 * (`{"providers": {"<name>": {"rpm": 30, "errorRate": 0.2}}, "web": {"searchErrorRate": 0.1}}`); `GET /stats`
 * counts what each provider served and which faults the web injected.
 * `webLog` lists every request the fixture web received, with its monotonic time in ms.
 */

export const DEFAULT_PROVIDERS = {
  alpha: { rpm: 60, tpm: 1_000_000, seed: 1 },
  beta: { rpm: 30, tpm: 1_000_000, seed: 2 },
};

const MAX_BODY = 4 * 1024 * 1024;

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res, status, value) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(value));
}

const NUMERIC = [
  "rpm",
  "tpm",
  "burstSeconds",
  "ttftMs",
  "tokensPerSecond",
  "errorRate",
  "malformedRate",
  "jsonCheckRate",
  "badCitationRate",
  "runawayRate",
  "seed",
];
const RATES = new Set(["errorRate", "malformedRate", "jsonCheckRate", "badCitationRate", "runawayRate"]);

/** A provider patch from outside, checked field by field; returns an error message or the patch. */
function checkPatch(patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch))
    return { error: "a provider's settings must be an object" };
  const out = {};
  for (const [key, value] of Object.entries(patch)) {
    if (NUMERIC.includes(key)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        return { error: `${key} must be a number ≥ 0` };
      if (RATES.has(key) && value > 1) return { error: `${key} must be between 0 and 1` };
      if ((key === "rpm" || key === "tpm" || key === "tokensPerSecond") && value === 0)
        return { error: `${key} must be > 0` };
      out[key] = value;
    } else if (key === "modes") {
      const modes = ["json_schema", "json_object", "tool"];
      if (!Array.isArray(value) || !value.every((m) => modes.includes(m)))
        return { error: `modes must list ${modes.join(", ")}` };
      out.modes = value;
    } else if (key === "model") {
      if (typeof value !== "string") return { error: "model must be a string" };
      out.model = value;
    } else return { error: `unknown setting ${key}` };
  }
  return { patch: out };
}

export async function startWorld({
  port = 0,
  host = "127.0.0.1",
  providers = DEFAULT_PROVIDERS,
  web = {},
  pagesDir,
} = {}) {
  const fixtures = createFixtureHandler(pagesDir ? { pagesDir } : {});
  const webFaults = createWebFaults(web, () => fixtures.catalog.pages.map((page) => page.path));
  const settings = () => ({
    providers: Object.fromEntries([...llm].map(([name, p]) => [name, p.config])),
    web: webFaults.config,
  });
  const llm = new Map(Object.entries(providers).map(([name, settings]) => [name, createProvider(name, settings)]));
  let origin = "";
  /** Every request the fixture web received: when (ms, monotonic) and what, for politeness checks. */
  const webLog = [];

  async function handle(req, res) {
    const url = new URL(req.url ?? "/", origin);
    const match = url.pathname.match(/^\/llm\/([^/]+)(\/.*)$/);
    if (match) {
      const provider = llm.get(match[1]);
      if (!provider) return sendJson(res, 404, { error: { message: `no provider ${match[1]}` } });
      const body = req.method === "POST" ? await readBody(req) : undefined;
      const response = await provider.fetch(new Request(new URL(match[2], origin), { method: req.method, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      return res.end(Buffer.from(await response.arrayBuffer()));
    }
    if (url.pathname === "/stats" && req.method === "GET") {
      return sendJson(res, 200, {
        providers: Object.fromEntries([...llm].map(([name, p]) => [name, p.stats])),
        web: webFaults.stats,
      });
    }
    if (url.pathname === "/config") {
      if (req.method === "GET") return sendJson(res, 200, settings());
      if (req.method !== "POST") return sendJson(res, 405, { error: { message: "GET or POST" } });
      let body;
      try {
        body = JSON.parse((await readBody(req)).toString("utf8"));
      } catch {
        return sendJson(res, 400, { error: { message: "the body is not JSON" } });
      }
      const patches = Object.entries(body?.providers ?? {});
      for (const [name, patch] of patches) {
        if (!llm.has(name)) return sendJson(res, 404, { error: { message: `no provider ${name}` } });
        const checked = checkPatch(patch);
        if (checked.error) return sendJson(res, 400, { error: { message: `${name}: ${checked.error}` } });
      }
      const webPatch = body?.web === undefined ? undefined : checkWebPatch(body.web);
      if (webPatch?.error) return sendJson(res, 400, { error: { message: `web: ${webPatch.error}` } });
      for (const [name, patch] of patches) llm.get(name).configure(checkPatch(patch).patch);
      if (webPatch) webFaults.configure(webPatch.patch);
      return sendJson(res, 200, settings());
    }
    webLog.push({ at: performance.now(), path: url.pathname });
    if (webLog.length > 100_000) webLog.splice(0, webLog.length - 100_000);
    if (await webFaults.intercept(res, url.pathname)) return;
    return fixtures.handle(req, res, origin);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error?.message ?? error) } });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  origin = `http://${host}:${server.address().port}`;
  return {
    url: origin,
    port: server.address().port,
    catalog: fixtures.catalog,
    /** The `baseUrl` of one provider, for `LLM_PROVIDERS`. */
    providerUrl: (name) => `${origin}/llm/${name}/v1`,
    providers: llm,
    webLog,
    close: () =>
      new Promise((resolve) => {
        webFaults.release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
