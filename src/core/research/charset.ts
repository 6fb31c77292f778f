/**
 * Decoding an HTML body the way a browser would, in the order of the HTML standard's encoding sniffing:
 * byte order mark, then the Content-Type charset, then the `<meta>` declaration its prescan finds in the first
 * 1024 bytes, then a guess from the bytes (UTF-8 when they are valid UTF-8), else windows-1252, the default
 * browsers use for documents that declare nothing.
 */
const PRESCAN_BYTES = 1024;
/** The default for undeclared documents that are not UTF-8: the standard's suggestion for most locales. */
const LEGACY_DEFAULT = "windows-1252";

/** Markup the prescan steps over whole (comments, `<!…>`, `<?…>` and end tags) and the `<meta>` tags it reads. */
const PRESCAN_TOKEN = /<!--[\s\S]*?(?:-->|$)|<[!?/][^>]*>?|<meta[\s/](?:[^>"']|"[^"]*"|'[^']*')*>?/gi;
const ATTRIBUTE = /([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/g;
/** The standard's "extracting a character encoding from a meta element": the value after `charset=` in `content`. */
const CONTENT_CHARSET = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i;

export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? "");
  return match?.[2]?.toLowerCase();
}

/**
 * The charset a document declares in its first 1024 bytes, as the HTML standard's prescan reads it: a
 * `<meta charset>`, or a `<meta http-equiv="Content-Type" content="…; charset=…">`, outside comments; a
 * `content` without the `http-equiv` declares nothing. UTF-16 is read as UTF-8 and x-user-defined as
 * windows-1252, as the standard says.
 */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  // Latin-1 maps each byte to one code unit, so ASCII markup is readable whatever the real encoding is.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, PRESCAN_BYTES));
  for (const [token] of head.matchAll(PRESCAN_TOKEN)) {
    if (!/^<meta/i.test(token)) continue;
    const label = metaDeclaration(token)?.trim().toLowerCase();
    // Not every runtime's decoder knows x-user-defined, so it is named before the label is resolved.
    if (label === "x-user-defined") return LEGACY_DEFAULT;
    const encoding = label === undefined ? undefined : encodingFor(label);
    if (encoding) return encoding.startsWith("utf-16") ? "utf-8" : encoding;
  }
  return undefined;
}

/** The label one `<meta>` tag declares, reading each attribute's first occurrence only. */
function metaDeclaration(tag: string): string | undefined {
  const attributes = new Map<string, string>();
  for (const match of tag.slice(5).matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? "");
  }
  const charset = attributes.get("charset");
  if (charset !== undefined) return charset;
  const content = attributes.get("content");
  if (content === undefined || attributes.get("http-equiv")?.toLowerCase() !== "content-type") return undefined;
  const match = CONTENT_CHARSET.exec(content);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** The encoding's canonical name for a label, or undefined for a label the Encoding standard does not know. */
function encodingFor(label: string): string | undefined {
  return decoderFor(label)?.encoding;
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim());
  } catch {
    return undefined;
  }
}

export function decodeHtml(bytes: Uint8Array, contentType: string | null | undefined): string {
  const declared =
    decoderFor(charsetFromBom(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(charsetFromMeta(bytes));
  if (declared) return declared.decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder(LEGACY_DEFAULT).decode(bytes);
  }
}
