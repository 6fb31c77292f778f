/** RFC 6901 JSON Pointer: parsing and resolving against a parsed JSON value. */

export type PointerResult = { found: true; value: unknown } | { found: false };

/** Splits a pointer into unescaped reference tokens; undefined when the text is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  // "~" may only be followed by 0 or 1; "~1" is unescaped before "~0" so "~01" means "~1", not "/".
  if (/~(?![01])/.test(pointer)) return undefined;
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

export function isPointer(pointer: string): boolean {
  return parsePointer(pointer) !== undefined;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

export function resolvePointer(document: unknown, pointer: string): PointerResult {
  const tokens = parsePointer(pointer);
  if (!tokens) return { found: false };
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return { found: false };
      const index = Number(token);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (current !== null && typeof current === "object") {
      if (!Object.hasOwn(current, token)) return { found: false };
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
