/**
 * Faults the simulated world's web can inject, from a seeded sequence so a run's faults repeat: search answers
 * 5xx, pages answer 5xx, come slowly (`pageDelayMs`) or hang without sending headers until the client gives up,
 * and pages lie about their encoding (`pageMislabelledRate`): half of them UTF-8 bytes under a windows-1252
 * header, half windows-1252 bytes under the UTF-8 header and `<meta>` they had. That fault draws from a sequence
 * of its own, so turning it on leaves the other faults' sequence as it was. Pages also decline to be fed to
 * generative AI (`pageDeclinedRate`): a share of the paths, chosen by a hash of the path and the seed so a page
 * declines on every request, say so in one of four ways (a `Content-Usage: ai-use=n` header, an
 * `X-Robots-Tag: noai` header, a `tdm-reservation: 1` header, or a `<meta name="robots" content="noai">` in the head); `GET /stats` lists
 * those paths, so a run can check that none became a source. And robots.txt declines a share of the pages
 * (`robotsDeclinedRate`, chosen the same way from `paths()`, the pages the web serves) in its `*` group, by a
 * `Content-Signal: <path> ai-input=no` or a `Content-Usage: <path> ai-use=n` line; `/stats` lists those as
 * `robotsDeclinedPaths`, pages a crawler that honours them never requests.
 */
import { seeded } from "../lib/seeded.mjs";
import { encodeWindows1252 } from "./windows-1252.mjs";

export const WEB_FAULT_DEFAULTS = {
  searchErrorRate: 0,
  pageErrorRate: 0,
  pageSlowRate: 0,
  pageDelayMs: 0,
  pageHangRate: 0,
  pageMislabelledRate: 0,
  pageDeclinedRate: 0,
  robotsDeclinedRate: 0,
  seed: 7,
};

const RATES = new Set([
  "searchErrorRate",
  "pageErrorRate",
  "pageSlowRate",
  "pageHangRate",
  "pageMislabelledRate",
  "pageDeclinedRate",
  "robotsDeclinedRate",
]);
/** The robots.txt fault picks its paths with the path hash mixed with the seed and this. */
const ROBOTS_SEED = 0xa11;
/** The ways a declining page says so, one per path. */
const DECLINES = ["content-usage", "x-robots-tag", "tdm-reservation", "meta"];
/** The mislabelling fault's own sequence is seeded from the run's seed and this. */
const LABEL_SEED = 0x5eed;

/** A web-faults patch from outside, checked field by field: `{ error }` or `{ patch }`. */
export function checkWebPatch(patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return { error: "web faults must be an object" };
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in WEB_FAULT_DEFAULTS)) return { error: `unknown web setting ${key}` };
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      return { error: `${key} must be a number ≥ 0` };
    if (RATES.has(key) && value > 1) return { error: `${key} must be between 0 and 1` };
  }
  return { patch };
}

export function createWebFaults(settings = {}, paths = () => []) {
  let config = { ...WEB_FAULT_DEFAULTS, ...settings };
  let random = seeded(config.seed);
  let labelRandom = seeded(config.seed ^ LABEL_SEED);
  const stats = {
    searches: 0,
    searchErrors: 0,
    pages: 0,
    pageErrors: 0,
    slowPages: 0,
    hungPages: 0,
    mislabelledPages: 0,
    declinedPages: 0,
    /** Paths that declined at least once, sorted when read. */
    declinedPaths: [],
    /** Paths the robots.txt served last declined. */
    robotsDeclinedPaths: [],
  };
  const declinedPaths = new Set();
  const hung = new Set();

  /**
   * Decides the fate of one request before the fixture web answers it: true when the fault answered (or holds)
   * the response, false to let the page be served (after any delay).
   */
  async function intercept(res, pathname) {
    const search = pathname === "/search";
    if (pathname === "/robots.txt") {
      if (config.robotsDeclinedRate > 0) {
        const declined = paths()
          .filter((path) => pathShare(path, config.seed ^ ROBOTS_SEED) < config.robotsDeclinedRate)
          .sort();
        stats.robotsDeclinedPaths = declined;
        declineInRobots(res, declined);
      }
      return false;
    }
    if (search) {
      stats.searches += 1;
      if (random() < config.searchErrorRate) {
        stats.searchErrors += 1;
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" }).end("search is unavailable");
        return true;
      }
      return false;
    }
    stats.pages += 1;
    const roll = random();
    if (roll < config.pageErrorRate) {
      stats.pageErrors += 1;
      res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
      return true;
    }
    if (roll < config.pageErrorRate + config.pageHangRate) {
      stats.hungPages += 1;
      hung.add(res);
      res.once("close", () => hung.delete(res));
      return true;
    }
    if (roll < config.pageErrorRate + config.pageHangRate + config.pageSlowRate && config.pageDelayMs > 0) {
      stats.slowPages += 1;
      await new Promise((resolve) => setTimeout(resolve, config.pageDelayMs));
    }
    if (config.pageMislabelledRate > 0 && labelRandom() < config.pageMislabelledRate) {
      mislabel(res, labelRandom() < 0.5 ? "utf-8-called-windows-1252" : "windows-1252-called-utf-8", () => {
        stats.mislabelledPages += 1;
      });
    }
    // Installed after the encoding lie, so the `<meta>` goes into the text before that lie encodes it.
    const share = pathShare(pathname, config.seed);
    if (share < config.pageDeclinedRate) {
      const how = DECLINES[Math.floor((share / config.pageDeclinedRate) * DECLINES.length)] ?? "meta";
      decline(res, how, () => {
        stats.declinedPages += 1;
        declinedPaths.add(pathname);
        stats.declinedPaths = [...declinedPaths].sort();
      });
    }
    return false;
  }

  return {
    get config() {
      return config;
    },
    stats,
    intercept,
    configure(patch) {
      config = { ...config, ...patch };
      if (patch.seed !== undefined) {
        random = seeded(config.seed);
        labelRandom = seeded(config.seed ^ LABEL_SEED);
      }
    },
    /** Ends the responses still held, so the world closes at once. */
    release() {
      for (const res of hung) res.destroy();
      hung.clear();
    },
  };
}

