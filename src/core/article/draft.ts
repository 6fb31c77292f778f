import { z } from "zod";
import { FaqSchema, SectionSchema } from "./model";

/**
 * What a writer composes before the derived parts (slug, table of contents, citations, sources, word count)
 * are computed: the shape an LLM is asked for and the extractive writer fills.
 */
export const ArticleDraftSchema = z.object({
  title: z.string().min(1).max(200),
  metaDescription: z.string().min(1).max(320),
  intro: z.string().min(1),
  sections: z.array(SectionSchema).min(1),
  faq: z.array(FaqSchema).default([]),
  conclusion: z.object({ body: z.string().min(1), callToAction: z.string().min(1) }).optional(),
});

export type ArticleDraft = z.infer<typeof ArticleDraftSchema>;

/** Every text part of a draft with the location name citations use. */
export function draftParts(draft: ArticleDraft): { location: string; text: string }[] {
  return [
    { location: "title", text: draft.title },
    { location: "meta", text: draft.metaDescription },
    { location: "intro", text: draft.intro },
    ...draft.sections.flatMap((section, index) => [
      { location: `heading:${index}`, text: section.heading },
      { location: `section:${index}`, text: section.body },
    ]),
    ...draft.faq.flatMap((entry, index) => [
      { location: `faq-question:${index}`, text: entry.question },
      { location: `faq:${index}`, text: entry.answer },
    ]),
    ...(draft.conclusion
      ? [
          { location: "conclusion", text: draft.conclusion.body },
          { location: "call-to-action", text: draft.conclusion.callToAction },
        ]
      : []),
  ];
}

/**
 * The draft (or article) with `map` applied to every text part `draftParts` lists, and nothing else changed: what
 * rewrites the citation markers must reach every part that may carry one.
 */
export function mapDraftText<T extends ArticleDraft>(draft: T, map: (text: string) => string): T {
  return {
    ...draft,
    title: map(draft.title),
    metaDescription: map(draft.metaDescription),
    intro: map(draft.intro),
    sections: draft.sections.map((s) => ({ ...s, heading: map(s.heading), body: map(s.body) })),
    faq: draft.faq.map((f) => ({ ...f, question: map(f.question), answer: map(f.answer) })),
    ...(draft.conclusion
      ? { conclusion: { body: map(draft.conclusion.body), callToAction: map(draft.conclusion.callToAction) } }
      : {}),
  };
}
