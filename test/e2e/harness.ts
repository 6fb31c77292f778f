/**
 * The end-to-end stack for Node-side tests: the fixture web and `wrangler dev` on free 127.0.0.1 ports,
 * fresh local state, a random admin token. Call `stop()` in `afterAll`; it kills the whole process group.
 */
import { type Stack, type StackOptions, startStack as startLocalStack } from "../../scripts/lib/stack.mjs";

export type { Stack, StackOptions };

export function startStack(options?: StackOptions): Promise<Stack> {
  return startLocalStack(options);
}
