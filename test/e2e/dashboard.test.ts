import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./harness";

/** The dashboard in a real browser (Debian's Chromium, headless) against `wrangler dev` and the fixture web. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
const CHECKOUT = path.resolve(import.meta.dirname, "../..");
/** Screenshots are kept only where `DASHBOARD_SCREENSHOTS` names a directory; otherwise they go to a temporary one. */
const KEEP_SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS;
const KEYWORD = "git pre-commit hooks";

let stack: Stack;
let key: string;
let profile: string;
let screenshots: string;
let started: number;
let browser: BrowserContext;
let page: Page;
const browserProblems: string[] = [];
let streamRequests = 0;
let jobPath = "";

/**
 * The accessibility basics, checked in the page: text contrast of at least 4.5:1 against the nearest opaque
 * background, a label for every control, headings that never skip a level, the language and the landmarks.
 */
const ACCESSIBILITY_CHECK = `(() => {
  const problems = [];
  const rgba = (value) => {
    const [r = 0, g = 0, b = 0, a = 1] = (value.match(/[\\d.]+/g) || []).map(Number);
    return { r, g, b, a };
  };
  const channel = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const colour = rgba(getComputedStyle(at).backgroundColor);
      if (colour.a > 0) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("svg, iframe, .visually-hidden, .skip-link")) continue;
    const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    const box = element.getBoundingClientRect();
    if (!ownText || box.width === 0 || box.height === 0) continue;
    const [light, dark] = [luminance(rgba(getComputedStyle(element).color)), luminance(background(element))].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) problems.push("contrast " + ratio.toFixed(2) + ": " + element.textContent.trim().slice(0, 40));
  }
  for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!control.labels || !control.labels.length) problems.push("no label: " + control.name);
  }
  let level = 0;
  for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const next = Number(heading.tagName[1]);
    if (next > level + 1) problems.push("heading skips to " + heading.tagName + ": " + heading.textContent);
    level = next;
  }
  if (!document.documentElement.lang) problems.push("no lang attribute");
  for (const landmark of ["header", "main", "footer"]) {
    if (!document.querySelector(landmark)) problems.push("no " + landmark + " landmark");
  }
  return problems;
})()`;

const accessibilityProblems = (target: Page) => target.evaluate(ACCESSIBILITY_CHECK) as Promise<string[]>;

const FOCUSED = `(() => {
  const element = document.activeElement;
  return { text: element.textContent, top: element.getBoundingClientRect().top, outline: getComputedStyle(element).outlineStyle };
})()`;

/** Files in the checkout written at or after `since`, leaving out what the toolchain keeps there and kept screenshots. */
async function writtenSince(since: number, dir = CHECKOUT): Promise<string[]> {
  const written: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if ([".git", "node_modules", ".wrangler"].includes(entry.name) || at === screenshots) continue;
    if (entry.isDirectory()) written.push(...(await writtenSince(since, at)));
    else if ((await stat(at)).mtimeMs >= since) written.push(path.relative(CHECKOUT, at));
  }
  return written;
}

beforeAll(async () => {
  started = Date.now();
  screenshots = KEEP_SCREENSHOTS
    ? path.resolve(KEEP_SCREENSHOTS)
    : await mkdtemp(path.join(tmpdir(), "optiblog-screenshots-"));
  await mkdir(screenshots, { recursive: true });
  stack = await startStack();
  key = await stack.createTenantKey("Dashboard end-to-end");
  profile = await mkdtemp(path.join(tmpdir(), "optiblog-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("request", (request) => {
    if (/\/dashboard\/jobs\/[^/]+\/events/.test(request.url())) streamRequests++;
  });
  page.on("pageerror", (error) => browserProblems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // A refused key is a 401 page and Chromium logs every non-2xx document; only script and policy errors count.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      browserProblems.push(`console: ${message.text()}`);
    }
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (screenshots && !KEEP_SCREENSHOTS) await rm(screenshots, { recursive: true, force: true });
});

