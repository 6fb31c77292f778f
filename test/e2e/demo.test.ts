import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm run demo", () => {
  it("generates one article end to end, writes it in three formats with its scores, and stops what it started", async () => {
    const [port, fixturesPort] = [await freePort(), await freePort()];
    const out = await mkdtemp(path.join(tmpdir(), "optiblog-demo-"));
    try {
      const result = await runDemo([
        "git pre-commit hooks",
        "--port",
        String(port),
        "--fixtures-port",
        String(fixturesPort),
        "--out",
        out,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/scores: +overall \d+ · seo \d+ · quality \d+/);
      // The server is gone when the demo ends: it says how to keep the dashboard, not a dead link alone.
      expect(result.stdout).toContain(`run it with --keep-running to browse http://127.0.0.1:${port}/dashboard`);
      const written = [...result.stdout.matchAll(/wrote +(\S+)/g)].map((match) =>
        path.resolve(ROOT, match[1] as string),
      );
      expect(written.map((file) => path.dirname(file))).toEqual([out, out, out]);
      expect(written.map((file) => path.extname(file)).sort()).toEqual([".html", ".json", ".md"]);
      const markdown = await readFile(written.find((file) => file.endsWith(".md")) as string, "utf8");
      expect(markdown).toMatch(/^---\ntitle: /);
      expect(markdown).toMatch(/\[\d+\]/);
      const html = await readFile(written.find((file) => file.endsWith(".html")) as string, "utf8");
      expect(html).toContain('<script type="application/ld+json">');
      expect(await listening(port)).toBe(false);
      expect(await listening(fixturesPort)).toBe(false);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
