import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/context";
import { problem } from "../http/problem";

/** With the u flag a surrogate pair is one code point, so this finds only a surrogate standing alone. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
/** The JSON declarations the routes' request validator reads as JSON (its own pattern). */
const VALIDATOR_READS = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * JSON request bodies are UTF-8 text (RFC 8259): a body declared in another charset is 415, and one whose bytes
 * are not UTF-8, or whose strings are not Unicode text (a lone surrogate, which JSON can write as an escape), is
 * 400. Decoded leniently, either was stored with U+FFFD in place of what was sent, and a lone surrogate was
 * written differently to the event log and to D1. A body that is not JSON at all is left to the route's own
 * validation, which says so.
 */
export function jsonText(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header("content-type");
    if (!type || !WITH_BODY.has(c.req.method)) return next();
    const [essence = "", ...parameters] = type.split(";").map((part) => part.trim().toLowerCase());
    if (essence !== "application/json" && !essence.endsWith("+json")) return next();
    const charset = parameters
      .find((parameter) => parameter.startsWith("charset="))
      ?.slice("charset=".length)
      .replace(/^"|"$/g, "");
    if (charset && charset !== "utf-8" && charset !== "utf8") {
      return problem(c, 415, "unsupported-media-type", `JSON is read as UTF-8, not as ${charset.slice(0, 40)}`);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await c.req.arrayBuffer());
    } catch {
      return problem(c, 400, "bad-request", "The request body is not valid UTF-8");
    }
    // Only an escape can write a lone surrogate: UTF-8 cannot, and the decoder above refused what is not UTF-8.
    if (text.includes("\\u") && holdsLoneSurrogate(text)) {
      return problem(
        c,
        400,
        "bad-request",
        "The request body holds a string that is not Unicode text (a lone surrogate)",
      );
    }
    // The routes' validator reads only `type/subtype; name=value; …` with no space before a ";" and no empty
    // parameter: a declaration RFC 9110 allows in another spelling (`application/json ; charset=utf-8`,
    // `application/json;`) was a 415. The request goes on declared in the spelling it reads.
    if (!VALIDATOR_READS.test(type)) {
      const headers = new Headers(c.req.raw.headers);
      headers.set("content-type", essence + (charset ? "; charset=utf-8" : ""));
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: text });
    }
    return next();
  };
}

function holdsLoneSurrogate(text: string): boolean {
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (LONE_SURROGATE.test(key) || (typeof value === "string" && LONE_SURROGATE.test(value))) found = true;
      return value;
    });
  } catch {
    return false;
  }
  return found;
}
