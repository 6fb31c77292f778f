import { outsideCode } from "../text/markdown";

/**
 * A model sometimes cites a source it was not given (`[2]` when source 2 was never retrieved). Such a marker
 * is dropped from the answer rather than failing it; what was dropped is reported so it can become a finding.
 */
export function dropUncitableMarkers<T>(value: T, citable: ReadonlySet<number>): { value: T; dropped: number[] } {
  const dropped = new Set<number>();
  // Markers as `citationMarkers` reads them ([1], [1][2], [1, 2]; not a link's [text](url), nor code's arr[1]); a
  // group keeps its citable ids and goes whole only when none is.
  const clean = (text: string) =>
    text
      .replace(/(?<!\s)(\s*)\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()/g, (marker, space: string, group: string) => {
        const ids = group.split(/[,;]/).map((id) => Number(id.trim()));
        const kept = ids.filter((id) => citable.has(id));
        if (kept.length === ids.length) return marker;
        for (const id of ids) if (!citable.has(id)) dropped.add(id);
        return kept.length ? `${space}[${kept.join(", ")}]` : "";
      })
      .replace(/(?<!\s)\s+([.,;:!?])/g, "$1");
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return /\[\d/.test(node) ? outsideCode(node, clean) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  const repaired = walk(value) as T;
  return { value: dropped.size ? repaired : value, dropped: [...dropped].sort((a, b) => a - b) };
}
