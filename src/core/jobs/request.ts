import { z } from "zod";
import { ArticleOptionsSchema } from "../article/options";

const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), "only http and https URLs");

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/, "a domain name such as example.com");

/** A character that shows: not white space, a control character or an invisible format mark (U+200B, U+200E, U+00AD…). */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}]/u;

/**
 * Invisible characters that are never part of a word: soft hyphen, zero-width space, word joiner, direction marks
 * and embeddings, byte-order mark. The joiners (U+200C, U+200D) stay: Persian, Indic scripts and emoji spell with them.
 */
const NOT_OF_A_WORD = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * A keyword as callers give one: without the invisible characters that are no part of a word, trimmed, 1–200
 * characters, at least one of which shows. One of only zero-width spaces, direction marks or control characters
 * searches for nothing and names nothing, so no job could use it. A keyword pasted from a page with a soft hyphen
 * in it ("com\u00adposting") was searched, scored for relevance and checked for in the article as two words that
 * no page and no draft has, so every page read was off topic and the job failed.
 */
export const KeywordSchema = z
  .string()
  .overwrite((keyword) => keyword.replace(NOT_OF_A_WORD, ""))
  .trim()
  .min(1)
  .max(200)
  .refine((keyword) => VISIBLE.test(keyword), "a keyword needs a character that shows");

/** What a caller asks for: one keyword, the writing options, the quality bar and where the sources may come from. */
export const ArticleRequestSchema = z
  .object({
    keyword: KeywordSchema,
    options: ArticleOptionsSchema.default(ArticleOptionsSchema.parse({})),
    seoThreshold: z.number().min(0).max(100).default(75),
    maxAttempts: z.number().int().min(1).max(5).default(3),
    urls: z.array(httpUrl).min(1).max(20).optional(),
    excludeDomains: z.array(domain).max(50).optional(),
    webhookUrl: httpUrl.optional(),
    /** Write anew even when an identical article of the tenant is cached. */
    fresh: z.boolean().optional(),
    /** This job's caps on LLM spend (per run); without them the tenant plan's defaults apply. */
    budget: z
      .object({
        maxTokens: z.number().int().positive().max(100_000_000).optional(),
        maxCostUsd: z.number().positive().max(100_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ArticleRequest = z.output<typeof ArticleRequestSchema>;
export type ArticleRequestInput = z.input<typeof ArticleRequestSchema>;

/** Invisible format characters: zero-width space, joiner and non-joiner, soft hyphen, direction marks, BOM… */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/**
 * Lower-case, single-spaced keyword in Unicode's composed form (NFC) without invisible format characters: the form
 * two requests must share to count as the same job (single flight, the keyword's guard, duplicates in a batch), and
 * the one a search is cached under, so "café" typed with a combining accent, or "garden beds" pasted with a
 * zero-width space or a soft hyphen in it, is the same keyword.
 */
export function normaliseKeyword(keyword: string): string {
  return keyword.replace(FORMAT_CHARACTERS, "").trim().toLowerCase().replace(/\s+/g, " ").normalize("NFC");
}