/** Where a path falls in [0, 1) for a seed: FNV-1a over the path, mixed with the seed, the same on every request. */
function pathShare(pathname, seed) {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < pathname.length; i++) hash = Math.imul(hash ^ pathname.charCodeAt(i), 0x01000193);
  return seeded(hash >>> 0)();
}

/** Puts a line declining each path into the `*` group of the robots.txt about to be written, in either form. */
function declineInRobots(res, declined) {
  const end = res.end.bind(res);
  res.end = (body, ...rest) => {
    if (typeof body !== "string" || !declined.length) return end(body, ...rest);
    const lines = declined.map((path, i) =>
      i % 2 ? `Content-Usage: ${path} train-ai=n, ai-use=n` : `Content-Signal: ${path} search=yes, ai-input=no`,
    );
    return end(
      body.replace(/^User-agent: \*$/m, (group) => [group, ...lines].join("\n")),
      ...rest,
    );
  };
}

/**
 * Makes the HTML page about to be written decline AI use, `how` being a `Content-Usage` header, an
 * `X-Robots-Tag` header, a `tdm-reservation` header or a robots `<meta>` in the head. `declined` is called when it did (only for HTML answered
 * 200: a redirect or an error page is not a page the product could use).
 */
function decline(res, how, declined) {
  const writeHead = res.writeHead.bind(res);
  const end = res.end.bind(res);
  let html = false;
  res.writeHead = (status, headers = {}) => {
    html = status === 200 && /^text\/html/i.test(String(headers["content-type"] ?? ""));
    if (html && how === "content-usage") headers["content-usage"] = "train-ai=n, ai-use=n";
    if (html && how === "x-robots-tag") headers["x-robots-tag"] = "noimageai, noai";
    if (html && how === "tdm-reservation") headers["tdm-reservation"] = "1";
    if (html) declined();
    return writeHead(status, headers);
  };
  res.end = (body, ...rest) => {
    if (!html || how !== "meta" || typeof body !== "string") return end(body, ...rest);
    return end(body.replace(/<head>/i, '<head><meta name="robots" content="noai">'), ...rest);
  };
}

/**
 * Makes the HTML response about to be written lie about its encoding: UTF-8 bytes sent under a windows-1252
 * header, or the text sent as windows-1252 bytes under the UTF-8 header (and `<meta>`) it already carries.
 * `lied` is called when it did: not for a response that is not UTF-8 HTML, or whose text has a character
 * windows-1252 cannot hold (that one goes out as it was).
 */
function mislabel(res, lie, lied) {
  const writeHead = res.writeHead.bind(res);
  const end = res.end.bind(res);
  let html = false;
  res.writeHead = (status, headers = {}) => {
    const type = String(headers["content-type"] ?? "");
    html = /^text\/html;\s*charset=utf-8$/i.test(type);
    if (html && lie === "utf-8-called-windows-1252") {
      headers["content-type"] = "text/html; charset=windows-1252";
      lied();
    }
    return writeHead(status, headers);
  };
  res.end = (body, ...rest) => {
    const bytes = html && lie === "windows-1252-called-utf-8" && typeof body === "string" && encodeWindows1252(body);
    if (!bytes) return end(body, ...rest);
    lied();
    return end(bytes, ...rest);
  };
}
