import type { Article } from "../article/model";
import { boundedMemo } from "../memo";
import { plainText, stripMarkers } from "../text/markdown";
import { sentences } from "../text/sentences";

/** One piece of an article's prose with where it sits, so findings can point at it. */
export interface Block {
  location: string;
  markdown: string;
}

export function articleBlocks(article: Article): Block[] {
  return [
    { location: "intro", markdown: article.intro },
    ...article.sections.map((s, i) => ({ location: `section:${i}`, markdown: s.body })),
    ...article.faq.map((f, i) => ({ location: `faq:${i}`, markdown: f.answer })),
    ...(article.conclusion ? [{ location: "conclusion", markdown: article.conclusion.body }] : []),
  ];
}

export interface ArticleSentence {
  location: string;
  text: string;
}

/** Every sentence of the prose, with where it sits. */
export function articleSentences(article: Article): ArticleSentence[] {
  return articleBlocks(article).flatMap((block) =>
    proseSentences(plainText(block.markdown)).map((text) => ({ location: block.location, text })),
  );
}

/**
 * The sentences of a block's plain text, shared: the repetition check and the claims both split the same blocks
 * (the claims after undoing Markdown escapes, which most blocks have none of). A bounded table of recent texts,
 * emptied when it fills; callers only read the lists.
 */
export const proseSentences: (text: string) => readonly string[] = boundedMemo(256, sentences);

/** The prose as plain text, markers stripped: what keyword and coverage checks read. */
export function articleWordText(article: Article): string {
  return articleBlocks(article)
    .map((b) => stripMarkers(plainText(b.markdown)))
    .join("\n\n");
}
