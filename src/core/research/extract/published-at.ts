import { attr, type DomElement } from "./dom";
import { firstMeta, type MetaTags } from "./meta-tags";

const DATE_META_KEYS = [
  "article:published_time",
  "og:published_time",
  "datepublished",
  "pubdate",
  "publishdate",
  "publish-date",
  "date",
  "dc.date.issued",
  "dc.date",
  "dcterms.created",
  "sailthru.date",
];

/** The page's publication date as an ISO timestamp: meta tags first, then JSON-LD, then `<time datetime>`. */
export function publishedAt(elements: PageElements, tags: MetaTags): string | undefined {
  return (
    toIsoDate(firstMeta(tags, DATE_META_KEYS)) ??
    fromJsonLd(elements.scripts) ??
    toIsoDate(timeElementDate(elements.times)) ??
    undefined
  );
}

/** The page's scripts and `<time>` elements, in document order. */
export interface PageElements {
  scripts: readonly DomElement[];
  times: readonly DomElement[];
}

/** A `<time pubdate>` or `itemprop=datePublished` one wins over the first `<time datetime>` of the page. */
function timeElementDate(elements: readonly DomElement[]): string | undefined {
  const times = elements.filter((time) => attr(time, "datetime"));
  const preferred = times.find(
    (time) => time.getAttribute("pubdate") !== null || attr(time, "itemprop") === "datePublished",
  );
  return attr(preferred ?? times[0] ?? null, "datetime") || undefined;
}

function fromJsonLd(scripts: readonly DomElement[]): string | undefined {
  for (const script of scripts) {
    if (attr(script, "type").toLowerCase() !== "application/ld+json") continue;
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue;
    }
    const found = toIsoDate(findDatePublished(data, 0));
    if (found) return found;
  }
  return undefined;
}

/** Walks JSON-LD (objects, arrays, `@graph`) for the first `datePublished` string; depth-limited against hostile input. */
function findDatePublished(value: unknown, depth: number): string | undefined {
  if (depth > 8 || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findDatePublished(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.datePublished === "string") return record.datePublished;
  for (const child of Object.values(record)) {
    const found = findDatePublished(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value.trim());
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(time).toISOString() : undefined;
}
