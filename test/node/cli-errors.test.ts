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

describe("CLI retries", () => {
  /** An API that answers each POST /v1/articles as `answers` says, in turn, recording the calls' keys. */
  async function flakyApi(answers: ("drop" | 503 | 429 | 202)[]) {
    const keys: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      if (request.method !== "POST") {
        response.writeHead(404, { "content-type": "application/problem+json" });
        response.end(JSON.stringify({ title: "Not Found", status: 404 }));
        return;
      }
      keys.push(request.headers["idempotency-key"] as string | undefined);
      const answer = answers[Math.min(keys.length - 1, answers.length - 1)] ?? 202;
      if (answer === "drop") {
        request.socket.destroy();
        return;
      }
      if (answer === 202) {
        response.writeHead(202, { "content-type": "application/json" });
        response.end(JSON.stringify({ id: "job_1", status: "queued", links: { self: "/v1/articles/job_1" } }));
        return;
      }
      response.writeHead(answer, { "content-type": "application/problem+json", "retry-after": "0" });
      response.end(JSON.stringify({ title: "Busy", status: answer, detail: "try again" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, keys, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  it("asks again after a dropped connection and a 503, under the same Idempotency-Key", async () => {
    const api = await flakyApi(["drop", 503, 202]);
    try {
      const { code, out } = await run(["generate", "compost", "--no-follow", "--url", api.url]);
      expect(code).toBe(0);
      expect(out).toContain("job_1");
      expect(api.keys).toHaveLength(3);
      expect(new Set(api.keys).size).toBe(1);
      expect(api.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await closeServer(api.server, "the flaky API");
    }
  });

  it("gives up after three tries with the server's answer", async () => {
    const api = await flakyApi([429]);
    try {
      const { code, err } = await run(["generate", "compost", "--no-follow", "--url", api.url]);
      expect(code).toBe(5);
      expect(err).toContain("the server answered 429");
      expect(api.keys).toHaveLength(3);
    } finally {
      await closeServer(api.server, "the flaky API");
    }
  });
});
