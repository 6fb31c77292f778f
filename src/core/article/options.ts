import { z } from "zod";

/** The caller's writing options; JSON names are camelCase and every one of them changes the article. */
export const ArticleOptionsSchema = z
  .object({
    tone: z.enum(["professional", "casual", "technical", "friendly", "authoritative"]).default("professional"),
    audience: z.enum(["beginners", "intermediate", "advanced", "general"]).default("general"),
    contentType: z.enum(["tutorial", "guide", "review", "comparison", "news", "opinion"]).default("guide"),
    targetWords: z.number().int().min(800).max(5000).default(1500),
    includeFaq: z.boolean().default(true),
    includeToc: z.boolean().default(true),
    includeConclusion: z.boolean().default(true),
    focusKeywords: z.array(z.string().trim().min(1).max(100)).max(10).default([]),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a BCP 47 language tag such as en or pt-BR")
      .default("en"),
  })
  .strict();

export type ArticleOptions = z.output<typeof ArticleOptionsSchema>;
export type ArticleOptionsInput = z.input<typeof ArticleOptionsSchema>;

export const defaultOptions = (): ArticleOptions => ArticleOptionsSchema.parse({});
