import { describe, expect, it } from "vitest";
import { encodeWindows1252 } from "../../scripts/world/windows-1252.mjs";
import { HostPacer } from "../../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../../src/adapters/fetch/page-fetcher";

type Handler = (init: RequestInit) => Response | Promise<Response>;

const UA = "OptiBlogEdge/0.1 (+https://github.com/optiblog/optiblog-edge)";
const html = (body: string, headers: Record<string, string> = {}) =>
  new Response(`<html><head><title>T</title></head><body>${body}</body></html>`, {
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  });
const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

/** A fake web: a handler per URL, a log of every request that left, timers the test fires by hand. */
function web(
  routes: Record<string, Handler>,
  options: { allow?: Set<string>; maxBytes?: number; clock?: { now(): number } } = {},
) {
  const requested: { url: string; headers: Headers }[] = [];
  const timers: AbortController[] = [];
  const slept: number[] = [];
  const fetcher = new SafePageFetcher({
    fetch: async (url, init) => {
      requested.push({ url, headers: new Headers(init.headers) });
      const handler = routes[url];
      if (handler) return handler(init);
      if (url.endsWith("/robots.txt")) return new Response("not found", { status: 404 });
      return new Response("no route", { status: 404 });
    },
    userAgent: UA,
    allow: options.allow,
    maxBytes: options.maxBytes,
    clock: options.clock,
    timeoutSignal: () => {
      const controller = new AbortController();
      timers.push(controller);
      return controller.signal;
    },
    pacer: new HostPacer(0, { now: () => 0 }),
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0,
  });
  const fireTimers = () => {
    for (const timer of timers) timer.abort(new DOMException("timed out", "TimeoutError"));
  };
  const pages = () => requested.map((r) => r.url).filter((url) => !url.endsWith("/robots.txt"));
  return { fetcher, requested, pages, fireTimers, slept };
}

const hang = (init: RequestInit) =>
  new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));

describe("fetching a page", () => {
  it("returns decoded HTML with the final URL, sending the project's user agent", async () => {
    const { fetcher, requested } = web({
      "https://example.com/a": () => redirect("/b", 301),
      "https://example.com/b": () => html("<p>héllo</p>"),
    });
    const outcome = await fetcher.fetch("https://example.com/a");
    expect(outcome).toMatchObject({
      ok: true,
      url: "https://example.com/a",
      finalUrl: "https://example.com/b",
      status: 200,
    });
    expect(outcome.ok && outcome.html).toContain("<p>héllo</p>");
    expect(requested[0]?.url).toBe("https://example.com/robots.txt");
    expect(requested.every((r) => r.headers.get("user-agent") === UA)).toBe(true);
  });

  it("reads what the author wrote when the server's charset contradicts the bytes, either way", async () => {
    const body =
      '<html><head><meta charset="utf-8"><title>T</title></head><body><p>Café “quoted” 5 × 4</p></body></html>';
    const windows1252 = encodeWindows1252(body) as Uint8Array;
    const { fetcher } = web({
      "https://example.com/utf8-called-latin": () =>
        new Response(new TextEncoder().encode(body), { headers: { "content-type": "text/html; charset=iso-8859-1" } }),
      "https://example.com/latin-called-utf8": () =>
        new Response(windows1252, { headers: { "content-type": "text/html; charset=utf-8" } }),
    });
    for (const url of ["https://example.com/utf8-called-latin", "https://example.com/latin-called-utf8"]) {
      const outcome = await fetcher.fetch(url);
      expect(outcome.ok && outcome.html).toContain("<p>Café “quoted” 5 × 4</p>");
    }
  });

  it("lets the allowlisted development host through the guard", async () => {
    const { fetcher } = web(
      { "http://127.0.0.1:8790/page": () => html("<p>local</p>") },
      { allow: new Set(["127.0.0.1:8790"]) },
    );
    expect(await fetcher.fetch("http://127.0.0.1:8790/page")).toMatchObject({ ok: true });
  });
});

