import { DOMParser, Event, parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";

// linkedom is patched (patches/linkedom+*.patch): a node gets its table of event listeners when the first listener
// is added, not when the node is made, and a selector that is a list of tag names is compiled once. Events and
// queries must work as before.
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

describe("linkedom queries by lists of tag names", () => {
  it("find what the document holds at the time of each query", () => {
    const { document } = parseHTML("<html><body><div><p>a</p></div><h2>b</h2></body></html>");
    const body = document.body;
    expect(body.querySelectorAll("div").length).toBe(1);
    // Elements made with an upper-case name match a lower-case selector in an HTML document.
    const made = document.createElement("DIV");
    body.appendChild(made);
    expect(body.querySelectorAll("div").length).toBe(2);
    made.remove();
    expect(body.querySelectorAll("div").length).toBe(1);
    expect(Array.from(body.querySelectorAll("h2,p") as ArrayLike<{ localName: string }>, (e) => e.localName)).toEqual([
      "p",
      "h2",
    ]);
    expect(body.querySelectorAll("P").length).toBe(1);
  });

  it("match names case-sensitively in an XML document and not in an HTML one", () => {
    const xml = new DOMParser().parseFromString("<root><Item/><item/></root>", "text/xml");
    expect(xml.querySelectorAll("Item").length).toBe(1);
    expect(xml.querySelectorAll("item").length).toBe(1);
    const { document } = parseHTML("<html><body><item></item><ITEM></ITEM></body></html>");
    expect(document.querySelectorAll("Item").length).toBe(2);
    expect(xml.querySelectorAll("Item").length).toBe(1);
  });
});
