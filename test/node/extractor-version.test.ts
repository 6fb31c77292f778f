import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startFixtureServer } from "../../fixtures/lib/app.mjs";
import { extractPage } from "../../src/core/research/extract";
import { EXTRACTOR_VERSION } from "../../src/core/research/extract/version";
import { stableJson } from "../../src/core/stable-json";

/** The fixture web's address in the digested pages, whatever port the server got. */
const ORIGIN = "http://fixtures.test";

/** Every fixture page as the fixture web serves it, by path. */
async function fixturePages(): Promise<[string, string][]> {
  const server = await startFixtureServer({ port: 0 });
  try {
    const paths = server.catalog.pages.map((page) => page.path).sort();
    return await Promise.all(
      paths.map(async (path): Promise<[string, string]> => {
        const html = await (await fetch(`${server.url}${path}`)).text();
        return [path, html.replaceAll(server.url, ORIGIN)];
      }),
    );
  } finally {
    await server.close();
  }
}

describe("the extractor's version", () => {
  it("is raised whenever what extractPage returns for the fixture pages changes", async () => {
    const pages = await fixturePages();
    expect(pages.length).toBeGreaterThan(10);
    const outputs = pages.map(([path, html]) => [path, extractPage(html, `${ORIGIN}${path}`)]);
    const digest = createHash("sha256").update(stableJson(outputs)).digest("hex");
    expect(
      { version: EXTRACTOR_VERSION, digest },
      "extractPage's output over the fixture pages changed: cached extractions are keyed by EXTRACTOR_VERSION, so " +
        "if the digest changes, raise EXTRACTOR_VERSION (src/core/research/extract/version.ts) and update the digest here",
    ).toEqual({ version: 13, digest: "f45e85d294561647d91da0f004d1f6fbc47c2b419a7844494b54a61ab773aaf1" });
  });
});
