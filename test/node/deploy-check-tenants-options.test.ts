import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.join(import.meta.dirname, "../..");

async function checkTenants(tenants: string) {
  const script = path.join(ROOT, "scripts", "deploy-check-tenants.mjs");
  // A run that got past its options would clone (linking, not installing, its modules) and go on: cut short, it fails.
  return promisify(execFile)(process.execPath, [script, "--link-modules", "--tenants", tenants], {
    cwd: ROOT,
    timeout: 10_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number | null; stdout: string; stderr: string }) => error,
  );
}

describe("deploy:check:tenants' tenant names", () => {
  it("refuses names tenant:new would refuse, and repeated ones, with exit 2 before cloning anything", async () => {
    const { code, stdout, stderr } = await checkTenants("Acme,beta,beta,big-dlq");
    expect(code).toBe(2);
    expect(stdout).not.toContain("git clone");
    expect(stderr.split("\n")[0]).toBe(
      'deploy:check:tenants: "Acme": a tenant name is 3-32 lowercase letters, digits and dashes, starting with a ' +
        'letter; "big-dlq": "dlq" cannot be part of a tenant name: queue names carry it to mark their stage; ' +
        '"beta" is named twice',
    );
    expect(stderr).toContain("npm run deploy:check:tenants -- [--tenants alpha,beta]");
  });

  it("refuses a --tenants that names none", async () => {
    const { code, stderr } = await checkTenants(",");
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe("deploy:check:tenants: --tenants names no tenant");
  });
});
