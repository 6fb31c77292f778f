import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.mjs";
import { type Stack, startStack } from "./harness";

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = path.resolve(import.meta.dirname, "../../bin/optiblog.mjs");
let stack: Stack;
let key: string;
let workDir: string;

/** Runs the CLI as a user would, in its own process group, killed if it outlives the timeout. */
function cli(args: string[], env: Record<string, string> = {}, timeoutMs = 240_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, OPTIBLOG_URL: stack.baseUrl, OPTIBLOG_KEY: key, ...env },
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  stack = await startStack();
  key = await stack.createTenantKey("CLI end-to-end");
  workDir = await mkdtemp(path.join(tmpdir(), "optiblog-cli-"));
});

afterAll(async () => {
  await stack?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("optiblog CLI against wrangler dev and the fixture web", () => {
  let jobId = "";

  it("generates an article for a fixture keyword with writing options and exits 0", async () => {
    const options = ["--tone", "friendly", "--audience", "beginners", "--target-words", "1000", "--no-faq"];
    const result = await cli(["generate", "raised bed vegetable garden", ...options, "--max-attempts", "2"]);
    expect(result.stderr).toMatch(/job \S+ started/);
    expect(result.code, result.stderr).toBe(0);
    const match = result.stdout.match(/^completed (\S+): "(.+)"$/m);
    expect(match, result.stdout).not.toBeNull();
    jobId = match?.[1] ?? "";
    expect(result.stdout).toMatch(/scores: overall \d+ · seo \d+ · quality \d+/);
  });

  it("downloads the article as Markdown with its title and citations to fixture pages", async () => {
    const file = path.join(workDir, "article.md");
    const result = await cli(["get", jobId, "--format", "md", "-o", file]);
    expect(result.code, result.stderr).toBe(0);
    const markdown = await readFile(file, "utf8");
    const status = await cli(["status", jobId, "--json"]);
    const job = JSON.parse(status.stdout) as {
      status: string;
      article: { title: string; sources: unknown[]; faq: unknown[] };
    };
    expect(job.status).toBe("completed");
    expect(job.article.faq).toEqual([]);
    expect(markdown).toContain(job.article.title);
    expect(markdown).toMatch(/\[\d+\]/);
    expect(markdown).toContain(`${stack.fixturesUrl}/garden/`);
    expect(job.article.sources.length).toBeGreaterThanOrEqual(2);
  });

  it("shows the job's status and scores for people", async () => {
    const result = await cli(["status", jobId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/status: +completed/);
    expect(result.stdout).toMatch(/scores: +overall \d+/);
  });

  it("exits 3 with a clear message when the API key is rejected", async () => {
    const result = await cli(["status", jobId, "--key", "obk_not_a_real_key"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the API key was rejected (401)");
  });

  it("exits 5 when the server cannot be reached", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await cli(["status", "job_x", "--url", url]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`cannot reach ${url}: connection refused`);
  });

  it("exits 4 and lists each invalid field when the server rejects the request", async () => {
    const result = await cli(["generate", "raised bed vegetable garden", "--target-words", "50", "--tone", "shouty"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("the request was rejected (400)");
    expect(result.stderr).toMatch(/- options\.targetWords: /);
    expect(result.stderr).toMatch(/- options\.tone: /);
  });

  it("starts a batch from a file of keywords, one a line, and prints its id and counts", async () => {
    const file = path.join(workDir, "keywords.txt");
    await writeFile(file, "# topics for next week\nemergency fund\n\ngit pre-commit hooks\n");
    const result = await cli(["batch", file, "--max-attempts", "1"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^batch \S+: 2 jobs for 2 keywords \(\d+ (queued|researching|writing|completed)/m);
    expect(result.stdout).toContain("emergency fund");
    expect(result.stdout).toContain("git pre-commit hooks");
  });

  it("exits 4 for a job that does not exist and 2 for a usage mistake", async () => {
    expect((await cli(["status", "job_does_not_exist"])).code).toBe(4);
    const usage = await cli(["get", jobId, "--format", "pdf"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--format must be md, html or json");
  });
});
