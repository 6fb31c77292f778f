import type { Loaded } from "../ports/cache";

/**
 * A load that found the cached copy still current (an HTTP 304 to a conditional request). The cache counts it as
 * the hit of the tier that held the copy, not as a load from the origin, as research's timings count it from cache.
 */
export function revalidated<T>(loaded: { value: T; ttlSeconds: number }): Loaded<T> {
  return { ...loaded, revalidated: true };
}

export function isRevalidated(loaded: Loaded<unknown>): boolean {
  return loaded.revalidated === true;
}