describe("the SSRF guard in the fetcher", () => {
  it("blocks a private URL before any request leaves, robots.txt included", async () => {
    const { fetcher, requested } = web({});
    expect(await fetcher.fetch("http://127.0.0.1:9/")).toMatchObject({ ok: false, reason: "ssrf_blocked" });
    expect(await fetcher.fetch("http://169.254.169.254/latest/meta-data/")).toMatchObject({ reason: "ssrf_blocked" });
    expect(requested).toEqual([]);
  });

  it("blocks a public URL that redirects to a private one, without requesting the blocked hop", async () => {
    const { fetcher, requested } = web({
      "https://example.com/go": () => redirect("http://[::ffff:127.0.0.1]/admin"),
      "https://example.com/meta": () => redirect("http://metadata.google.internal/computeMetadata/v1/", 307),
    });
    const outcome = await fetcher.fetch("https://example.com/go");
    expect(outcome).toMatchObject({ ok: false, reason: "ssrf_blocked" });
    expect(outcome.ok ? "" : outcome.detail).toContain("redirect to");
    expect(await fetcher.fetch("https://example.com/meta")).toMatchObject({ reason: "ssrf_blocked" });
    expect(requested.map((r) => new URL(r.url).hostname)).toEqual(["example.com", "example.com", "example.com"]);
  });

  it("gives up after five redirects", async () => {
    const routes: Record<string, Handler> = {};
    for (let i = 0; i < 7; i++) routes[`https://example.com/r${i}`] = () => redirect(`/r${i + 1}`);
    const { fetcher, pages } = web(routes);
    expect(await fetcher.fetch("https://example.com/r0")).toMatchObject({ reason: "too_many_redirects" });
    expect(pages()).toHaveLength(6);
  });
});

