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
  const hasComments = html.includes("--!>");
  const hasEmptyEnds = html.includes("</>");
  if (!hasComments && !hasEmptyEnds && !/<script/i.test(html)) return html;
  let source = hasComments ? html.replace(/--!>/g, "-->") : html;
  if (hasEmptyEnds) source = source.replace(/<\/>/g, "");
  const out: string[] = [];
  let copied = 0;
  SCRIPT_START.lastIndex = 0;
  for (let start = SCRIPT_START.exec(source); start; start = SCRIPT_START.exec(source)) {
    const end = scriptEnd(source, start.index + start[0].length);
    for (const inner of end.inner) {
      out.push(source.slice(copied, inner), "<\\/");
      copied = inner + 2;
    }
    if (end.at < 0) break;
    out.push(source.slice(copied, end.at), "</script>");
    copied = end.at + end.length;
    SCRIPT_START.lastIndex = copied;
  }
  out.push(source.slice(copied));
  return out.join("");
}

/**
 * A script's start tag. A tag ends at `>`, or is not one at the next `<`: a page of `<script <script …` never
 * scans to its end from each.
 */
const SCRIPT_START = /<script(?=[\t\n\f\r />])[^<>]*>|<script>/gi;
/** The tokens that move the script data states: comment open and close, script start and end tags. */
const SCRIPT_TOKEN = /<!--|-->|<(\/?)script(?=[\t\n\f\r />])/gi;
/** An end tag's rest, from after its name to its `>` (or to the next `<`, where it is no tag). */
const END_TAG_REST = /[^<>]*>?/y;

type ScriptState = "data" | "escaped" | "double";

/**
 * Where the script whose content starts at `from` ends (`at`, the index of its end tag, and the tag's `length`;
 * `at` is -1 when it runs to the end of the text), and where its content holds end tags that do not end it
 * (`inner`, the index of each `</`).
 */
function scriptEnd(html: string, from: number): { at: number; length: number; inner: number[] } {
  const inner: number[] = [];
  let state: ScriptState = "data";
  SCRIPT_TOKEN.lastIndex = from;
  for (let token = SCRIPT_TOKEN.exec(html); token; token = SCRIPT_TOKEN.exec(html)) {
    const text = token[0];
    if (text === "<!--") {
      if (state === "data") state = "escaped";
    } else if (text === "-->") {
      state = "data";
    } else if (token[1]) {
      // An end tag: it ends the script, except in a double-escaped stretch, which it closes.
      if (state !== "double") {
        END_TAG_REST.lastIndex = token.index + text.length;
        END_TAG_REST.exec(html);
        return { at: token.index, length: END_TAG_REST.lastIndex - token.index, inner };
      }
      inner.push(token.index);
      state = "escaped";
    } else if (state === "escaped") {
      state = "double";
    }
  }
  return { at: -1, length: 0, inner };
}
