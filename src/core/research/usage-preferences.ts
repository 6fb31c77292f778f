/**
 * What a site says about its content being fed to a generative AI model, which is what writing an article from
 * it with an LLM does. Two statements are read, and the most restrictive wins, as the IETF AI preferences
 * vocabulary combines them:
 * - `Content-Usage` (the IETF AI preferences drafts): a robots.txt rule `Content-Usage: <path> <preferences>`
 *   and an HTTP response header of the same name, whose preferences are a dictionary such as
 *   `train-ai=n, ai-use=n`; `ai-use` is the category for input to a generative model;
 * - `Content-Signal` (the Content Signals policy many sites' robots.txt carries): `Content-Signal: search=yes,
 *   ai-input=no`; `ai-input` is the same use.
 * Training (`train-ai`, `ai-train`) and search preferences say nothing about this use and are not read.
 *
 * A third statement is older and less precise: the robots directive `noai`, in an `X-Robots-Tag` header or a
 * `<meta name="robots">` (or a `<meta>` named for this crawler). It was introduced for datasets that train
 * models, but sites write it to say "not for AI" at all, and nothing in it allows this use, so it is read as
 * declining it: a source lost is a smaller harm than a page used against its author's stated wish. A fourth is
 * the TDM Reservation Protocol's `tdm-reservation: 1` (header or `<meta>`), the opt-out from text and data mining
 * that EU law gives rights holders.
 */
import { metaTags } from "./meta-prescan";

export type Preference = "allow" | "disallow" | "unknown";

export interface AiUse {
  preference: Preference;
  /** Where a disallow came from, for the source's rejection detail. */
  via?: string;
}

const UNKNOWN: AiUse = { preference: "unknown" };
/** A dictionary key: lowercase, as the format is case sensitive. */
const KEY = /^[a-z*][a-z0-9_\-.*]*$/;
const TOKEN = /^[A-Za-z*][!#$%&'*+\-.^_`|~:/A-Za-z0-9]*$/;

/**
 * The `y`/`n` preferences of a usage dictionary (`train-ai=y, ai-use=n`), parameters ignored, the last of a
 * repeated key winning; undefined when the text is not a dictionary, which makes every preference unknown.
 * Values other than the tokens `y` and `n` are kept as they are and mean "unknown".
 */
export function usageDictionary(text: string): Map<string, string> | undefined {
  const entries = new Map<string, string>();
  if (!text.trim()) return entries;
  for (const member of text.split(",")) {
    const [item = "", ...parameters] = member.split(";");
    const equals = item.indexOf("=");
    const key = (equals < 0 ? item : item.slice(0, equals)).trim();
    const value = equals < 0 ? "?1" : item.slice(equals + 1).trim();
    if (!KEY.test(key) || !value) return undefined;
    if (!value.startsWith('"') && !value.startsWith("?") && !/^-?\d/.test(value) && !TOKEN.test(value))
      return undefined;
    if (parameters.some((parameter) => !parameter.trim())) return undefined;
    entries.set(key, value);
  }
  return entries;
}

/** The `ai-use` preference of a `Content-Usage` header (or rule) value. */
export function aiUseOfUsage(text: string | null | undefined, via: string): AiUse {
  const value = usageDictionary(text ?? "")?.get("ai-use");
  if (value === "n") return { preference: "disallow", via };
  return value === "y" ? { preference: "allow" } : UNKNOWN;
}

/** The `ai-input` preference of a `Content-Signal` value (`search=yes, ai-input=no`), read leniently. */
export function aiUseOfSignal(text: string, via: string): AiUse {
  let found: string | undefined;
  for (const member of text.split(",")) {
    const [key, value] = member.split("=").map((part) => part.trim().toLowerCase());
    if (key === "ai-input" && (value === "yes" || value === "no")) found = value;
  }
  if (found === "no") return { preference: "disallow", via };
  return found === "yes" ? { preference: "allow" } : UNKNOWN;
}

/** Several statements as one: any disallow wins, then any allow, else unknown. */
export function combineAiUse(...statements: AiUse[]): AiUse {
  return (
    statements.find((s) => s.preference === "disallow") ?? statements.find((s) => s.preference === "allow") ?? UNKNOWN
  );
}

interface UsageRule {
  kind: "usage" | "signal";
  /** Path pattern with robots.txt's `*` and closing `$`. */
  path: string;
  value: string;
}

/**
 * The usage rules of a robots.txt, by the user-agent group they are in (`""`: before any group, for all); every
 * agent a group names is there, with no rules where its group states none.
 */
export type UsageRules = Map<string, UsageRule[]>;

/**
 * Reads the `Content-Usage` and `Content-Signal` lines of a robots.txt into their groups, grouped as RFC 9309
 * groups rules: consecutive `User-agent` lines open one group. A line without a path (`Content-Signal:
 * ai-input=no`, the usual form) covers the whole site.
 */
export function parseUsageRules(robotsTxt: string): UsageRules {
  const groups: UsageRules = new Map();
  let agents: string[] = [""];
  let inAgents = false;
  for (const raw of robotsTxt.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*/, "");
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === "user-agent") {
      if (!inAgents) agents = [];
      const agent = productToken(value);
      agents.push(agent);
      // A group is there for its agents with or without preferences in it: it stands in for the * group.
      if (!groups.has(agent)) groups.set(agent, []);
      inAgents = true;
      continue;
    }
    inAgents = false;
    if (field !== "content-usage" && field !== "content-signal") continue;
    const pathless = !value.startsWith("/");
    const split = pathless ? -1 : value.search(/[ \t]/);
    const path = pathless ? "/" : comparablePath(split < 0 ? value : value.slice(0, split));
    const rule: UsageRule = {
      kind: field === "content-usage" ? "usage" : "signal",
      path,
      value: pathless ? value : split < 0 ? "" : value.slice(split).trim(),
    };
    for (const agent of agents) {
      const rules = groups.get(agent);
      if (rules) rules.push(rule);
      else groups.set(agent, [rule]);
    }
  }
  return groups;
}

