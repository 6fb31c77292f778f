import { describe, expect, it } from "vitest";
import { requestFields } from "../../cli/lib/options.mjs";

describe("the command line's request fields", () => {
  it("asks for a fresh article only when --fresh is given", () => {
    expect(requestFields({ fresh: true, "max-attempts": "2" })).toEqual({ fresh: true, maxAttempts: 2 });
    expect(requestFields({ tone: "casual" })).toEqual({ options: { tone: "casual" } });
  });
});
