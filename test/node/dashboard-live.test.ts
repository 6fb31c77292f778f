import { runInNewContext } from "node:vm";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { LIVE_JS } from "../../src/dashboard/assets/live";
import { formatDate } from "../../src/dashboard/views/components";

/** Runs the job page's live script over a timeline, with an EventSource the test drives. */
function livePage() {
  const { document } = parseHTML(`<html><body><ol data-live-events="/dashboard/jobs/art_1/events"></ol></body></html>`);
  const sources: FakeEventSource[] = [];
  class FakeEventSource {
    static CLOSED = 2;
    onmessage?: (message: { data: string }) => void;
    constructor() {
      sources.push(this);
    }
    close() {}
  }
  const window = { document, EventSource: FakeEventSource, location: { reload() {} }, setTimeout };
  runInNewContext(LIVE_JS, { ...window, window });
  const send = (event: object) => sources[0]?.onmessage?.({ data: JSON.stringify(event) });
  return { document, send };
}

describe("live timeline", () => {
  it("stamps an entry that arrives live in the page's one time format", () => {
    const { document, send } = livePage();
    send({ type: "ResearchCompleted", version: 3, time: "2026-12-02T01:18:14.000Z" });
    expect(document.querySelector("li strong")?.textContent).toBe("Research Completed");
    expect(document.querySelector("li time")?.textContent).toBe(formatDate("2026-12-02T01:18:14.000Z"));
    expect(formatDate("2026-12-02T01:18:14.000Z")).toBe("2026-12-02 01:18");
  });
});
