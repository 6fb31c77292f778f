import { env } from "cloudflare:workers";
import { parseHTML } from "linkedom";
import type { ApiFetch } from "../src/dashboard/api";
import { createDashboard } from "../src/dashboard/app";
import { SessionStore } from "../src/dashboard/session";

/** A stand-in for the public API: answers by "METHOD /path?query", records what it was asked. */
export function stubApi(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const calls: Request[] = [];
  const fetch: ApiFetch = async (request) => {
    calls.push(request.clone());
    const url = new URL(request.url);
    const handler =
      routes[`${request.method} ${url.pathname}${url.search}`] ?? routes[`${request.method} ${url.pathname}`];
    if (handler) return handler(request);
    return Response.json({ status: 404, title: "Not found" }, { status: 404 });
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200) => Response.json(body, { status });

/** A signed-in session stored the way the dashboard stores it, and the cookie that names it. */
export async function signedIn(key = "obk_stubbed") {
  const { id, session } = await new SessionStore(env.CACHE).create(key, { id: "t_stub", name: "Stub Tenant" });
  return { cookie: `ob_session=${id}`, csrf: session.csrf };
}

export function dashboardWith(apiFetch: ApiFetch) {
  const app = createDashboard(() => apiFetch);
  return (path: string, init: RequestInit = {}) => app.fetch(new Request(`http://localhost${path}`, init), env);
}

export const form = (fields: Record<string, string>) => ({
  "content-type": "application/x-www-form-urlencoded",
  body: new URLSearchParams(fields).toString(),
});

export async function documentOf(response: Response) {
  return parseHTML(await response.text()).document;
}
