/**
 * Decoding an HTML body the way a browser would, in the order of the HTML standard's encoding sniffing:
 * byte order mark, then the Content-Type charset, then a `<meta charset>` or `<meta http-equiv>` in the first
 * 1024 bytes, else UTF-8.
 */
const PRESCAN_BYTES = 1024;

export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? "");
  return match?.[2]?.toLowerCase();
}

/** The charset a document declares in its head (`<meta charset>` or `<meta http-equiv="Content-Type">`). */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  // Latin-1 maps each byte to one code unit, so ASCII markup is readable whatever the real encoding is.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, PRESCAN_BYTES));
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    const label = direct?.[1]?.toLowerCase();
    // A document that could be read as ASCII to find this tag is not UTF-16, whatever it claims (HTML standard).
    if (label) return label.startsWith("utf-16") ? "utf-8" : label;
  }
  return undefined;
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

export function decodeHtml(bytes: Uint8Array, contentType: string | null | undefined): string {
  const decoder =
    decoderFor(charsetFromBom(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(charsetFromMeta(bytes)) ??
    new TextDecoder("utf-8");
  return decoder.decode(bytes);
}
