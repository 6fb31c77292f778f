import type { Source } from "../../research/types";

/** The heading a paragraph sits under, and whether the paragraph is the first one under it. */
export interface ParagraphHeading {
  text: string;
  first: boolean;
}

/**
 * The heading (level 2 or below) each paragraph of a source sits under, read off the source's text, which holds
 * its headings, paragraphs and list items one a line in reading order. A paragraph before any such heading, or a
 * source whose text does not show the order, has none.
 */
export function paragraphHeadings(
  source: Pick<Source, "text" | "headings" | "paragraphs">,
): (ParagraphHeading | undefined)[] {
  const out: (ParagraphHeading | undefined)[] = new Array(source.paragraphs.length).fill(undefined);
  if (!source.headings.some((h) => h.level >= 2)) return out;
  let heading = 0;
  let paragraph = 0;
  let current: ParagraphHeading | undefined;
  for (const raw of source.text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const next = source.headings[heading];
    if (next && line === next.text.trim()) {
      heading++;
      if (next.level >= 2) current = { text: next.text.trim(), first: true };
      else current = undefined;
      continue;
    }
    if (paragraph < source.paragraphs.length && line === source.paragraphs[paragraph]?.trim()) {
      out[paragraph] = current ? { ...current } : undefined;
      if (current) current.first = false;
      paragraph++;
    }
  }
  return out;
}
