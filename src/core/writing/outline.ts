import { z } from "zod";
import type { ArticleOptions } from "../article/options";

/** The first step's answer: what the article covers, section by section, before any prose is written. */
export const OutlineSchema = z.object({
  title: z.string().min(1).max(200),
  metaDescription: z.string().min(1).max(320),
  sections: z
    .array(
      z.object({
        heading: z.string().min(1).max(200),
        level: z.union([z.literal(2), z.literal(3)]),
        keyPoints: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1)
    .max(16),
  faqQuestions: z.array(z.string().min(1).max(300)).default([]),
});

export type Outline = z.infer<typeof OutlineSchema>;

export const SectionBodySchema = z.object({ body: z.string().min(1) });

/** The second step's frame around the sections: intro, FAQ answers and the conclusion. */
export const FramingSchema = z.object({
  intro: z.string().min(1),
  faq: z.array(z.object({ question: z.string().min(1).max(300), answer: z.string().min(1) })).default([]),
  conclusion: z.object({ body: z.string().min(1), callToAction: z.string().min(1) }).optional(),
});

export type Framing = z.infer<typeof FramingSchema>;

export function outlineProblems(outline: Outline, options: ArticleOptions): string[] {
  const problems: string[] = [];
  if (!outline.sections.some((s) => s.level === 2)) problems.push("the outline needs at least one level-2 section");
  if (options.includeFaq && outline.faqQuestions.length === 0) problems.push("faqQuestions is empty; list questions");
  return problems;
}
