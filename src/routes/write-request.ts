import { z } from "@hono/zod-openapi";
import { ArticleOptionsSchema } from "../core/article/options";
import { KeywordSchema } from "../core/jobs/request";
import { IncomingCompetitorsSchema, IncomingSourceSchema, MAX_SOURCES } from "./research-input";

export const WriteRequestSchema = z
  .object({
    keyword: KeywordSchema,
    sources: z
      .array(IncomingSourceSchema)
      .min(1)
      .max(MAX_SOURCES)
      .refine((list) => new Set(list.map((s) => s.id)).size === list.length, "source ids must be unique"),
    competitors: IncomingCompetitorsSchema.optional(),
    options: ArticleOptionsSchema.optional(),
    format: z.enum(["json", "html", "markdown"]).default("json"),
    canonicalUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .strict()
  .openapi("WriteRequest");

export const WRITE_EXAMPLE = {
  keyword: "cold brew coffee",
  format: "json",
  options: { tone: "friendly", audience: "beginners", targetWords: 1000, includeFaq: true },
  sources: [
    {
      id: 1,
      url: "https://example.com/cold-brew",
      status: "ok",
      title: "Cold brew guide",
      wordCount: 42,
      headings: [{ level: 2, text: "How long to steep cold brew" }],
      paragraphs: [
        "Cold brew coffee is coffee steeped in cold water for 12 to 24 hours. A ratio of one part coffee to eight parts water works well for a concentrate.",
      ],
      text: "Cold brew coffee is coffee steeped in cold water for 12 to 24 hours. A ratio of one part coffee to eight parts water works well for a concentrate.",
    },
  ],
};
