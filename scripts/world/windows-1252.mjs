/** Characters to windows-1252 bytes, built from the runtime's own decoder so the two agree byte for byte. */
const decoder = new TextDecoder("windows-1252");
// A runtime without full ICU decodes windows-1252 as Latin-1 (0x80 as U+0080), which would make this table lie.
if (decoder.decode(new Uint8Array([0x80])) !== "€") throw new Error("windows-1252 needs a runtime with full ICU");
const BYTE_OF = new Map(Array.from({ length: 256 }, (_, byte) => [decoder.decode(new Uint8Array([byte])), byte]));

/** The text as windows-1252 bytes, or undefined when a character has no windows-1252 byte. */
export function encodeWindows1252(text) {
  const bytes = new Uint8Array(text.length);
  let at = 0;
  for (const ch of text) {
    const byte = BYTE_OF.get(ch);
    if (byte === undefined) return undefined;
    bytes[at++] = byte;
  }
  return bytes.subarray(0, at);
}
