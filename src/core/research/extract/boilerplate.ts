import { attr, classNames, type DomElement } from "./dom";

/** Elements that are page furniture wherever they appear. */
const FURNITURE_TAGS = new Set(["nav", "footer", "aside", "script", "style", "noscript", "template", "iframe", "form"]);

/** Parts of class/id names that mark comment threads, share bars, related links and consent banners. */
const BOILERPLATE_PART =
  /(?:^|[\s_-])(?:comments?|commentlist|disqus|respond|share|sharing|sharebar|related|recommended|cookies?|consent|gdpr|newsletter|outbrain|taboola|breadcrumbs?|popular|most-?read|trending|pagination|disclaimer|author-?bio|author[-_]*(?:box|section|info|about|details|card|profile|desc|description)|about[-_]*(?:the[-_]*)?author|saboxplugin[\w-]*)(?:$|[\s_-])/i;

/** Whole class/id tokens of page furniture; as parts of longer names they often mark layout wrappers instead. */
const BOILERPLATE_TOKEN =
  /^(?:sidebar|side-bar|widget|nav|navbar|navigation|menu|footer|ad|ads|advert|advertisement|promo|social|hidden|modal|popup|subscribe|signup|comments?|reply|replies|respond|disqus|disqus_thread|related|share|sharing|breadcrumbs?|cookies?|newsletter|pagination)$/i;

/**
 * Parts of class or id names that mark an ad slot, also where they end a camel-cased name ("YahooAds",
 * "sponsoredLinks", "ctl00_rightAds"): unlike layout words, ad words name furniture wherever they stand.
 */
const AD_PART =
  /(?:^|[\s_-])(?:ads|adverts?|advertisements?|advertising|sponsored|sponsors?|adsense|googleads?)(?:$|[\s_-])/i;
/** A lower-case letter followed by an upper-case one: where a camel-cased name joins two words. */
const CAMEL_JOIN = /(\p{Ll})(\p{Lu})/gu;

/** class/id words that mark the article itself; a match keeps the element even when it also looks like furniture. */
const CONTENT = /(?:^|[\s_-])(?:article|content|main|post|entry|story|body|text|blog|hentry)(?:$|[\s_-])/i;

const CONTENT_TOKEN = /^(?:article|content|main|post|entry|story|hentry)$/i;

/** A region holding this share of the page's text or more is never dropped by its class name alone. */
const MAX_DROPPED_SHARE = 0.6;

/** Drops navigation, comments, share bars, related links, cookie banners and hidden elements under `body`. */
export function removeBoilerplate(body: DomElement | null): void {
  if (!body) return;
  const pageChars = (body.textContent ?? "").length;
  const visit = (element: DomElement): void => {
    for (const child of Array.from(element.children)) {
      if (isBoilerplate(child, pageChars)) child.remove();
      else visit(child);
    }
  };
  visit(body);
}

/** True for furniture by tag, class/id or visibility, unless it holds most of the `pageChars` of text around it. */
export function isBoilerplate(element: DomElement, pageChars: number): boolean {
  const tag = element.localName;
  if (tag === "body" || tag === "main" || tag === "article" || tag === "html") return false;
  const furniture = isHidden(element) || FURNITURE_TAGS.has(tag) || looksLikeBoilerplate(element);
  if (!furniture) return false;
  if (tag === "script" || tag === "style" || tag === "noscript" || tag === "template") return true;
  // A page that hides most of its text hides it only until a script shows it (a fade-in, a modal's backdrop).
  return (element.textContent ?? "").length < pageChars * MAX_DROPPED_SHARE;
}

/**
 * Class names are matched by their parts; ids only whole, as ids are often made from a heading's words, except
 * for the ad words, which name a slot in either.
 */
function looksLikeBoilerplate(element: DomElement): boolean {
  const classes = classNames(element).trim();
  const id = attr(element, "id");
  const role = attr(element, "role");
  // Most elements have none of the three, and nothing below matches an empty name.
  if (!classes && !id && !role) return false;
  const tokens = `${classes} ${id} ${role}`.split(/\s+/);
  if (CONTENT.test(classes) || tokens.some((token) => CONTENT_TOKEN.test(token))) return false;
  return (
    BOILERPLATE_PART.test(classes) ||
    tokens.some((token) => BOILERPLATE_TOKEN.test(token)) ||
    AD_PART.test(`${classes} ${id}`.replace(CAMEL_JOIN, "$1 $2"))
  );
}

function isHidden(element: DomElement): boolean {
  if (element.getAttribute("hidden") !== null || attr(element, "aria-hidden") === "true") return true;
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attr(element, "style"));
}
