import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { problem, zodErrors } from "./problem";

/** Every router shares one validation hook, so a bad body is the same problem+json everywhere. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problem(c, 400, "validation-failed", "The request did not match the schema", zodErrors(result.error));
      }
    },
  });
}

export const bearerSecurity = [{ ApiKey: [] }];
export const adminSecurity = [{ AdminToken: [] }];