describe("dashboard in Chromium", () => {
  it("sends a visitor to sign in and explains a rejected key", async () => {
    await page.goto(`${stack.baseUrl}/dashboard/jobs`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/login");
    await page.getByLabel("API key").fill("obk_this-key-does-not-exist");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("not accepted");
    await expect(accessibilityProblems(page)).resolves.toEqual([]);
  });

  it("signs in with the tenant's key into an HttpOnly, SameSite=Strict session", async () => {
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/dashboard\/jobs$/);
    await expect(page.locator("header").textContent()).resolves.toContain("Signed in as Dashboard end-to-end");
    const cookies = await browser.cookies(`${stack.baseUrl}/dashboard/jobs`);
    const session = cookies.find((cookie) => cookie.name === "ob_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/dashboard" });
    expect(session?.value).not.toContain(key);
  });

  it("starts a job from the form, follows it to completion and shows scores and the article", async () => {
    await page.goto(`${stack.baseUrl}/dashboard/jobs/new`);
    await page.getByLabel("Keyword", { exact: true }).fill(KEYWORD);
    await page.getByLabel("Tone").selectOption("technical");
    await page.getByLabel("Audience").selectOption("beginners");
    await page.getByLabel("Target words").fill("1000");
    await page.getByLabel("Maximum attempts").fill("2");
    await page.getByRole("button", { name: "Start the job" }).click();
    await page.waitForURL((url) => /^\/dashboard\/jobs\/(?!new$)[A-Za-z0-9_-]+$/.test(url.pathname));
    await expect(page.locator("h1").textContent()).resolves.toBe(KEYWORD);
    const firstStatus = await page.locator(".summary .badge").textContent();
    jobPath = new URL(page.url()).pathname;

    await page.locator(".summary .badge", { hasText: /Completed|Failed/ }).waitFor({ timeout: 240_000 });
    await expect(page.locator(".summary .badge").textContent()).resolves.toBe("Completed");
    // A job still running when its page first showed must have been followed through the live stream.
    if (firstStatus !== "Completed") expect(streamRequests).toBeGreaterThan(0);
    const steps = await page.locator(".timeline li strong").allTextContents();
    expect(steps[0]).toBe("Article Requested");
    expect(steps.at(-1)).toBe("Article Completed");

    const scores = await page.getByTestId("scores").textContent();
    expect(scores).toMatch(/Overall\s*\d{1,3}\/100/);
    expect(await page.locator(".score-value").count()).toBeGreaterThan(3);

    const preview = page.frameLocator("iframe.preview");
    await preview.locator("h1").first().waitFor();
    expect((await preview.locator("h1").first().textContent())?.trim().length).toBeGreaterThan(0);
    await expect(page.locator("iframe.preview").getAttribute("sandbox")).resolves.toBe("");

    await page.screenshot({ path: path.join(screenshots, "dashboard.png"), fullPage: true });
    await page.screenshot({ path: path.join(screenshots, "dashboard-job.png") });
  });

  it("lists the job with its status and shows it in analytics", async () => {
    await page.goto(`${stack.baseUrl}/dashboard/jobs`);
    const row = page.locator("tbody tr", { hasText: KEYWORD });
    await expect(row.locator(".badge").textContent()).resolves.toBe("Completed");
    await page.getByRole("link", { name: "Analytics" }).click();
    await expect(page.locator("main dl").textContent()).resolves.toMatch(/Jobs\s*1\s*Runs completed\s*1/);
    expect(await page.locator("svg.chart").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, "dashboard-analytics.png"), fullPage: true });
  });

  it("meets the accessibility basics on every page, with a visible skip link for keyboard users", async () => {
    for (const pathname of ["/dashboard/jobs", "/dashboard/jobs/new", jobPath, "/dashboard/analytics"]) {
      await page.goto(`${stack.baseUrl}${pathname}`);
      expect(await page.locator("nav").count(), pathname).toBeGreaterThan(0);
      await expect(accessibilityProblems(page), pathname).resolves.toEqual([]);
    }
    await page.keyboard.press("Tab");
    const focused = (await page.evaluate(FOCUSED)) as { text: string; top: number; outline: string };

    expect(focused.text).toBe("Skip to main content");
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.outline).not.toBe("none");
  });

  it("renders the API reference at /docs from this origin alone, one block per operation", async () => {
    const elsewhere: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (!request.url().startsWith(stack.baseUrl) && !request.url().startsWith("data:")) elsewhere.push(request.url());
    };
    page.on("request", onRequest);
    await page.goto(`${stack.baseUrl}/docs`);
    await page.locator(".opblock").first().waitFor();
    const spec = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
    const methods = new Set(["get", "put", "post", "delete", "patch", "options", "head", "trace"]);
    const operations = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((key) => methods.has(key)));
    expect(await page.locator(".opblock").count()).toBe(operations.length);
    await expect(page.locator(".info .title").textContent()).resolves.toContain("OptiBlog Edge API");
    page.off("request", onRequest);
    expect(elsewhere).toEqual([]);
  });

  it("ran without script errors or content-security-policy violations", () => {
    expect(browserProblems).toEqual([]);
  });

  it("wrote its screenshots outside the checkout and nothing into it", async () => {
    expect((await readdir(screenshots)).sort()).toEqual([
      "dashboard-analytics.png",
      "dashboard-job.png",
      "dashboard.png",
    ]);
    if (!KEEP_SCREENSHOTS) expect(path.relative(CHECKOUT, screenshots)).toMatch(/^\.\./);
    expect(await writtenSince(started)).toEqual([]);
  });
});