/**
 * The `ai-use` preference robots.txt states for one path (and query) for this crawler: the rules of the group
 * that names the crawler's product token (even a group with none of these rules), else of the `*` group, with
 * those before any group; of each kind,
 * the rules with the longest matching path apply, combined.
 */
export function aiUseOfRobots(rules: UsageRules, userAgent: string, pathAndQuery: string): AiUse {
  const own = rules.get(productToken(userAgent));
  const group = [...(rules.get("") ?? []), ...(own ?? rules.get("*") ?? [])];
  const statements: AiUse[] = [];
  const target = comparablePath(pathAndQuery);
  for (const kind of ["usage", "signal"] as const) {
    const matching = group.filter((rule) => rule.kind === kind && pathMatches(rule.path, target));
    const longest = Math.max(-1, ...matching.map((rule) => rule.path.length));
    for (const rule of matching.filter((r) => r.path.length === longest)) {
      const label = `robots.txt "${kind === "usage" ? "Content-Usage" : "Content-Signal"}: ${rule.path === "/" ? "" : `${rule.path} `}${rule.value}"`;
      statements.push(kind === "usage" ? aiUseOfUsage(rule.value, label) : aiUseOfSignal(rule.value, label));
    }
  }
  return combineAiUse(...statements);
}

/**
 * A path as RFC 9309 compares paths: characters outside ASCII percent-encoded (UTF-8), and every escape in upper
 * case, so `/café/`, `/caf%c3%a9/` and `/caf%C3%A9/` in a rule or an address are one path (as the `Disallow`
 * rules read them).
 */
export function comparablePath(path: string): string {
  let encoded = path;
  try {
    encoded = encodeURI(path).replace(/%25([0-9A-Fa-f]{2})/g, "%$1");
  } catch {
    // a lone surrogate: compared as written
  }
  return encoded.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toUpperCase());
}

/** A user agent's product token, lowercased: `OptiBlogEdge/0.1 (+…)` is `optiblogedge`. */
function productToken(userAgent: string): string {
  return (userAgent.split("/")[0] ?? "").trim().toLowerCase();
}

/**
 * robots.txt path matching: a prefix match where `*` is any run of characters and a closing `$` anchors the end.
 * It keeps the set of path lengths the pattern so far can match (as RFC 9309's reference matcher does), so a
 * pattern of many `*` costs at most its length times the path's, where a regular expression could backtrack
 * without end on a hostile file.
 */
export function pathMatches(pattern: string, path: string): boolean {
  let lengths = [0];
  for (let p = 0; p < pattern.length; p++) {
    const ch = pattern[p];
    if (ch === "$" && p === pattern.length - 1) return lengths.includes(path.length);
    if (ch === "*") {
      const from = lengths[0] ?? 0;
      lengths = Array.from({ length: path.length - from + 1 }, (_, i) => from + i);
      continue;
    }
    lengths = lengths.filter((at) => at < path.length && path[at] === ch).map((at) => at + 1);
    if (lengths.length === 0) return false;
  }
  return true;
}

