/**
 * The extractor's version: cached extractions are keyed by it, so raising it after any change to what
 * `extractPage` returns re-extracts every cached page from its cached HTML, without fetching it again.
 */
export const EXTRACTOR_VERSION = 4;
