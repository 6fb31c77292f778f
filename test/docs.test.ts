import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REFERENCE_SCRIPT, REFERENCE_STYLES } from "../src/routes/docs";
import { call } from "./helpers";

/** Every URL a page's markup points at: src, href and action attributes. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action)\s*=\s*["']([^"']+)["']/gi)].map((match) => match[1] ?? "");
}

describe("API reference", () => {
  it("serves /docs with scripts from this origin only, under a CSP that names no other host", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    const urls = referencedUrls(html);
    expect(urls).toContain(REFERENCE_SCRIPT);
    expect(urls).toContain(REFERENCE_STYLES);
    for (const url of urls) expect(new URL(url, "http://localhost").host).toBe("localhost");
    expect(html).not.toMatch(/https?:\/\//);

    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("gives each /docs response its own nonce", async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => (await call("/docs")).headers.get("content-security-policy")?.match(/'nonce-[^']+'/)?.[0]),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("serves the reference script and stylesheet from the Worker's static assets, with their types", async () => {
    const script = await env.ASSETS.fetch(`http://localhost${REFERENCE_SCRIPT}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain("SwaggerUIBundle");
    const styles = await env.ASSETS.fetch(`http://localhost${REFERENCE_STYLES}`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get("content-type")).toMatch(/text\/css/);
    expect(await styles.text()).toContain(".swagger-ui");
  });
});