describe("robots.txt", () => {
  it("reads a robots.txt it cannot reach, a redirect to a refused address included, as disallow all", async () => {
    const { fetcher, pages } = web({
      "https://site.test/robots.txt": () => redirect("https://site.test:8443/robots.txt", 301),
      "https://other.test/robots.txt": () => redirect("http://127.0.0.1/robots.txt", 302),
      "https://site.test/private/page": () => html("<p>kept from us</p>"),
      "https://other.test/page": () => html("<p>kept from us</p>"),
    });
    expect(await fetcher.fetch("https://site.test/private/page")).toMatchObject({
      ok: false,
      reason: "blocked_by_robots",
    });
    expect(await fetcher.fetch("https://other.test/page")).toMatchObject({ ok: false, reason: "blocked_by_robots" });
    expect(pages()).toEqual([]);
  });

  it("honours a disallow for this crawler and requests nothing it forbids", async () => {
    const robots = "User-agent: *\nDisallow: /private\n\nUser-agent: OptiBlogEdge\nDisallow: /drafts/\n";
    const { fetcher, pages, requested } = web({
      "https://site.test/robots.txt": () => new Response(robots, { headers: { "content-type": "text/plain" } }),
      "https://site.test/public": () => html("<p>ok</p>"),
    });
    expect(await fetcher.fetch("https://site.test/drafts/one")).toMatchObject({
      ok: false,
      reason: "blocked_by_robots",
    });
    expect(await fetcher.fetch("https://site.test/public")).toMatchObject({ ok: true });
    expect(pages()).toEqual(["https://site.test/public"]);
    expect(requested.filter((r) => r.url.endsWith("/robots.txt"))).toHaveLength(1);
  });

  it("declines a page whose site asks that it not be fed to generative AI, by robots.txt or by header", async () => {
    const robots = [
      "User-agent: *",
      "Allow: /",
      "Content-Signal: search=yes, ai-train=no",
      "Content-Signal: /members/ ai-input=no",
      "Content-Usage: /archive/ train-ai=n, ai-use=n",
    ].join("\n");
    const { fetcher, pages } = web({
      "https://site.test/robots.txt": () => new Response(robots, { headers: { "content-type": "text/plain" } }),
      "https://site.test/members/one": () => html("<p>members</p>"),
      "https://site.test/archive/one": () => html("<p>archive</p>"),
      "https://site.test/open": () => html("<p>open</p>"),
      "https://site.test/no-ai": () => html("<p>no ai</p>", { "content-usage": "train-ai=n, ai-use=n" }),
      "https://site.test/no-training": () => html("<p>no training</p>", { "content-usage": "train-ai=n" }),
      "https://site.test/moved": () => redirect("/members/two"),
      "https://site.test/members/two": () => html("<p>members</p>"),
    });
    expect(await fetcher.fetch("https://site.test/members/one")).toMatchObject({
      ok: false,
      reason: "ai_use_declined",
      detail: expect.stringContaining('robots.txt "Content-Signal: /members/ ai-input=no"'),
    });
    expect(await fetcher.fetch("https://site.test/archive/one")).toMatchObject({ reason: "ai_use_declined" });
    expect(await fetcher.fetch("https://site.test/no-ai")).toMatchObject({
      reason: "ai_use_declined",
      detail: expect.stringContaining('"Content-Usage" header'),
    });
    // The preference of the page a redirect ends on is the one that counts.
    expect(await fetcher.fetch("https://site.test/moved")).toMatchObject({ reason: "ai_use_declined" });
    // Training and search preferences say nothing about this use.
    expect(await fetcher.fetch("https://site.test/open")).toMatchObject({ ok: true });
    expect(await fetcher.fetch("https://site.test/no-training")).toMatchObject({ ok: true });
    // A page robots.txt declines is never requested; one its own header declines has to be, to see the header.
    expect(pages()).toEqual([
      "https://site.test/no-ai",
      "https://site.test/moved",
      "https://site.test/open",
      "https://site.test/no-training",
    ]);
  });

  it("declines a page whose robots directives say noai, or that reserves text and data mining, by header or <meta>", async () => {
    const page =
      (head: string, headers: Record<string, string> = {}) =>
      () =>
        new Response(`<html><head><title>T</title>${head}</head><body><p>text</p></body></html>`, {
          headers: { "content-type": "text/html; charset=utf-8", ...headers },
        });
    const { fetcher } = web({
      "https://site.test/header": page("", { "x-robots-tag": "noindex, noai" }),
      "https://site.test/other-bot": page("", { "x-robots-tag": "otherbot: noai, noimageai" }),
      "https://site.test/this-bot": page("", { "x-robots-tag": "otherbot: noindex, optiblogedge: noai" }),
      "https://site.test/meta": page('<meta name="Robots" content="noai, noimageai">'),
      "https://site.test/own-meta": page("<meta content=noai name=optiblogedge>"),
      "https://site.test/images-only": page('<meta name="robots" content="noimageai">'),
      "https://site.test/commented": page('<!-- <meta name="robots" content="noai"> -->'),
      "https://site.test/in-body": () =>
        html(
          '<p>An article about <code>&lt;meta name="robots" content="noai"&gt;</code></p><meta name="robots" content="noai">',
        ),
      "https://site.test/snippet": page('<meta name="robots" content="max-snippet: 50, noarchive">'),
      "https://site.test/tdm-header": page("", { "tdm-reservation": "1", "tdm-policy": "https://site.test/policy" }),
      "https://site.test/tdm-meta": page('<meta name="tdm-reservation" content="1">'),
      "https://site.test/tdm-open": page("", { "tdm-reservation": "0" }),
    });
    expect(await fetcher.fetch("https://site.test/header")).toMatchObject({
      ok: false,
      reason: "ai_use_declined",
      detail: expect.stringContaining('"X-Robots-Tag: noindex, noai" header'),
    });
    expect(await fetcher.fetch("https://site.test/this-bot")).toMatchObject({ reason: "ai_use_declined" });
    expect(await fetcher.fetch("https://site.test/meta")).toMatchObject({
      reason: "ai_use_declined",
      detail: expect.stringContaining('<meta name="robots" content="noai, noimageai">'),
    });
    expect(await fetcher.fetch("https://site.test/own-meta")).toMatchObject({ reason: "ai_use_declined" });
    // Directives for another crawler, for images only, in a comment, or past the head say nothing to this one.
    expect(await fetcher.fetch("https://site.test/tdm-header")).toMatchObject({
      reason: "ai_use_declined",
      detail: expect.stringContaining('"tdm-reservation: 1" header'),
    });
    expect(await fetcher.fetch("https://site.test/tdm-meta")).toMatchObject({ reason: "ai_use_declined" });
    for (const path of ["other-bot", "images-only", "commented", "in-body", "snippet", "tdm-open"])
      expect(await fetcher.fetch(`https://site.test/${path}`), path).toMatchObject({ ok: true });
  });

  it("declines on revalidation when the 304 carries a header that now declines AI use", async () => {
    const { fetcher } = web({
      "https://site.test/a": () => new Response(null, { status: 304, headers: { etag: '"v1"' } }),
      "https://site.test/b": () =>
        new Response(null, { status: 304, headers: { etag: '"v1"', "content-usage": "ai-use=n" } }),
      "https://site.test/c": () => new Response(null, { status: 304, headers: { "x-robots-tag": "noai" } }),
    });
    const validators = { etag: '"v1"' };
    expect(await fetcher.revalidate("https://site.test/a", validators)).toMatchObject({ ok: "not_modified" });
    expect(await fetcher.revalidate("https://site.test/b", validators)).toMatchObject({
      ok: false,
      reason: "ai_use_declined",
      status: 304,
    });
    expect(await fetcher.revalidate("https://site.test/c", validators)).toMatchObject({ reason: "ai_use_declined" });
  });

  it("sends a conditional request's validators to the page's own host only, not across a redirect", async () => {
    const { fetcher, requested } = web({
      "https://site.test/moved": () => redirect("https://site.test/here"),
      "https://site.test/here": () => redirect("https://other.test/there"),
      "https://other.test/there": () => html("<p>moved away</p>"),
    });
    await fetcher.revalidate("https://site.test/moved", {
      etag: '"v1"',
      lastModified: "Tue, 01 Dec 2026 10:00:00 GMT",
    });
    const sent = (url: string) => requested.find((r) => r.url === url)?.headers;
    expect(sent("https://site.test/here")?.get("if-none-match")).toBe('"v1"');
    expect(sent("https://other.test/there")?.get("if-none-match")).toBeNull();
    expect(sent("https://other.test/there")?.get("if-modified-since")).toBeNull();
  });

  it("checks robots.txt of the host a redirect leads to", async () => {
    const { fetcher, pages } = web({
      "https://a.test/x": () => redirect("https://b.test/secret"),
      "https://b.test/robots.txt": () => new Response("User-agent: *\nDisallow: /\n"),
    });
    expect(await fetcher.fetch("https://a.test/x")).toMatchObject({ reason: "blocked_by_robots" });
    expect(pages()).toEqual(["https://a.test/x"]);
  });

  it("reads an oversized robots.txt up to the last whole line of its first 512 KiB, whatever its Content-Length", async () => {
    const head = "User-agent: *\nDisallow: /private\n";
    const cutAt = 512 * 1024;
    // The cut falls inside "Disallow: /late": the "Disallow: /" before it must not be read as a rule.
    const fill = cutAt - head.length - "Disallow: /".length;
    const filler = `${"# filler\n".repeat(Math.floor(fill / 9) - 1)}`;
    const pad = `#${"x".repeat(fill - filler.length - 2)}\n`;
    const robots = `${head}${filler}${pad}Disallow: /late\n${"# more\n".repeat(10_000)}`;
    const { fetcher } = web({
      "https://big.test/robots.txt": () =>
        new Response(robots, { headers: { "content-type": "text/plain", "content-length": String(robots.length) } }),
      "https://big.test/private": () => html("<p>x</p>"),
      "https://big.test/page": () => html("<p>x</p>"),
      "https://big.test/late": () => html("<p>x</p>"),
    });
    expect(await fetcher.fetch("https://big.test/private")).toMatchObject({ reason: "blocked_by_robots" });
    expect(await fetcher.fetch("https://big.test/page")).toMatchObject({ ok: true });
    expect(await fetcher.fetch("https://big.test/late")).toMatchObject({ ok: true });
  });

  it("treats a robots.txt server error as disallow-all and a 404 as allow-all", async () => {
    const { fetcher } = web({
      "https://down.test/robots.txt": () => new Response("oops", { status: 503 }),
      "https://down.test/page": () => html("<p>x</p>"),
      "https://open.test/page": () => html("<p>x</p>"),
    });
    expect(await fetcher.fetch("https://down.test/page")).toMatchObject({ reason: "blocked_by_robots" });
    expect(await fetcher.fetch("https://open.test/page")).toMatchObject({ ok: true });
  });
});

