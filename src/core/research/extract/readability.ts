import { Readability } from "@mozilla/readability";
import { type DomDocument, type DomElement, type DomNode, TEXT_NODE } from "./dom";

interface ReaderChecks {
  _isElementWithoutContent?: (node: DomElement) => boolean;
  _isValidByline?: (node: DomElement, matchString: string) => boolean;
  _isProbablyVisible?: (node: DomElement) => boolean;
  _prepDocument?: () => void;
  _doc?: DomDocument;
  _debug?: boolean;
  _grabArticle?: (page?: DomElement) => DomElement | null;
  _postProcessContent?: (article: DomElement) => void;
  _fixLazyImages?: (root: DomElement) => void;
  REGEXPS?: { byline?: RegExp; srcsetUrl?: RegExp };
}

/** What the body lends Readability in place of its serialised markup. */
const BODY_STAND_IN = "\u0000body kept by the extractor\u0000";

/**
 * Mozilla Readability's main-content element for `doc`, or null when it finds none. Mutates `doc`. With
 * `reread` (a fresh, pruned parse of the markup `doc` came from), the body is not serialised up front for
 * Readability's retries, see `restoreLazily`.
 */
export function readabilityContent(doc: DomDocument, reread?: () => DomDocument): DomElement | null {
  const reader = new Readability<DomElement>(doc as never, {
    keepClasses: true,
    // Metadata is read before scripts are pruned; the content is all that is asked of Readability here.
    disableJSONLD: true,
    serializer: (node) => node as unknown as DomElement,
  });
  checkBylineCheaply(reader as unknown as ReaderChecks);
  checkEmptinessCheaply(reader as unknown as ReaderChecks);
  checkVisibilityCheaply(reader as unknown as ReaderChecks);
  skipDebugMarkup(reader as unknown as ReaderChecks);
  readImageAttributesLinearly(reader as unknown as ReaderChecks);
  const body = doc.body;
  if (!reread || !body || !restoreLazily(reader as unknown as ReaderChecks, body, reread)) {
    return reader.parse()?.content ?? null;
  }
  try {
    return reader.parse()?.content ?? null;
  } finally {
    Reflect.deleteProperty(body, "innerHTML");
  }
}

/**
 * Readability serialises the whole body before its first pass, to put the page back if that pass finds too
 * little; on most pages the copy is never read, and making it was a tenth of Readability's time. The body
 * hands out a stand-in instead, and only a pass that fails puts the page back: from a fresh reading of the
 * same markup, prepared again as Readability prepared the first. False when the body's markup cannot be
 * intercepted, and Readability then works as it does on its own. The markup put back is made once, at the
 * first failed pass, and the later ones reuse it: a short page can fail three passes, and making it anew for
 * each (a parse, a preparation and a serialisation) was half of Readability's time on such a page.
 */
function restoreLazily(reader: ReaderChecks, body: DomElement, reread: () => DomDocument): boolean {
  const accessors = innerHtmlAccessors(body);
  const setter = accessors?.set;
  if (!accessors || !setter || typeof reader._prepDocument !== "function") return false;
  // The page's markup as Readability would have kept it, made at the first failed pass: the later passes put
  // back the same markup, as Readability puts back its one copy.
  let kept: string | undefined;
  const keptMarkup = (): string => {
    // The fresh document is prepared as Readability prepared this one, then its body is serialised and
    // parsed into this body, as Readability's own copy would have been: linkedom cannot move nodes
    // between documents, and by now this document may no longer answer for its body.
    const fresh = reread();
    const own = reader._doc;
    reader._doc = fresh;
    try {
      reader._prepDocument?.();
    } finally {
      reader._doc = own;
    }
    return fresh.body ? accessors.get.call(fresh.body) : "";
  };
  Object.defineProperty(body, "innerHTML", {
    configurable: true,
    get: () => BODY_STAND_IN,
    set: (markup: string) => {
      if (markup !== BODY_STAND_IN) {
        setter.call(body, markup);
        return;
      }
      kept ??= keptMarkup();
      setter.call(body, kept);
    },
  });
  return true;
}

interface Accessors {
  get: (this: unknown) => string;
  set?: (this: unknown, markup: string) => void;
}

function innerHtmlAccessors(element: object): Accessors | undefined {
  for (let proto = Object.getPrototypeOf(element); proto; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, "innerHTML");
    if (descriptor?.get) return { get: descriptor.get, set: descriptor.set };
  }
  return undefined;
}

/**
 * Readability measures every node's text before asking whether the node looks like a byline at all, which
 * walks each subtree again for every element of the page; asking the cheap questions (rel, itemprop, class
 * and id words) first gives the same answers for a fraction of the time.
 */
function checkBylineCheaply(reader: ReaderChecks): void {
  const byline = reader.REGEXPS?.byline;
  if (typeof reader._isValidByline !== "function" || !(byline instanceof RegExp)) return;
  reader._isValidByline = (node, matchString) => {
    const itemprop = node.getAttribute("itemprop");
    const looksLikeByline =
      node.getAttribute("rel") === "author" || Boolean(itemprop?.includes("author")) || byline.test(matchString);
    if (!looksLikeByline) return false;
    const length = (node.textContent ?? "").trim().length;
    return length > 0 && length < 100;
  };
}

/**
 * Readability asks of every div, section, header and heading whether it is empty by joining all the text below
 * it (`textContent.trim()`), which reads each subtree again for every such element above it; asking only
 * whether some text below it is more than white space stops at the first that is, with the same answers.
 */
function checkEmptinessCheaply(reader: ReaderChecks): void {
  const empty = reader._isElementWithoutContent?.bind(reader);
  if (!empty) return;
  reader._isElementWithoutContent = (node) => !hasText(node) && empty(node);
}

