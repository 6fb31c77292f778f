import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/lib/main.mjs";
import { closeServer } from "../servers";

/** Runs the CLI in-process and returns its exit code and what it wrote. */
async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, {
    env: { OPTIBLOG_KEY: "obk_test" },
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
  });
  return { code, out, err };
}

describe("CLI messages", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    // Not the API: a web server answering HTML pages, 404 or 200 depending on the path.
    server = createServer((request, response) => {
      const status = request.url?.includes("found") ? 200 : 404;
      response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      response.end(
        `<!doctype html><html><head><title>${status}</title></head><body><h1>Welcome to nginx</h1></body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => closeServer(server, "the CLI test's web server"));

  it("summarises an error answer that is not problem+json instead of printing the page", async () => {
    const { code, err } = await run(["status", "job_x", "--url", url]);
    expect(code).toBe(5);
    expect(err).toBe(`optiblog: ${url} answered 404 Not Found with text/html, not the OptiBlog API: check --url\n`);
  });

  it("summarises a successful answer that is not JSON where JSON was expected", async () => {
    const { code, err } = await run(["status", "found", "--url", url]);
    expect(code).toBe(5);
    expect(err).toContain("answered 200 OK with text/html, not the OptiBlog API");
    expect(err).not.toContain("<");
  });

  it("names an unknown option in a closed quote", async () => {
    const { code, err } = await run(["status", "job_x", "--bogus"]);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe('optiblog: unknown option "--bogus" for status');
  });
});
