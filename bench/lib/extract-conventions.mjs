// How each dataset's truth treats the parts of a page that extractors disagree on: for each kind of element, the
// share of its text (4-token shingles) that the truth keeps, per dataset. Where one dataset keeps a part and
// another leaves it out, no rule for that part can score well on both.
import { parseHTML } from "linkedom";

const WORD = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

/** The parts, by selector: headlines, bylines and dates, captions, comment threads, author notes, tables. */
export const PARTS = [
  ["headline (h1)", "h1"],
  ["byline (class)", "[class*=byline], [class*=author-name], [rel=author]"],
  ["date (time)", "time"],
  ["caption", "figcaption, [class*=caption]"],
  ["comments (class/id)", "[class*=comment], [id*=comment]"],
  ["author note (class)", "[class*=author-bio], [class*=author-box], [class*=about-author]"],
  ["table", "table"],
];

function shingles(text) {
  const tokens = text.match(WORD) ?? [];
  const keys = [];
  for (let start = 0; start + SHINGLE_SIZE <= tokens.length; start++) {
    keys.push(tokens.slice(start, start + SHINGLE_SIZE).join(" "));
  }
  return keys;
}

/**
 * Per part and dataset: pages where the part has text, its shingles, and the share of them the truth holds.
 * An element inside another of the same part is counted once, through the outer one.
 */
export function conventions(pages, parts = PARTS) {
  const table = new Map(parts.map(([name]) => [name, new Map()]));
  for (const page of pages) {
    const truth = new Set(shingles(page.truth));
    let document;
    try {
      ({ document } = parseHTML(page.html));
    } catch {
      continue;
    }
    for (const [name, selector] of parts) {
      const elements = [...document.querySelectorAll(selector)];
      const outer = elements.filter(
        (element) => !elements.some((other) => other !== element && other.contains(element)),
      );
      const keys = outer.flatMap((element) => shingles(element.textContent ?? ""));
      if (keys.length === 0) continue;
      const row = table.get(name);
      const cell = row.get(page.dataset) ?? { pages: 0, shingles: 0, kept: 0 };
      cell.pages++;
      cell.shingles += keys.length;
      cell.kept += keys.filter((key) => truth.has(key)).length;
      row.set(page.dataset, cell);
    }
  }
  return table;
}
