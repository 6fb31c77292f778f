/**
 * Finds the methods the app serves on a path, so an unknown method is 405 rather than 404 and OPTIONS can say
 * what is there. A path named by a route of its own (`/webhooks/deliveries`) is served by that route alone, not
 * by a parameter route beside it (`/webhooks/:id`): only the most literal routes that match count.
 */
export function allowedMethods(routes: { method: string; path: string }[], pathname: string): string[] {
  const methods = new Set<string>();
  let best = -1;
  for (const route of routes) {
    // Middleware is registered for ALL methods: it serves nothing by itself.
    if (route.method === "ALL") continue;
    const { pattern, literal } = patternFor(route.path);
    if (!pattern.test(pathname) || literal < best) continue;
    if (literal > best) {
      methods.clear();
      best = literal;
    }
    methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

const cache = new Map<string, { pattern: RegExp; literal: number }>();

function patternFor(path: string): { pattern: RegExp; literal: number } {
  let entry = cache.get(path);
  if (!entry) {
    const parts = path.split("/");
    const source = parts
      .map((part) =>
        part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")
      .replace(/\/\.\*/g, "(?:/.*)?");
    const literal = parts.filter((part) => part !== "" && part !== "*" && !part.startsWith(":")).length;
    entry = { pattern: new RegExp(`^${source}/?$`), literal };
    cache.set(path, entry);
  }
  return entry;
}
