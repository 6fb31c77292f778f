import { spawn } from "node:child_process";

/**
 * Child processes started in their own process group, so one signal to the group stops a whole tree
 * (wrangler and the workerd it starts). Groups still alive when this process exits are killed then.
 */
const liveGroups = new Set();
process.once("exit", () => {
  for (const pid of liveGroups) killGroup(pid, "SIGKILL");
});

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Spawns `command` in a new process group, keeping the last lines of its output for error messages. */
export function spawnGroup(command, args, { env, cwd, onLine } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: "pipe" });
  liveGroups.add(child.pid);
  const tail = [];
  const remember = (chunk) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 80) tail.shift();
      onLine?.(line);
    }
  };
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, tail, stop: () => stopGroup(child.pid), kill: () => killGroupNow(child.pid) };
}

/** SIGTERM to the group, then SIGKILL to whatever is still there after a grace period. */
async function stopGroup(pid, graceMs = 5000) {
  if (!killGroup(pid, "SIGTERM")) {
    liveGroups.delete(pid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) killGroup(pid, "SIGKILL");
  while (groupAlive(pid) && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 50));
  liveGroups.delete(pid);
}

/** SIGKILL to the whole group at once, as a crash would; resolves when the group is gone. */
async function killGroupNow(pid) {
  killGroup(pid, "SIGKILL");
  const deadline = Date.now() + 5000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  liveGroups.delete(pid);
}

/** Runs a command to completion in its own group; rejects with its output when it fails. */
export async function run(command, args, options = {}) {
  const proc = spawnGroup(command, args, options);
  const { code, signal } = await proc.exited;
  await stopGroup(proc.child.pid, 1000);
  if (code !== 0) {
    throw new Error(`${[command, ...args].join(" ")} failed (${signal ?? code}):\n${proc.tail.join("\n")}`);
  }
  return proc.tail;
}