const CDATA_SECTION_NODE = 4;
const NOT_SPACE = /\S/;

/**
 * Whether a text or CDATA node below `root` holds a character other than white space: whether
 * `root.textContent.trim()` is not empty (`trim` takes off what `\s` matches). The walk keeps no stack.
 */
export function hasText(root: DomNode): boolean {
  let node = root.firstChild;
  while (node) {
    const type = node.nodeType;
    if ((type === TEXT_NODE || type === CDATA_SECTION_NODE) && NOT_SPACE.test(node.textContent ?? "")) return true;
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    if (!node || node === root) return false;
    node = node.nextSibling;
  }
  return false;
}

/**
 * Readability reads every element's computed `style` to find hidden ones, and linkedom builds a style object
 * for each element it is asked about; an element without a style attribute has no display or visibility
 * rule to read, so only its hidden and aria-hidden attributes are asked, as Readability then asks them.
 */
function checkVisibilityCheaply(reader: ReaderChecks): void {
  const visible = reader._isProbablyVisible?.bind(reader);
  if (!visible) return;
  reader._isProbablyVisible = (node) => {
    if (node.getAttribute("style") !== null) return visible(node);
    if (node.getAttribute("hidden") !== null) return false;
    return node.getAttribute("aria-hidden") !== "true" || (node.getAttribute("class") ?? "").includes("fallback-image");
  };
}

/**
 * Once its pass has found the article, Readability serialises all of it for a debug message, with debugging
 * on or off (`this.log("Grabbed: " + articleContent.innerHTML)` in `parse`), and nothing else reads that markup
 * before `_postProcessContent`: a string as long as the article, made on every page that asks Readability and
 * thrown away. The article hands out an empty string until post-processing starts, and its own markup after.
 */
function skipDebugMarkup(reader: ReaderChecks): void {
  const grab = reader._grabArticle?.bind(reader);
  const postProcess = reader._postProcessContent?.bind(reader);
  if (!grab || !postProcess || reader._debug) return;
  let grabbed: DomElement | null = null;
  reader._grabArticle = (page) => {
    const article = grab(page);
    if (article) {
      Object.defineProperty(article, "innerHTML", { configurable: true, get: () => "" });
      grabbed = article;
    }
    return article;
  };
  reader._postProcessContent = (article) => {
    if (grabbed) Reflect.deleteProperty(grabbed, "innerHTML");
    grabbed = null;
    postProcess(article);
  };
}

/** Longer image attributes than this are read by linear tests before Readability's own patterns see them. */
const LONG_ATTRIBUTE = 256;
const IMAGE_TAGS = "img, picture, figure";

interface AttributedElement {
  attributes: ArrayLike<{ name: string; value: string }>;
  setAttribute(name: string, value: string): void;
}

/**
 * Readability reads image attributes with two patterns that backtrack in time quadratic in an attribute's length:
 * the srcset of the article's media when it makes addresses absolute (`(\S+)(\s+[\d.]+[xw])?(\s*(?:,|$))`), and,
 * for lazy images, the attributes of an `img`, `picture` or `figure` (`^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$`). A
 * page with a 40 KB `srcset` in its article took 3.5 s, 80 KB 14 s, and a page can carry megabytes. The srcset
 * pattern is swapped, for this reader only, for one that starts only where a candidate starts, which matches the
 * same text (a start inside a candidate can end only where one at its start could). The lazy-image patterns are
 * inline in Readability's code, so while it looks, a long attribute that none of them would take for an image
 * (told by linear tests) stands in as a short value that every one of its tests answers alike, and is put back
 * after.
 */
function readImageAttributesLinearly(reader: ReaderChecks): void {
  if (reader.REGEXPS?.srcsetUrl) {
    reader.REGEXPS = { ...reader.REGEXPS, srcsetUrl: /(?<!\S)(\S+)(\s+[\d.]+[xw])?(\s*(?:,|$))/g };
  }
  const fixLazyImages = reader._fixLazyImages?.bind(reader);
  if (!fixLazyImages) return;
  reader._fixLazyImages = (root) => {
    const held: [AttributedElement, string, string][] = [];
    for (const element of Array.from(root.querySelectorAll(IMAGE_TAGS)) as unknown as AttributedElement[]) {
      for (const { name, value } of Array.from(element.attributes)) {
        const standIn = value.length > LONG_ATTRIBUTE ? lazyImageStandIn(name, value) : undefined;
        if (standIn !== undefined) held.push([element, name, value]);
      }
    }
    for (const [element, name, value] of held) element.setAttribute(name, lazyImageStandIn(name, value) ?? value);
    try {
      fixLazyImages(root);
    } finally {
      for (const [element, name, value] of held) element.setAttribute(name, value);
    }
  };
}

/**
 * A short value Readability's lazy-image step answers as it would the long one, or undefined when it must see the
 * value itself (it would copy it as an image's address, or it never tests it). Its tests: whether the value holds
 * an image extension (`/\.(jpg|jpeg|png|webp)/i`), whether it is a srcset (`\.(jpg|…)\s+\d`) or one address
 * (`^\s*\S+\.(jpg|…)\S*\s*$`), and, for `class`, whether it says `lazy`.
 */
export function lazyImageStandIn(name: string, value: string): string | undefined {
  if (name === "src" || name === "srcset" || name === "alt") return undefined;
  if (/\.(?:jpg|jpeg|png|webp)\s+\d/.test(value)) return undefined;
  const word = value.trim();
  if (!/\s/.test(word) && /.\.(?:jpg|jpeg|png|webp)/.test(word)) return undefined;
  const lazy = name === "class" && value.toLowerCase().includes("lazy") ? "lazy" : "";
  return `${lazy}${/\.(?:jpg|jpeg|png|webp)/i.test(value) ? " .jpg " : ""}`;
}
