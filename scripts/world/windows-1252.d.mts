export function encodeWindows1252(text: string): Uint8Array | undefined;