/** Robots directives that take a value after a colon, which a user-agent prefix must not be mistaken for. */
const VALUED_DIRECTIVES = new Set(["max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"]);

/**
 * Whether robots directives (`noindex, noai`) hold `noai` for this crawler: a `googlebot: noindex` style prefix
 * names the crawler the directives after it are for, until the next prefix; directives without one are for all.
 * Several headers joined by commas read as one list, as `Headers.get` gives them.
 */
function robotsDirectivesDeclineAi(value: string, userAgent: string): boolean {
  const own = productToken(userAgent);
  let agent = "*";
  for (const part of value.split(",")) {
    let directive = part.trim().toLowerCase();
    const prefix = /^([a-z][\w.-]*)\s*:\s*([\s\S]*)$/.exec(directive);
    if (prefix && !VALUED_DIRECTIVES.has(prefix[1] ?? "")) {
      agent = prefix[1] ?? "*";
      directive = prefix[2] ?? "";
    }
    if (directive === "noai" && (agent === "*" || agent === own)) return true;
  }
  return false;
}

/** The `noai` directive of a page's `X-Robots-Tag` header(s). */
export function aiUseOfRobotsTag(value: string | null | undefined, userAgent: string): AiUse {
  return value && robotsDirectivesDeclineAi(value, userAgent)
    ? { preference: "disallow", via: `"X-Robots-Tag: ${value.trim().slice(0, 120)}" header` }
    : UNKNOWN;
}

/** How far into a document its `<meta>` robots directives are looked for: they belong in the head. */
const HEAD_LIMIT = 256 * 1024;

/**
 * What a page's `<meta>` tags in its head say of this use: the `noai` directive of a `<meta name="robots">` or
 * `<meta name="<crawler>">`, or a TDM reservation (`<meta name="tdm-reservation" content="1">`). Read from the
 * text before `<body>` (at most the first 256 KB) without parsing the page.
 */
export function aiUseOfMeta(html: string, userAgent: string): AiUse {
  const head = html.slice(0, HEAD_LIMIT);
  const body = bodyStart(head);
  const own = productToken(userAgent);
  for (const attributes of metaTags(body < 0 ? head : head.slice(0, body))) {
    const name = attributes.get("name")?.trim().toLowerCase();
    const content = attributes.get("content");
    if (!content) continue;
    const declines =
      name === "tdm-reservation"
        ? content.trim() === "1"
        : (name === "robots" || name === own) && robotsDirectivesDeclineAi(content, "*");
    if (declines)
      return { preference: "disallow", via: `<meta name="${name}" content="${content.trim().slice(0, 120)}">` };
  }
  return UNKNOWN;
}

/**
 * Where the body begins: the first `<body>` tag that is markup, not text in a comment, a script or a style element
 * (`var t = "<body class=x>"` in a head script is not the body). -1 when there is none. One pass, no backtracking.
 */
function bodyStart(html: string): number {
  const text = html.toLowerCase();
  let at = 0;
  for (;;) {
    const open = text.indexOf("<", at);
    if (open < 0) return -1;
    if (text.startsWith("<!--", open)) {
      const end = text.indexOf("-->", open + 4);
      if (end < 0) return -1;
      at = end + 3;
      continue;
    }
    const raw = text.startsWith("<script", open) ? "script" : text.startsWith("<style", open) ? "style" : "";
    if (raw && isTagNameEnd(text[open + raw.length + 1])) {
      const end = text.indexOf(`</${raw}`, open + raw.length + 1);
      if (end < 0) return -1;
      at = end + raw.length + 2;
      continue;
    }
    if (text.startsWith("<body", open) && isTagNameEnd(text[open + 5])) return open;
    at = open + 1;
  }
}

function isTagNameEnd(character: string | undefined): boolean {
  return (
    character === ">" ||
    character === "/" ||
    character === " " ||
    character === "\t" ||
    character === "\n" ||
    character === "\r" ||
    character === "\f"
  );
}

/**
 * A TDM reservation (the W3C TDM Reservation Protocol, how a site opts out of text and data mining under EU law):
 * `tdm-reservation: 1` reserves the rights, and reading pages by machine to write from them is such mining. A
 * `tdm-policy` naming a licence changes nothing here: this crawler holds none.
 */
export function aiUseOfTdmHeader(value: string | null | undefined): AiUse {
  return value?.trim() === "1" ? { preference: "disallow", via: '"tdm-reservation: 1" header' } : UNKNOWN;
}
