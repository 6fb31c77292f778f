/**
 * Decoding an HTML body in the order of the HTML standard's encoding sniffing: byte order mark, then the
 * Content-Type charset, then the `<meta>` declaration its prescan finds in the first 1024 bytes, then a guess
 * from the bytes (UTF-8 when they are valid UTF-8), else windows-1252, the default browsers use for documents
 * that declare nothing; and, unlike a browser, not trusting a label its bytes contradict (see `decodeHtml`).
 */
import { metaTags } from "./meta-prescan";

const PRESCAN_BYTES = 1024;
/** The default for undeclared documents that are not UTF-8: the standard's suggestion for most locales. */
const LEGACY_DEFAULT = "windows-1252";

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
  for (const attributes of metaTags(head)) {
    const label = metaDeclaration(attributes)?.trim().toLowerCase();
    // Not every runtime's decoder knows x-user-defined, so it is named before the label is resolved.
    if (label === "x-user-defined") return LEGACY_DEFAULT;
    const encoding = label === undefined ? undefined : encodingFor(label);
    if (encoding) return encoding.startsWith("utf-16") ? "utf-8" : encoding;
  }
  return undefined;
}

/** The label one `<meta>` tag declares (its attributes by first occurrence). */
function metaDeclaration(attributes: Map<string, string>): string | undefined {
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
  // x-user-defined is read as windows-1252 wherever it is declared: the runtimes disagree on it (workerd decodes
  // it to private-use characters, Node has no decoder for it), and those characters are no reader's text.
  const name = label.trim().toLowerCase() === "x-user-defined" ? LEGACY_DEFAULT : label.trim();
  try {
    return new TextDecoder(name);
  } catch {
    return undefined;
  }
}

/** Whether the bytes hold at least one well-formed multi-byte UTF-8 sequence (the Unicode standard's table 3-7). */
export function holdsUtf8Sequence(bytes: Uint8Array): boolean {
  const trail = (at: number) => ((bytes[at] ?? 0) & 0xc0) === 0x80;
  for (let at = 0; at < bytes.length; at++) {
    const lead = bytes[at] as number;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const second = bytes[at + 1] ?? 0;
    if (lead <= 0xdf) {
      if (trail(at + 1)) return true;
    } else if (lead <= 0xef) {
      const low = lead === 0xe0 ? 0xa0 : 0x80;
      const high = lead === 0xed ? 0x9f : 0xbf;
      if (second >= low && second <= high && trail(at + 2)) return true;
    } else {
      const low = lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xf4 ? 0x8f : 0xbf;
      if (second >= low && second <= high && trail(at + 2) && trail(at + 3)) return true;
    }
  }
  return false;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The body as text. A byte order mark decides; otherwise the Content-Type charset, then the `<meta>` the
 * prescan finds, as the HTML standard orders them, except where the label contradicts the bytes, which is how
 * a server or a template that lies about its encoding shows: bytes that are valid UTF-8 and hold multi-byte
 * sequences are read as UTF-8 whatever the label, and bytes labelled UTF-8 that are not valid UTF-8 and hold
 * no multi-byte sequence at all are read in the legacy encoding the `<meta>` names, else windows-1252. A
 * browser would show mojibake or replacement characters there; a source's quotes need what its author wrote.
 * A body that mixes valid sequences with stray bytes keeps its label. A UTF-16 Content-Type on bytes that are
 * not UTF-16 is no label. With no label, valid UTF-8 is read as UTF-8 and anything else as windows-1252.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null | undefined): string {
  const bom = decoderFor(charsetFromBom(bytes));
  if (bom) return bom.decode(bytes);
  const meta = () => decoderFor(charsetFromMeta(bytes));
  const header = decoderFor(charsetFromContentType(contentType));
  const declared = (header && !contradictsUtf16(header, bytes) ? header : undefined) ?? meta();
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined && (!declared || NON_ASCII.test(utf8))) return utf8;
  if (utf8 === undefined && declared?.encoding === "utf-8" && !holdsUtf8Sequence(bytes)) {
    const named = meta();
    return (named && named.encoding !== "utf-8" ? named : new TextDecoder(LEGACY_DEFAULT)).decode(bytes);
  }
  return (declared ?? new TextDecoder(LEGACY_DEFAULT)).decode(bytes);
}

/**
 * A UTF-16 label on bytes without a NUL in their first 1024 is not believed: markup in UTF-16 is mostly ASCII, one
 * zero byte a character, so such bytes are in an 8-bit encoding, and reading them as UTF-16 gives CJK nonsense.
 */
function contradictsUtf16(decoder: TextDecoder, bytes: Uint8Array): boolean {
  return decoder.encoding.startsWith("utf-16") && !bytes.subarray(0, PRESCAN_BYTES).includes(0);
}

/** The bytes read as UTF-8, or undefined when they are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
