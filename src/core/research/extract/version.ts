/**
 * The extractor's version: cached extractions are keyed by it, so raising it after any change to what
 * `extractPage` returns re-extracts every cached page from its cached HTML, without fetching it again.
 * test/node/extractor-version.test.ts pins it with a digest of the output over the fixture pages: an output change
 * without a raise fails there. It is raised too for changes the fixture pages do not show (9: cached extractions lost
 * `siteName`; 10: markup read as browsers read it, and hostile trees; 11: pages of plain text, declarative shadow roots, text
 * only in noscript or noframes, hidden until a script shows it, or all in links, which read empty before; 12: the
 * columns beside a layout table's article cell left out, and page controls set in brackets; 13: the markup inside a
 * plugin's `<object>` read, as browsers without plugins show it).
 */
export const EXTRACTOR_VERSION = 13;
