import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startsUp } from "../../scripts/lib/starts-up.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "starts-up-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Stands in for `wrangler dev`: answers /health on the --port it is given, and exits 1 when that port is taken.
const fakeDev = path.join(dir, "fake-dev.mjs");
writeFileSync(
  fakeDev,
  `import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
const port = Number(process.argv[process.argv.indexOf("--port") + 1]);
writeFileSync(process.argv[2], String(port));
const server = createServer((req, res) => res.end("ok"));
server.once("error", () => process.exit(1));
server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`,
);

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

afterEach(() => vi.restoreAllMocks());

describe("the deploy check's start-up", () => {
  it("starts wrangler dev on a port that is free, not one another process holds", async () => {
    // Hold a port in the range a random pick used to land in, and make the pick land on it.
    let held: Server | undefined;
    let port = 18_700;
    for (; port < 19_700 && !held; port++) held = await listen(port);
    expect(held).toBeDefined();
    const heldPort = port - 1;
    vi.spyOn(Math, "random").mockReturnValue((heldPort - 18_700 + 0.5) / 1000);
    const record = path.join(dir, "port");
    try {
      const problem = await startsUp(process.execPath, [fakeDev, record], { timeoutMs: 20_000 });
      expect(problem).toBeUndefined();
      expect(Number(readFileSync(record, "utf8"))).not.toBe(heldPort);
    } finally {
      await new Promise((resolve) => held?.close(resolve));
    }
  });

  it("names how wrangler dev exited when it does not start", async () => {
    const failing = path.join(dir, "failing-dev.mjs");
    writeFileSync(failing, 'console.error("no such binding"); process.exit(3);\n');
    expect(await startsUp(process.execPath, [failing], { timeoutMs: 20_000 })).toBe(
      "wrangler dev exited with 3:\nno such binding",
    );
  });
});
