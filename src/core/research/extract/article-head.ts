import { attr, classNames, type DomElement } from "./dom";

/** class/id words of the line naming the author (and often the date) above an article. */
const BYLINE = /byline|author|dateline|writtenby|p-author/i;
/** A byline is a line: longer text under such a name is an author box or a whole article. */
const MAX_BYLINE_CHARS = 100;
/** A heading repeats the title when less than this share of its text is words the title lacks. */
const MAX_NEW_WORDS_SHARE = 0.25;
const WORD_SEPARATOR = /\W+/;

/**
 * The page's headline and byline within `region`, which the article's text leaves out as Readability leaves
 * them out of its own: the first `h1` or `h2` whose words are nearly all in the page's title (the title is
 * the page's name, kept apart from its text), and the first short element marked as the author's line (by
 * `rel`, `itemprop` or class/id words). `skip` leaves out elements the region's reading leaves out.
 */
export function articleHead(
  region: DomElement,
  title: string,
  skip: (element: DomElement) => boolean,
): Set<DomElement> {
  const head = new Set<DomElement>();
  const titleWords = titleWordsOf(title);
  let headline = titleWords.size === 0;
  let byline = false;
  const visit = (element: DomElement): void => {
    for (let child = element.firstElementChild; child && !(headline && byline); child = child.nextElementSibling) {
      if (skip(child)) continue;
      if (!headline && headingRepeatsTitle(child, titleWords)) {
        head.add(child);
        headline = true;
      } else if (!byline && isByline(child)) {
        head.add(child);
        byline = true;
      } else visit(child);
    }
  };
  visit(region);
  return head;
}

function headingRepeatsTitle(element: DomElement, titleWords: ReadonlySet<string>): boolean {
  return (
    (element.localName === "h1" || element.localName === "h2") && repeatsTitle(element.textContent ?? "", titleWords)
  );
}

/** The lower-cased words of a page's title, for `repeatsTitle`. */
export function titleWordsOf(title: string): Set<string> {
  return new Set(words(title));
}

/** Whether a headline's text repeats the title: nearly all of it is words of the title. */
export function repeatsTitle(text: string, titleWords: ReadonlySet<string>): boolean {
  const heading = words(text);
  if (heading.length === 0) return false;
  const newChars = heading.filter((word) => !titleWords.has(word)).join(" ").length;
  return newChars < heading.join(" ").length * MAX_NEW_WORDS_SHARE;
}

function isByline(element: DomElement): boolean {
  const marked =
    attr(element, "rel") === "author" ||
    attr(element, "itemprop").includes("author") ||
    BYLINE.test(`${classNames(element).trim()} ${attr(element, "id")}`);
  if (!marked) return false;
  const length = (element.textContent ?? "").trim().length;
  return length > 0 && length < MAX_BYLINE_CHARS;
}

function words(text: string): string[] {
  return text.toLowerCase().split(WORD_SEPARATOR).filter(Boolean);
}
