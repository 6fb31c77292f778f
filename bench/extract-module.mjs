// Scoring entry for the extraction benchmark tooling: exports extract(html, url) => main text.
import { loadExtractor } from "./lib/build-extractor.mjs";

const { extractPage } = await loadExtractor();

export function extract(html, url) {
  return extractPage(html, url).text;
}
