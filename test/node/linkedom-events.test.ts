import { Event, parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";

// linkedom is patched (patches/linkedom+*.patch) so that a node gets its table of event listeners when the first
// listener is added, not when the node is made: events must work on every node as before.
describe("linkedom events on parsed nodes", () => {
  it("calls listeners added to a parsed element, bubbling to its ancestors, until they are removed", () => {
    const { document } = parseHTML("<html><body><div><p id='x'>text</p></div></body></html>");
    const p = document.getElementById("x");
    const div = p?.parentNode;
    if (!p || !div) throw new Error("parse failed");
    const heard: string[] = [];
    const onP = (event: { type: string }) => heard.push(`p:${event.type}`);
    const onDiv = () => heard.push("div");
    p.addEventListener("ping", onP);
    div.addEventListener("ping", onDiv);
    p.dispatchEvent(new Event("ping", { bubbles: true }));
    p.removeEventListener("ping", onP);
    p.dispatchEvent(new Event("ping", { bubbles: true }));
    expect(heard).toEqual(["p:ping", "div", "div"]);
  });

  it("dispatches to and removes from a node that never had a listener without throwing", () => {
    const { document } = parseHTML("<p>text</p>");
    const text = document.createTextNode("t");
    const p = document.querySelector("p");
    if (!p) throw new Error("parse failed");
    expect(() => p.removeEventListener("ping", () => {})).not.toThrow();
    expect(p.dispatchEvent(new Event("ping"))).toBe(true);
    expect(() => text.removeEventListener("ping", () => {})).not.toThrow();
  });

  it("keeps level-0 handlers working (onclick set as a property)", () => {
    const { document } = parseHTML("<button>b</button>");
    const button = document.querySelector("button") as unknown as { onclick: unknown; click(): void };
    let clicks = 0;
    button.onclick = () => clicks++;
    button.click();
    button.onclick = null;
    button.click();
    expect(clicks).toBe(1);
  });
});
