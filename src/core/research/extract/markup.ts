/**
 * Where the HTML standard and the lenient parser part ways on markup that real pages carry, the markup is set
 * right before it is parsed, so that what a browser shows is what is read:
 *
 * - a comment closed by `--!>` ends there (the parser ran it on to the next `-->`, taking the page with it);
 * - an empty end tag `</>` is no tag and no text (the parser showed it as text);
 * - a script ends at an end tag with anything after its name (`</script/>`, `</script foo>`), as browsers end it;
 * - a script that writes a script (`<!-- document.write('<script …></script>') //-->`) does not end at the
 *   written end tag: inside `<!--` a `<script` opens a "double-escaped" stretch whose `</script>` is text, and only
 *   the end tag after it (or after the `-->`) ends the script. The parser ended it at the first, and the rest of
 *   the script (`'); //-->`) became page text. Such an inner end tag is written `<\/script` instead.
 *
 * One pass from start to end, each script scanned once from its start tag.
 */
export function markupAsBrowsersRead(html: string): string {
  let source = html.includes("--!>") ? html.replace(/--!>/g, "-->") : html;
  if (source.includes("</>")) source = source.replace(/<\/>/g, "");
  if (!/<script/i.test(source)) return source;
  // What to write where: most pages need nothing, and are not copied.
  const edits: { from: number; to: number; text: string }[] = [];
  // Where the next `<!--` is, found again only once the scan has passed it: scripts come in order, so the page is
  // searched for comments once in all, not once a script (a page of many small scripts and no comment).
  let comment = -2;
  const commentFrom = (from: number) => {
    if (comment !== -1 && comment < from) comment = source.indexOf("<!--", from);
    return comment;
  };
  SCRIPT_START.lastIndex = 0;
  for (let start = SCRIPT_START.exec(source); start; start = SCRIPT_START.exec(source)) {
    const end = scriptEnd(source, start.index + start[0].length, commentFrom);
    for (const inner of end.inner) edits.push({ from: inner, to: inner + 2, text: "<\\/" });
    if (end.at < 0) break;
    // The parser reads `</SCRIPT>` in any case; only an end tag with more after its name is rewritten.
    if (end.length !== PLAIN_END.length) {
      edits.push({ from: end.at, to: end.at + end.length, text: PLAIN_END });
    }
    SCRIPT_START.lastIndex = end.at + end.length;
  }
  if (!edits.length) return source;
  const out: string[] = [];
  let copied = 0;
  for (const edit of edits) {
    out.push(source.slice(copied, edit.from), edit.text);
    copied = edit.to;
  }
  out.push(source.slice(copied));
  return out.join("");
}

const PLAIN_END = "</script>";

/**
 * A script's start tag. A tag ends at `>`, or is not one at the next `<`: a page of `<script <script …` never
 * scans to its end from each.
 */
const SCRIPT_START = /<script(?=[\t\n\f\r />])[^<>]*>|<script>/gi;
/**
 * The tokens that move the script data states: comment open and close (`<!-->` is both at once), script start and
 * end tags.
 */
const SCRIPT_TOKEN = /<!--+>|<!--|-->|<(\/?)script(?=[\t\n\f\r />])/gi;
/** A script's end tag's start. */
const SCRIPT_END = /<\/script(?=[\t\n\f\r />])/gi;
/** An end tag's rest, from after its name to its `>` (or to the next `<`, where it is no tag). */
const END_TAG_REST = /[^<>]*>?/y;

/** The end tag that starts at `at` with `name` (`</script`): where it starts and how long it is. */
function endTagAt(html: string, at: number, name: string): { at: number; length: number } {
  END_TAG_REST.lastIndex = at + name.length;
  END_TAG_REST.exec(html);
  return { at, length: END_TAG_REST.lastIndex - at };
}

type ScriptState = "data" | "escaped" | "double";

/**
 * Where the script whose content starts at `from` ends (`at`, the index of its end tag, and the tag's `length`;
 * `at` is -1 when it runs to the end of the text), and where its content holds end tags that do not end it
 * (`inner`, the index of each `</`).
 */
function scriptEnd(
  html: string,
  from: number,
  commentFrom: (from: number) => number,
): { at: number; length: number; inner: number[] } {
  const inner: number[] = [];
  // Most scripts hold no `<!--` before their first end tag, which then ends them.
  SCRIPT_END.lastIndex = from;
  const first = SCRIPT_END.exec(html);
  const comment = commentFrom(from);
  if (first && (comment < 0 || comment > first.index)) return { ...endTagAt(html, first.index, first[0]), inner };
  let state: ScriptState = "data";
  SCRIPT_TOKEN.lastIndex = from;
  for (let token = SCRIPT_TOKEN.exec(html); token; token = SCRIPT_TOKEN.exec(html)) {
    const text = token[0];
    if (text === "<!--") {
      if (state === "data") state = "escaped";
    } else if (text.endsWith("-->")) {
      // `-->` ends an escaped stretch; `<!-->` and `<!--->` open one and end it at once.
      state = "data";
    } else if (token[1]) {
      // An end tag: it ends the script, except in a double-escaped stretch, which it closes.
      if (state !== "double") return { ...endTagAt(html, token.index, text), inner };
      inner.push(token.index);
      state = "escaped";
    } else if (state === "escaped") {
      state = "double";
    }
  }
  return { at: -1, length: 0, inner };
}