describe("rejections with a reason", () => {
  it("rejects a body larger than the cap, by header or while streaming", async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(400));
      },
    });
    const { fetcher } = web(
      {
        "https://big.test/declared": () => html("<p>x</p>", { "content-length": "5000" }),
        "https://big.test/streamed": () => new Response(endless, { headers: { "content-type": "text/html" } }),
      },
      { maxBytes: 1000 },
    );
    expect(await fetcher.fetch("https://big.test/declared")).toMatchObject({ ok: false, reason: "too_large" });
    expect(await fetcher.fetch("https://big.test/streamed")).toMatchObject({ ok: false, reason: "too_large" });
    expect(pulls).toBeLessThan(6);
  });

  it("rejects a server that does not answer in time", async () => {
    const { fetcher, fireTimers } = web({
      "https://slow.test/page": (init) => {
        queueMicrotask(fireTimers);
        return hang(init);
      },
    });
    expect(await fetcher.fetch("https://slow.test/page")).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("rejects a body that stalls halfway", async () => {
    const { fetcher, fireTimers } = web({
      "https://slow.test/stall": () => {
        const stalled = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("<html><body><p>half"));
            setTimeout(fireTimers, 0);
          },
        });
        return new Response(stalled, { headers: { "content-type": "text/html" } });
      },
    });
    expect(await fetcher.fetch("https://slow.test/stall")).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("bounds the wait for headers by the connect timeout and the body by the whole fetch's", async () => {
    const timers: { ms: number; controller: AbortController }[] = [];
    const fire = (ms: number) => {
      for (const timer of timers)
        if (timer.ms === ms) timer.controller.abort(new DOMException("timed out", "TimeoutError"));
    };
    let finish = () => {};
    const fetcher = new SafePageFetcher({
      // As a runtime's fetch does, the request's signal also ends the body still arriving.
      fetch: async (url, init) => {
        if (url.endsWith("/robots.txt")) return new Response("", { status: 404 });
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("<html><head><title>T</title></head><body><p>first"));
            init.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
            finish = () => {
              controller.enqueue(new TextEncoder().encode(" and last</p></body></html>"));
              controller.close();
            };
          },
        });
        return new Response(body, { headers: { "content-type": "text/html" } });
      },
      userAgent: UA,
      timeoutMs: 15_000,
      connectTimeoutMs: 5_000,
      timeoutSignal: (ms) => {
        const controller = new AbortController();
        timers.push({ ms, controller });
        return controller.signal;
      },
      pacer: new HostPacer(0, { now: () => 0 }),
    });
    const slowBody = fetcher.fetch("https://slow.test/long");
    await new Promise((resolve) => setTimeout(resolve, 0));
    fire(5_000);
    finish();
    expect(await slowBody).toMatchObject({ ok: true, html: expect.stringContaining("first and last") });

    const cutBody = fetcher.fetch("https://slow.test/cut");
    await new Promise((resolve) => setTimeout(resolve, 0));
    fire(15_000);
    expect(await cutBody).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("rejects content that is not HTML", async () => {
    const { fetcher } = web({
      "https://files.test/doc.pdf": () => new Response("%PDF-1.7", { headers: { "content-type": "application/pdf" } }),
      "https://files.test/data": () => new Response("{}", { headers: { "content-type": "application/json" } }),
      "https://files.test/xhtml": () => html("<p>x</p>", { "content-type": "application/xhtml+xml" }),
    });
    expect(await fetcher.fetch("https://files.test/doc.pdf")).toMatchObject({ reason: "not_html" });
    expect(await fetcher.fetch("https://files.test/data")).toMatchObject({ reason: "not_html" });
    expect(await fetcher.fetch("https://files.test/xhtml")).toMatchObject({ ok: true });
  });

  it("reads a Content-Type sent twice, as proxies join one, by its last value as browsers do", async () => {
    const { fetcher } = web({
      "https://twice.test/page": () => html("<p>twice</p>", { "content-type": "text/html, text/html; charset=utf-8" }),
      "https://twice.test/pdf": () =>
        new Response("%PDF-1.7", { headers: { "content-type": "text/html, application/pdf" } }),
    });
    expect(await fetcher.fetch("https://twice.test/page")).toMatchObject({
      ok: true,
      html: expect.stringContaining("<p>twice</p>"),
    });
    expect(await fetcher.fetch("https://twice.test/pdf")).toMatchObject({ ok: false, reason: "not_html" });
  });

  it("reads a body sent without a content type as HTML only when it starts as HTML does", async () => {
    const bare = (text: string) => () => new Response(new TextEncoder().encode(text));
    const { fetcher } = web({
      "https://bare.test/page": bare(
        "\ufeff\n  <!DOCTYPE html><html><head><title>T</title></head><body><p>bare</p></body></html>",
      ),
      "https://bare.test/comment": bare("<!-- generated --><p>commented</p>"),
      "https://bare.test/unknown": () =>
        new Response(new TextEncoder().encode("<p>unknown</p>"), { headers: { "content-type": "unknown/unknown" } }),
      "https://bare.test/pdf": bare("%PDF-1.7 binary"),
      "https://bare.test/almost": bare("<pre>not a sniffed tag</pre>"),
      "https://bare.test/abbr": bare("<abbr>a is a prefix, not the tag</abbr>"),
    });
    expect(await fetcher.fetch("https://bare.test/page")).toMatchObject({
      ok: true,
      html: expect.stringContaining("<p>bare</p>"),
    });
    expect(await fetcher.fetch("https://bare.test/comment")).toMatchObject({ ok: true });
    expect(await fetcher.fetch("https://bare.test/unknown")).toMatchObject({ ok: true });
    for (const path of ["pdf", "almost", "abbr"]) {
      expect(await fetcher.fetch(`https://bare.test/${path}`)).toMatchObject({
        ok: false,
        reason: "not_html",
        detail: "no content type, and the body does not start as HTML does",
      });
    }
  });

  it("maps HTTP errors and network failures to reasons instead of throwing", async () => {
    const { fetcher } = web({
      "https://err.test/gone": () => new Response("gone", { status: 410 }),
      "https://err.test/broken": () => new Response("boom", { status: 502 }),
      "https://err.test/reset": () => {
        throw new TypeError("connection reset");
      },
    });
    expect(await fetcher.fetch("https://err.test/gone")).toMatchObject({ reason: "http_4xx", status: 410 });
    expect(await fetcher.fetch("https://err.test/broken")).toMatchObject({ reason: "http_5xx", status: 502 });
    expect(await fetcher.fetch("https://err.test/reset")).toMatchObject({ reason: "network_error" });
  });
});

