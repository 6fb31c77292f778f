/** Resolves `href` against `base` and keeps it only when the result is an absolute http(s) URL. */
export function resolveHttpUrl(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  try {
    const resolved = URL.canParse(base) ? new URL(trimmed, base) : new URL(trimmed);
    if (resolved.protocol !== "http:" && resolved.protocol !== "https:") return undefined;
    resolved.hash = "";
    return resolved.href;
  } catch {
    return undefined;
  }
}
