/** Finds the methods other routes accept on a path, so an unknown method is 405 rather than 404. */
export function allowedMethods(routes: { method: string; path: string }[], pathname: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    // Middleware is registered for ALL methods: it serves nothing by itself.
    if (route.method === "ALL") continue;
    if (patternFor(route.path).test(pathname)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

const cache = new Map<string, RegExp>();

function patternFor(path: string): RegExp {
  let pattern = cache.get(path);
  if (!pattern) {
    const source = path
      .split("/")
      .map((part) =>
        part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")
      .replace(/\/\.\*/g, "(?:/.*)?");
    pattern = new RegExp(`^${source}/?$`);
    cache.set(path, pattern);
  }
  return pattern;
}
