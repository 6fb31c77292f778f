// The placeholders in an environment of wrangler.toml that a real deploy cannot use: resource ids that no
// `wrangler … create` printed (the zero ids tenant:new writes, "REPLACE_ME", "<id>") and routes on the example
// domains (tenant:new's `<tenant>.api.example.com`).

/**
 * An id wrangler did not create: missing, not 32 hex digits (dashes aside), or all zeros but for at most three
 * digits, as the committed `00000000-0000-4000-8000-000000000001` is. A created id is random hex.
 */
export function isPlaceholderId(value) {
  if (typeof value !== "string") return true;
  const hex = value.replaceAll("-", "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) return true;
  return hex.replaceAll("0", "").length <= 3;
}

/** A route on a domain reserved for examples (example.com, .net, .org and the .example top-level domain). */
export function isExampleRoute(pattern) {
  const host = String(pattern)
    .replace(/^[a-z]+:\/\//i, "")
    .split("/")[0]
    .replace(/:\d+$/, "")
    .toLowerCase();
  return /(^|\.)example\.(com|net|org)$/.test(host) || /(^|\.)example$/.test(host);
}

function routePatterns(section) {
  const routes = [...(section.routes ?? []), ...(section.route ? [section.route] : [])];
  return routes.map((route) => (typeof route === "string" ? route : route.pattern));
}

/**
 * One line per placeholder in `section` (environment `env` as wrangler sees it; "" for the top level), each naming
 * the environment and the binding or route.
 */
export function placeholderProblems(section, env) {
  const label = env ? `env ${env}` : "top level";
  const flag = env ? ` --env ${env}` : "";
  const problems = [];
  for (const db of section.d1_databases ?? [])
    if (isPlaceholderId(db.database_id))
      problems.push(
        `${label}: D1 binding ${db.binding} has the placeholder database_id ${JSON.stringify(db.database_id ?? "")}` +
          ` (npx wrangler d1 create ${db.database_name} prints the id to put there)`,
      );
  for (const kv of section.kv_namespaces ?? [])
    if (isPlaceholderId(kv.id))
      problems.push(
        `${label}: KV binding ${kv.binding} has the placeholder id ${JSON.stringify(kv.id ?? "")}` +
          ` (npx wrangler kv namespace create ${kv.binding}${flag} prints the id to put there)`,
      );
  for (const pattern of routePatterns(section))
    if (isExampleRoute(pattern))
      problems.push(
        `${label}: route ${JSON.stringify(pattern)} is the example's (put the deployment's hostname there)`,
      );
  return problems;
}
