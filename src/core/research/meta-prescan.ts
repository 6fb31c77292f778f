/**
 * The `<meta>` tags of a document's text read without parsing it, as the HTML standard's encoding prescan reads
 * them: a comment is stepped over to the first `-->` after its `<!`, the two dashes that open it counting (so
 * `<!-->` is one); `<!…>`, `<?…>` and `</` not followed by a letter are stepped over to their `>`; other tags, start
 * or end, are stepped over with their attributes, a quoted value to its closing quote (so a `<meta` written inside
 * a value is the value's); and each `<meta>` tag's attributes are read by their first occurrence. Linear in the
 * text: no alternative fails once it has matched its first characters (each ends in an optional `>`), and only
 * the text's last quote of each kind can be read to the text's end in search of a closing one.
 */
const PRESCAN_TOKEN =
  /<!(?=--)[\s\S]*?(?:-->|$)|<meta[\s/](?:[^>"']|"[^"]*"|'[^']*')*>?|<\/?[a-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>?|<[!?/][^>]*>?/gi;
const ATTRIBUTE = /([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/g;

/** Each `<meta>` tag's attributes, names lower-cased, values as written, in the order of the text. */
export function* metaTags(text: string): Generator<Map<string, string>> {
  for (const [token] of text.matchAll(PRESCAN_TOKEN)) {
    if (!/^<meta/i.test(token)) continue;
    const attributes = new Map<string, string>();
    for (const match of token.slice(5).matchAll(ATTRIBUTE)) {
      const name = (match[1] ?? "").toLowerCase();
      if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? "");
    }
    yield attributes;
  }
}
