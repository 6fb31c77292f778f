import { DOMParser, Event, parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";

// linkedom is patched (patches/linkedom+*.patch): a node gets its table of event listeners when the first listener
// is added, not when the node is made, a selector that is a list of tag names is matched by name without
// css-select and made once, upper-cased tag names are kept, and textContent is joined as it is read. Events,
// queries, names and text must work as before.
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

/** The part of a linkedom element these tests read (the project's types name no DOM). */
type Matchable = { matches(selector: string): boolean };

describe("linkedom tag-name lists match as css-select matches them", () => {
  const markup = `<html><body><div><P>a</P><section><h2>b</h2><Custom-Tag>c</Custom-Tag></section></div>
    <ul><li><a href="#x">d</a></li></ul><svg><foreignObject><p>e</p></foreignObject></svg></body></html>`;

  it.each(["p", "P", "h2,p", "DIV,li,a", "custom-tag", "section,h2,ul,li,a,p", "foreignobject", "img"])(
    "finds the elements that Element.matches (css-select) accepts for %s, in document order",
    (selector) => {
      const { document } = parseHTML(markup);
      const all = Array.from(document.querySelectorAll("*") as ArrayLike<Matchable>);
      const expected = all.filter((element) => element.matches(selector));
      expect(Array.from(document.querySelectorAll(selector) as ArrayLike<Matchable>)).toEqual(expected);
      expect(Array.from(document.body.querySelectorAll(selector) as ArrayLike<Matchable>)).toEqual(
        expected.filter((element) => element !== (document.body as unknown as Matchable)),
      );
    },
  );

  it("matches names case-sensitively in XML mode, as css-select does", () => {
    const xml = new DOMParser().parseFromString("<root><Item/><item/><b><Item/></b></root>", "text/xml");
    for (const selector of ["Item", "item", "b,Item", "ITEM"]) {
      const all = Array.from(xml.querySelectorAll("*") as ArrayLike<Matchable>);
      expect(Array.from(xml.querySelectorAll(selector) as ArrayLike<Matchable>)).toEqual(
        all.filter((element) => element.matches(selector)),
      );
    }
  });
});

describe("linkedom tag names", () => {
  it("reads upper-cased names in an HTML document and names as written in an XML one, each time the same", () => {
    const { document } = parseHTML("<html><body><p>a</p><custom-tag>b</custom-tag></body></html>");
    const made = document.createElement("section");
    for (let i = 0; i < 2; i++) {
      expect(document.querySelector("p")?.tagName).toBe("P");
      expect(document.querySelector("custom-tag")?.nodeName).toBe("CUSTOM-TAG");
      expect(made.tagName).toBe("SECTION");
    }
    const xml = new DOMParser().parseFromString("<root><Item/></root>", "text/xml");
    expect(xml.querySelector("Item")?.tagName).toBe("Item");
  });
});

describe("linkedom textContent", () => {
  it("joins the text of every text node under the element, in document order, as it changes", () => {
    const { document } = parseHTML(
      "<html><body><div>a<p>b<b>c</b></p><!-- no -->d<span></span> e\n</div></body></html>",
    );
    const div = document.querySelector("div");
    if (!div) throw new Error("parse failed");
    expect(div.textContent).toBe("abcd e\n");
    expect(document.querySelector("span")?.textContent).toBe("");
    div.querySelector("b")?.append(document.createTextNode("C"));
    expect(div.textContent).toBe("abcCd e\n");
    const xml = new DOMParser().parseFromString("<root>x<![CDATA[<y>]]>z</root>", "text/xml");
    expect(xml.querySelector("root")?.textContent).toBe("x<y>z");
  });
});

// The HTML parser under linkedom is patched (patches/htmlparser2+*.patch): its open elements are kept innermost
// last, so an element opened or closed costs the same however deep the nesting. The tree must be as before.
describe("the patched HTML parser's open elements", () => {
  const shape = (html: string) => parseHTML(`<html><body>${html}</body></html>`).document.body.innerHTML;

  it("closes what a tag implies, a close tag closes through to its element, and one never opened is ignored", () => {
    expect(shape("<p>a<p>b<div>c</div>")).toBe("<p>a</p><p>b</p><div>c</div>");
    expect(shape("<ul><li>a<li>b</ul>after")).toBe("<ul><li>a</li><li>b</li></ul>after");
    expect(shape("<div><span><b>x</div>y")).toBe("<div><span><b>x</b></span></div>y");
    expect(shape("<div>a</q>b</div>")).toBe("<div>ab</div>");
    expect(shape("<table><tr><td>1<td>2<tr><td>3</table>")).toBe(
      "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>",
    );
  });

  it("closes what is left open at the end, innermost first, and reads self-closing tags inside svg", () => {
    expect(shape("<div><section><em>open")).toBe("<div><section><em>open</em></section></div>");
    expect(shape('<svg><path d="M0"/><g></g></svg><p>after')).toBe('<svg><path d="M0" /><g /></svg><p>after</p>');
  });

  it("parses eighty thousand nested elements, and four times as many left open, whole", () => {
    const depth = 80_000;
    const nested = parseHTML(`<html><body>${"<div>".repeat(depth)}<p>deep</p>${"</div>".repeat(depth)}</body></html>`);
    expect(nested.document.querySelectorAll("div").length).toBe(depth);
    expect(nested.document.querySelector("p")?.textContent).toBe("deep");
    const open = parseHTML(`<html><body>${"<p>word <b>bold ".repeat(2 * depth)}</body></html>`);
    expect(open.document.querySelectorAll("p b").length).toBe(2 * depth);
    expect(open.document.body.textContent?.length).toBe(2 * depth * 10);
  });
});
