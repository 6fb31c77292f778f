import type { ExtractedPage } from "../types";

/**
 * Characters no reader is meant to see: C0 and C1 controls (the white space ones aside) and surrogates left alone.
 * A C1 control in a page's text is nearly always a Windows-1252 character decoded as Latin-1 by whoever made the
 * page ("Zimmeron\u0092s"), so it becomes that character ("Zimmeron’s"); the others become spaces.
 */
const UNSEEN = /[^\P{Cc}\s]|[\u{d800}-\u{dfff}]/gu;

/**
 * Bytes 0x80–0x9F as Windows-1252 reads them, "" where it names no character. Written out: some runtimes' decoders
 * read this label as Latin-1 there.
 */
const WINDOWS_1252 = [..."€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ"].map((c) => (c === "\0" ? "" : c));

/** A C1 control as its Windows-1252 character; any other unseen character as a space, so no two words join. */
function replaceUnseen(character: string): string {
  const code = character.charCodeAt(0);
  return (code >= 0x80 && code <= 0x9f ? WINDOWS_1252[code - 0x80] : "") || " ";
}

/** `text` without the characters no reader is meant to see (see UNSEEN). */
export function readableCharacters(text: string): string {
  UNSEEN.lastIndex = 0;
  return UNSEEN.test(text) ? text.replace(UNSEEN, replaceUnseen).replace(/ {2,}/g, " ") : text;
}

/** Every text of an extracted page with readable characters only; most pages have nothing to change. */
export function readablePage(page: ExtractedPage, countWords: (text: string) => number): ExtractedPage {
  const clean = readableCharacters;
  const text = clean(page.text);
  return {
    ...page,
    title: clean(page.title),
    ...(page.metaDescription !== undefined ? { metaDescription: clean(page.metaDescription) } : {}),
    ...(page.siteName !== undefined ? { siteName: clean(page.siteName) } : {}),
    headings: page.headings.map((heading) => ({ ...heading, text: clean(heading.text) })),
    paragraphs: page.paragraphs.map(clean),
    lists: page.lists.map((list) => list.map(clean)),
    text,
    wordCount: text === page.text ? page.wordCount : countWords(text),
    links: page.links.map((link) => ({ ...link, text: clean(link.text) })),
  };
}
