import fc from "fast-check";

/**
 * Generated and mutated HTML for fuzzing the extractor and the analysers: deep nesting, broken encodings, huge
 * attributes, hostile text, and real pages cut, doubled and spliced with such fragments.
 */

/** Fragments stay well under the page fetcher's default body cap (5 MiB), so many fit in a run. */
const MAX_FRAGMENT = 600_000;

const TAGS = ["div", "p", "span", "section", "article", "li", "ul", "table", "tr", "td", "b", "a", "h2", "blockquote"];

/** Text no page should be able to break anything with. */
export const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  // lone surrogates and other UTF-16 debris
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 200 }),
  fc.constantFrom(
    "\u202e\u200b\u200d\ufeff\u0000",
    "[1][2][999999999999] [0] [-1] [",
    "?".repeat(500),
    "a".repeat(100_000),
    "word ".repeat(20_000),
    "Dr. Mr. e.g. i.e. U.S.A. 3.14 ... !!! ?!",
    "&amp;&lt;&gt;&#0;&#x110000;&#xD800;&bogus;&#99999999999;",
    "<![CDATA[ x ]]>",
    "<!-- never closed",
    "</p></div></body></html><html><body>",
    "<script>while(true){}</script>",
    "<svg><foreignObject><math><mi>x</mi></math></foreignObject></svg>",
    "<template><p>hidden</p></template>",
    "<plaintext>rest is text",
    "<noscript><p>no script</p></noscript>",
    "<img src=x onerror=alert(1)>",
    "中文内容，没有空格。日本語の文章。한국어 문장.",
    "مرحبا بالعالم. שלום עולם.",
  ),
);

/** An element nested `depth` times, closed or not. */
const deepNesting = fc
  .record({
    depth: fc.integer({ min: 1, max: 3000 }),
    tag: fc.constantFrom(...TAGS),
    closed: fc.boolean(),
    text: hostileText,
  })
  .map(
    ({ depth, tag, closed, text }) => `${`<${tag}>`.repeat(depth)}${text}${closed ? `</${tag}>`.repeat(depth) : ""}`,
  );

const hugeAttributes = fc
  .record({
    size: fc.integer({ min: 1000, max: 300_000 }),
    name: fc.constantFrom("class", "id", "style", "href", "data-x", "content", "lang", "srcset"),
    tag: fc.constantFrom("a", "div", "meta", "img", "p", "html", "link"),
    char: fc.constantFrom("a", " ", '"', "'", "<", ">", "=", "\u00e9", "&"),
  })
  .map(({ size, name, tag, char }) => `<${tag} ${name}="${char.repeat(size)}">text</${tag}>`);

/** Bytes that are not the charset the page claims, read as a Worker would (UTF-8 with replacement, or latin1). */
const brokenEncoding = fc
  .record({
    bytes: fc.uint8Array({ maxLength: 4000 }),
    charset: fc.constantFrom("utf-8", "iso-8859-1", "windows-1252", "shift_jis", "utf-16", "x-bogus", ""),
    asLatin1: fc.boolean(),
  })
  .map(({ bytes, charset, asLatin1 }) => {
    const text = asLatin1 ? Buffer.from(bytes).toString("latin1") : new TextDecoder().decode(bytes);
    return `<meta charset="${charset}"><meta http-equiv="content-type" content="text/html; charset=${charset}"><p>${text}</p>`;
  });

const manyElements = fc
  .record({ count: fc.integer({ min: 100, max: 20_000 }), tag: fc.constantFrom(...TAGS), text: hostileText })
  .map(({ count, tag, text }) => {
    const one = `<${tag}>${text}</${tag}>`;
    return one.repeat(Math.min(count, Math.ceil(MAX_FRAGMENT / one.length)));
  });

export const pageShape = fc
  .record({
    title: hostileText,
    lang: fc.oneof(fc.constantFrom("en", "de", "zh", "ar", "", "x-😀"), fc.string({ maxLength: 40 })),
    headings: fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), hostileText), { maxLength: 8 }),
    paragraphs: fc.array(hostileText, { maxLength: 12 }),
    jsonLd: fc.oneof(fc.constant(""), fc.json({ maxDepth: 4 }), fc.string({ maxLength: 80 })),
  })
  .map(
    ({ title, lang, headings, paragraphs, jsonLd }) =>
      `<!doctype html><html lang="${lang}"><head><title>${title}</title><meta name="description" content="${title}">` +
      `<script type="application/ld+json">${jsonLd}</script></head><body><article>` +
      headings.map(([level, text]) => `<h${level}>${text}</h${level}>`).join("") +
      paragraphs.map((p) => `<p>${p}</p>`).join("") +
      "</article></body></html>",
  );

export const fragment = fc.oneof(hostileText, deepNesting, hugeAttributes, brokenEncoding, manyElements, pageShape);

/** A real page mutated: a slice cut out, doubled, replaced with a fragment, or the page truncated. */
export function mutatedPage(pages: readonly string[]) {
  return fc
    .record({
      page: fc.constantFrom(...pages),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 0, max: 5000 }),
      how: fc.constantFrom("cut", "double", "splice", "truncate"),
      insert: fragment,
    })
    .map(({ page, at, length, how, insert }) => {
      const start = Math.floor(at * page.length);
      const end = Math.min(page.length, start + length);
      if (how === "cut") return page.slice(0, start) + page.slice(end);
      if (how === "double") return page.slice(0, end) + page.slice(start);
      if (how === "splice") return page.slice(0, start) + insert + page.slice(end);
      return page.slice(0, start);
    });
}

export function html(pages: readonly string[]) {
  return pages.length ? fc.oneof(fragment, pageShape, mutatedPage(pages)) : fc.oneof(fragment, pageShape);
}