describe("a page that says not now", () => {
  const answers = (...statuses: [number, Record<string, string>?][]) => {
    let at = 0;
    return () => {
      const [status, headers] = statuses[Math.min(at++, statuses.length - 1)] ?? [200];
      return status === 200 ? html("<p>back</p>") : new Response("busy", { status, headers });
    };
  };

  it("is asked once more after a short pause, or after the Retry-After it names", async () => {
    const { fetcher, pages, slept } = web({
      "https://busy.test/a": answers([503], [200]),
      "https://busy.test/b": answers([429, { "retry-after": "2" }], [200]),
      "https://busy.test/c": answers([502], [504]),
    });
    expect(await fetcher.fetch("https://busy.test/a")).toMatchObject({ ok: true, status: 200 });
    expect(await fetcher.fetch("https://busy.test/b")).toMatchObject({ ok: true, status: 200 });
    expect(await fetcher.fetch("https://busy.test/c")).toMatchObject({
      ok: false,
      reason: "http_5xx",
      status: 504,
      detail: "the server answered 504, also when asked again after 0.3 s",
    });
    expect(slept).toEqual([250, 2000, 250]);
    expect(pages()).toEqual([
      "https://busy.test/a",
      "https://busy.test/a",
      "https://busy.test/b",
      "https://busy.test/b",
      "https://busy.test/c",
      "https://busy.test/c",
    ]);
  });

  it("is not asked again when it asks for longer than a page read waits, nor after a plain refusal", async () => {
    const later = new Date(Date.now() + 3_600_000).toUTCString();
    const { fetcher, pages, slept } = web({
      "https://busy.test/slow": answers([429, { "retry-after": "120" }], [200]),
      "https://busy.test/dated": answers([503, { "retry-after": later }], [200]),
      "https://busy.test/gone": answers([404], [200]),
      "https://busy.test/error": answers([500], [200]),
    });
    expect(await fetcher.fetch("https://busy.test/slow")).toMatchObject({
      reason: "http_4xx",
      status: 429,
      detail: "the server answered 429, and asked to be asked again after 120 s, longer than a page read waits",
    });
    expect(await fetcher.fetch("https://busy.test/dated")).toMatchObject({ reason: "http_5xx", status: 503 });
    expect(await fetcher.fetch("https://busy.test/gone")).toMatchObject({ reason: "http_4xx", status: 404 });
    expect(await fetcher.fetch("https://busy.test/error")).toMatchObject({ reason: "http_5xx", status: 500 });
    expect(slept).toEqual([]);
    expect(pages()).toHaveLength(4);
  });

  it("says it was not asked again when this fetcher does not wait at all", async () => {
    const fetcher = new SafePageFetcher({
      fetch: async (url) => new Response("busy", { status: url.endsWith("/robots.txt") ? 404 : 503 }),
      userAgent: UA,
      pacer: new HostPacer(0, { now: () => 0 }),
      retryMaxWaitMs: 0,
    });
    const outcome = await fetcher.fetch("https://busy.test/robots-less");
    expect(outcome).toMatchObject({
      reason: "http_5xx",
      detail: "the server answered 503, not asked again (a page read waits at most 0 ms)",
    });
  });

  it("is not asked again when the pause would not leave the fetch time to finish", async () => {
    let now = 0;
    // Each look at the clock finds 6 s gone: by the time the answer is judged, 12 of the fetch's 15 s are spent.
    const { fetcher, slept } = web(
      { "https://busy.test/late": answers([503], [200]) },
      { clock: { now: () => (now += 6_000) } },
    );
    expect(await fetcher.fetch("https://busy.test/late")).toMatchObject({
      reason: "http_5xx",
      detail: "the server answered 503, too late to ask again",
    });
    expect(slept).toEqual([]);
  });
});

