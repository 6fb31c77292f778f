/**
 * A pure function of a string, answered once per distinct string and kept in a bounded table that is emptied
 * when it fills. Texts repeat their words (and a draft's revisions and its assessment repeat its blocks), so the
 * answers are worth keeping across calls; emptying instead of evicting one by one keeps a lookup to one `get`,
 * and the bound keeps an isolate that reads many pages from growing without end.
 */
export function boundedMemo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      value = compute(key);
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value as T;
  };
}
