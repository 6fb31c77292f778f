/**
 * A model sometimes cites a source it was not given (`[2]` when source 2 was never retrieved). Such a marker
 * is dropped from the answer rather than failing it; what was dropped is reported so it can become a finding.
 */
export function dropUncitableMarkers<T>(value: T, citable: ReadonlySet<number>): { value: T; dropped: number[] } {
  const dropped = new Set<number>();
  const clean = (text: string) =>
    text
      .replace(/(?<!\s)\s*\[(\d+)\]/g, (marker, id: string) => {
        if (citable.has(Number(id))) return marker;
        dropped.add(Number(id));
        return "";
      })
      .replace(/(?<!\s)\s+([.,;:!?])/g, "$1");
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return /\[\d+\]/.test(node) ? clean(node) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  const repaired = walk(value) as T;
  return { value: dropped.size ? repaired : value, dropped: [...dropped].sort((a, b) => a - b) };
}
