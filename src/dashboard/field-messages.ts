import type { z } from "zod";
import { ArticleOptionsSchema } from "../core/article/options";
import { ArticleRequestSchema } from "../core/jobs/request";

/**
 * The API's validation errors (a field path and a zod issue code) told the way a person would say them.
 * Limits are read from the request schema itself, so a message cannot drift from what the API enforces.
 */
const request = ArticleRequestSchema.shape;
const options = ArticleOptionsSchema.shape;

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: unknown;
  inclusive?: boolean;
}

const LIMIT_CHECKS = {
  minimum: { length: "min_length", value: "greater_than" },
  maximum: { length: "max_length", value: "less_than" },
} as const;

/** An inclusive bound of a string's or list's length or of a number, from the schema's own checks. */
function limit(schema: z.ZodType, bound: "minimum" | "maximum"): number {
  let current = schema;
  // Optional and default wrappers unwrap to what they hold; a list would unwrap to its item, so stop there.
  while (!("element" in current) && "unwrap" in current && typeof current.unwrap === "function")
    current = current.unwrap() as z.ZodType;
  for (const check of current._zod.def.checks ?? []) {
    const def = check._zod.def as CheckDef;
    if (def.check === LIMIT_CHECKS[bound].length && typeof def[bound] === "number") return def[bound];
    if (def.check === LIMIT_CHECKS[bound].value && def.inclusive && typeof def.value === "number") return def.value;
  }
  throw new Error(`the request schema has no ${bound} here`);
}

const count = new Intl.NumberFormat("en-US");
const range = (schema: z.ZodType) =>
  `${count.format(limit(schema, "minimum"))} and ${count.format(limit(schema, "maximum"))}`;
const most = (schema: z.ZodType) => count.format(limit(schema, "maximum"));
const itemOf = (schema: z.ZodType) => {
  let current = schema;
  while (!("element" in current)) current = (current as unknown as { unwrap(): z.ZodType }).unwrap();
  return current.element as z.ZodType;
};

/** Per field (`urls[]` for one item of a list): a message per zod issue code, and one for any other. */
type Messages = { [code: string]: string | undefined; any: string };

const MESSAGES: Record<string, Messages> = {
  keyword: {
    too_small: "Enter a keyword.",
    too_big: `Keep the keyword to ${most(request.keyword)} characters or fewer.`,
    any: "Enter a keyword.",
  },
  tone: { any: "Choose one of the listed tones." },
  audience: { any: "Choose one of the listed audiences." },
  contentType: { any: "Choose one of the listed content types." },
  targetWords: { any: `Target words must be a whole number between ${range(options.targetWords)}.` },
  language: { any: "Enter a language tag such as en or pt-BR." },
  focusKeywords: {
    too_big: `Use at most ${most(options.focusKeywords)} focus keywords.`,
    any: "Check the focus keywords.",
  },
  "focusKeywords[]": {
    too_big: `Keep each focus keyword to ${most(itemOf(options.focusKeywords))} characters or fewer.`,
    any: "Remove the empty focus keyword.",
  },
  seoThreshold: { any: `The SEO threshold must be a number between ${range(request.seoThreshold)}.` },
  maxAttempts: { any: `Attempts must be a whole number between ${range(request.maxAttempts)}.` },
  urls: { too_big: `List at most ${most(request.urls)} source URLs.`, any: "Check the source URLs." },
  "urls[]": {
    too_big: `Keep each URL to ${most(itemOf(request.urls))} characters or fewer.`,
    any: "Enter each source URL in full, starting with http:// or https://.",
  },
  excludeDomains: {
    too_big: `List at most ${most(request.excludeDomains)} domains to exclude.`,
    any: "Check the domains to exclude.",
  },
  "excludeDomains[]": { any: "Enter domain names such as example.com, separated by spaces or commas." },
};

/**
 * The message for one error on a form field (`field` as `fieldOf` names it); `undefined` for a field the
 * form does not have, so the caller can fall back to the API's own words.
 */
export function humanMessage(field: string, path: string, code: string | undefined): string | undefined {
  const messages = (/\.\d+$/.test(path) && MESSAGES[`${field}[]`]) || MESSAGES[field];
  if (!messages) return undefined;
  return (code && messages[code]) || messages.any;
}
