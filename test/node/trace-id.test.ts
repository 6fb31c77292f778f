import { describe, expect, it } from "vitest";
import { traceIdFrom } from "../../src/core/jobs/trace";

const TRACE = "0af7651916cd43dd8448eb211c80319c";

describe("a job's trace id from the caller's traceparent", () => {
  it("continues a valid traceparent, of this version or a later one with more fields after it", () => {
    expect(traceIdFrom(`00-${TRACE}-b7ad6b7169203331-01`)).toBe(TRACE);
    expect(traceIdFrom(` 00-${TRACE}-b7ad6b7169203331-00 `)).toBe(TRACE);
    expect(traceIdFrom(`01-${TRACE}-b7ad6b7169203331-01-what-comes-next`)).toBe(TRACE);
    expect(traceIdFrom(`cc-${TRACE}-b7ad6b7169203331-09`)).toBe(TRACE);
  });

  it("starts a new trace for one the W3C format calls invalid, as the tracing propagator does", () => {
    const invalid = [
      `ff-${TRACE}-b7ad6b7169203331-01`, // version ff is forbidden
      `00-${TRACE}-0000000000000000-01`, // no parent
      `00-${"0".repeat(32)}-b7ad6b7169203331-01`, // no trace
      `00-${TRACE.toUpperCase()}-B7AD6B7169203331-01`, // upper-case hex
      `00-${TRACE}-b7ad6b7169203331-01-extra`, // version 00 has exactly four fields
      `01-${TRACE}-b7ad6b7169203331-01extra`, // a later version's extra fields follow a dash
      "garbage",
    ];
    for (const header of invalid) {
      const id = traceIdFrom(header);
      expect(id, header).toMatch(/^[0-9a-f]{32}$/);
      expect(id, header).not.toBe(TRACE);
    }
  });
});
