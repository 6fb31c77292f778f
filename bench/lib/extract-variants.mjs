// Variants of a page's markup for `npm run bench:extract -- --variant NAME`: both extractors read the same
// variant, so the run shows how much each leans on one kind of signal that pages it has not seen may lack.

/** An opening tag, up to its `>` (a tag holds no `<`, so the match cannot run past the next tag). */
const OPENING_TAG = /<[a-zA-Z][^<>]*>/g;
/** A class or id attribute with its value, quoted either way or bare. */
const NAME_ATTRIBUTE = /\s(?:class|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+)/gi;
/** A paragraph's opening or closing tag. */
const PARAGRAPH_TAG = /<(\/?)p(?=[\s>/])/gi;

export const VARIANTS = {
  /** The page as served. */
  "as-served": (html) => html,
  /** Without class and id attributes: no vocabulary of names (`article-body`, `sidebar`) to go by. */
  "no-names": (html) => html.replace(OPENING_TAG, (tag) => tag.replace(NAME_ATTRIBUTE, "")),
  /** Paragraphs as divisions, as pages built of `<div>`s and `<br>`s set their text. */
  "no-paragraphs": (html) => html.replace(PARAGRAPH_TAG, "<$1div"),
};

/** The variant's transform, or an error naming the variants there are. */
export function variant(name) {
  const transform = VARIANTS[name];
  if (!transform) throw new Error(`unknown variant "${name}": one of ${Object.keys(VARIANTS).join(", ")}`);
  return transform;
}