describe("pacing", () => {
  it("spaces requests to one host by the minimum interval and leaves other hosts alone", async () => {
    let now = 1000;
    const waits: number[] = [];
    const pacer = new HostPacer(1000, { now: () => now }, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    await pacer.wait("a.test");
    await pacer.wait("b.test");
    await pacer.wait("a.test");
    now += 300;
    await pacer.wait("a.test");
    expect(waits).toEqual([1000, 700]);
  });

  it("gives up at once, holding no turn, on a request whose turn lies past its fetch's deadline", async () => {
    let now = 0;
    const timers: { at: number; controller: AbortController }[] = [];
    const clock = { now: () => now };
    const sleep = async (ms: number) => {
      now += ms;
      for (const timer of timers)
        if (timer.at <= now) timer.controller.abort(new DOMException("timed out", "TimeoutError"));
    };
    const requested: string[] = [];
    const fetcher = new SafePageFetcher({
      fetch: async (url) => {
        requested.push(url);
        return url.endsWith("/robots.txt") ? new Response("User-agent: *\nCrawl-delay: 30\n") : html("<p>x</p>");
      },
      userAgent: UA,
      clock,
      sleep,
      pacer: new HostPacer(1000, clock, sleep),
      timeoutMs: 15_000,
      timeoutSignal: (ms) => {
        const controller = new AbortController();
        timers.push({ at: now + ms, controller });
        return controller.signal;
      },
    });
    expect(await fetcher.fetch("https://slow.test/a")).toMatchObject({ ok: true });
    const started = now;
    expect(await fetcher.fetch("https://slow.test/b")).toMatchObject({ ok: false, reason: "timeout" });
    expect(now).toBe(started);
    // The turn given up was not kept: the next request's turn is the one the first left, 30 s after it.
    now += 20_000;
    expect(await fetcher.fetch("https://slow.test/c")).toMatchObject({ ok: true });
    expect(now - started).toBe(30_000);
    expect(requested.filter((url) => !url.endsWith("/robots.txt"))).toEqual([
      "https://slow.test/a",
      "https://slow.test/c",
    ]);
  });

  it("hands back a turn whose wait its request gave up on", async () => {
    const waits: number[] = [];
    let hang = true;
    const pacer = new HostPacer(1000, { now: () => 0 }, async (ms) => {
      waits.push(ms);
      if (hang) await new Promise(() => {});
    });
    await pacer.wait("a.test");
    const giveUp = new AbortController();
    const abandoned = pacer.wait("a.test", 0, { withinMs: 5000, signal: giveUp.signal });
    giveUp.abort();
    expect(await abandoned).toBeUndefined();
    hang = false;
    await pacer.wait("a.test");
    // The next request takes the slot the abandoned one held, 1 s after the first, not 2 s.
    expect(waits).toEqual([1000, 1000]);
  });
});
