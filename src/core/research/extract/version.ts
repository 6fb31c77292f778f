/**
 * The extractor's version: cached extractions are keyed by it, so raising it after any change to what
 * `extractPage` returns re-extracts every cached page from its cached HTML, without fetching it again.
 * test/node/extractor-version.test.ts pins it with a digest of the output over the fixture pages: an output change
 * without a raise fails there. It is raised too when cached extractions lost a field on the way back (9: `siteName`).
 */
export const EXTRACTOR_VERSION = 9;
