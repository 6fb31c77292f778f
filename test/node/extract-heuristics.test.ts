import { Readability } from "@mozilla/readability";
import { describe, expect, it, vi } from "vitest";
import { extractPage } from "../../src/core/research/extract";
import { segmentBlocks } from "../../src/core/research/extract/blocks";
import { isBoilerplate } from "../../src/core/research/extract/boilerplate";
import {
  dropControlLines,
  dropLeadingMenu,
  dropTrailingLinkRuns,
  trimFurnitureTail,
  trimHeadedTail,
  weightedLength,
} from "../../src/core/research/extract/classify";
import { cutCommentTail } from "../../src/core/research/extract/comment-tail";
import { normalizeSpace, parseDocument } from "../../src/core/research/extract/dom";
import { hasText, readabilityContent } from "../../src/core/research/extract/readability";
import { cutRelatedTail } from "../../src/core/research/extract/related-tail";
import { dropSideCells } from "../../src/core/research/extract/side-cells";

const sentence = (topic: string) =>
  `${topic} is described here in plain words, with enough detail that a reader can follow every step of it.`;
const blocksOf = (html: string) => segmentBlocks(parseDocument(`<html><body>${html}</body></html>`).body);

describe("segmentBlocks", () => {
  it("splits a region into headings, paragraphs and list items with their link text", () => {
    const blocks = blocksOf(
      `<h2>Tools</h2><p>Use a <a href="/spade">spade</a> and a fork.</p><ul><li><a href="/a">Alpha</a></li><li>Beta</li></ul>`,
    );
    expect(blocks.map(({ kind, level, text, linkChars }) => ({ kind, level, text, linkChars }))).toEqual([
      { kind: "heading", level: 2, text: "Tools", linkChars: 0 },
      { kind: "paragraph", level: 0, text: "Use a spade and a fork.", linkChars: 5 },
      { kind: "item", level: 0, text: "Alpha", linkChars: 5 },
      { kind: "item", level: 0, text: "Beta", linkChars: 0 },
    ]);
    expect(blocks[2]?.list).toBe(blocks[3]?.list);
    expect(blocks[2]?.group).toBeGreaterThanOrEqual(0);
    expect(blocks[1]?.group).toBe(-1);
  });

  it("gives each table its own group and keeps cells apart", () => {
    const blocks = blocksOf(
      `<table><tr><td>Height</td><td>2 m</td></tr></table><table><tr><td>Width</td></tr></table>`,
    );
    expect(blocks.map((block) => block.text)).toEqual(["Height", "2 m", "Width"]);
    expect(blocks[0]?.group).toBe(blocks[1]?.group);
    expect(blocks[2]?.group).not.toBe(blocks[0]?.group);
  });

  it("notes the innermost table cell of each block, and none outside tables", () => {
    const blocks = blocksOf(`<p>Lead</p><table><tr><td>Outer<table><tr><td>Inner</td></tr></table></td></tr></table>`);
    expect(blocks.map((block) => block.cell?.textContent ?? null)).toEqual([null, "OuterInner", "Inner"]);
  });
});

describe("weightedLength", () => {
  it("counts CJK characters as worth more than letters, as those scripts pack more in each", () => {
    expect(weightedLength("山")).toBe(3);
    expect(weightedLength("ab")).toBe(2);
    expect(weightedLength("가나")).toBe(6);
  });
});

describe("trimFurnitureTail", () => {
  it("drops the share bar and related links after the last paragraph, but not a link list inside the article", () => {
    const html = `<p>${sentence("The lead")}</p>
      <ul><li><a href="/a">First source</a></li><li><a href="/b">Second source</a></li></ul>
      <p>${sentence("The conclusion")}</p>
      <p>Share this article</p>
      <ul><li><a href="/r1">A related story</a></li><li><a href="/r2">Another related story</a></li></ul>`;
    const texts = trimFurnitureTail(blocksOf(html)).map((block) => block.text);
    expect(texts).toContain("First source");
    expect(texts.at(-1)).toContain("The conclusion");
    expect(texts).not.toContain("Share this article");
    expect(texts).not.toContain("A related story");
  });

  it("drops furniture lines at the end: copyright, related links, tags", () => {
    const html = `<p>${sentence("The lead")}</p><p>${sentence("The conclusion")}</p><p>Tags: soil, compost</p>
      <p>Related articles</p><p>Copyright 2024 Garden Weekly</p>`;
    expect(trimFurnitureTail(blocksOf(html)).map((block) => block.text)).toEqual([
      sentence("The lead"),
      sentence("The conclusion"),
    ]);
  });

  it("keeps a region that ends in body text whole", () => {
    const blocks = blocksOf(`<p><a href="/x">Home</a></p><p>${sentence("The only paragraph")}</p>`);
    expect(trimFurnitureTail(blocks)).toEqual(blocks);
  });

  it("keeps the cited addresses that end an article, and all the tail trims do", () => {
    const cited = ["https://nodejs.org/api/inspector.html", "https://example.org/paper", "www.example.com/data"];
    const html = `<p>${sentence("The lead")}</p><p>${sentence("The conclusion")}</p><h3>Sources &amp; links</h3>
      <ul>${cited.map((url) => `<li><a href="${url}">${url}</a></li>`).join("")}</ul>`;
    const trimmed = trimHeadedTail(dropTrailingLinkRuns(trimFurnitureTail(blocksOf(html))));
    expect(trimmed.map((block) => block.text).slice(-3)).toEqual(cited);
    const labelled = blocksOf(`<p>${sentence("The lead")}</p><p><a href="/fb">Facebook: www.facebook.com/us</a></p>`);
    expect(trimFurnitureTail(labelled)).toHaveLength(1);
  });
});

describe("dropTrailingLinkRuns", () => {
  const links = (...titles: string[]) =>
    titles.map((title, i) => `<li><a href="/s${i}">${title}</a> <span>2 hrs ago</span></li>`).join("");

  const stories = links("Council approves the new budget", "Rain expected all weekend", "Bridge closed for repairs");

  it("drops a box of three or more linked entries with dates after the article's last paragraph", () => {
    const html = `<p>${sentence("The lead")}</p><p>${sentence("The conclusion")}</p><ul>${stories}</ul>`;
    const texts = dropTrailingLinkRuns(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([sentence("The lead"), sentence("The conclusion")]);
  });

  it("keeps a link list between paragraphs, one or two linked lines at the end, and a list of mostly plain text", () => {
    const between = blocksOf(`<p>${sentence("The lead")}</p><ul>${stories}</ul>
      <p>${sentence("The conclusion")}</p>`);
    expect(dropTrailingLinkRuns(between)).toEqual(between);
    const twoLines = blocksOf(
      `<p>${sentence("The lead")}</p><p><a href="/a">Learn more</a></p><p><a href="/b">Try it</a></p>`,
    );
    expect(dropTrailingLinkRuns(twoLines)).toEqual(twoLines);
    const plain = blocksOf(`<p>${sentence("The lead")}</p><ul><li><a href="/t">Tent</a> for two people, with poles</li>
      <li><a href="/s">Stove</a> that runs on gas cans</li><li><a href="/m">Map</a> of the area at a large scale</li></ul>`);
    expect(dropTrailingLinkRuns(plain)).toEqual(plain);
  });

  it("keeps a heading that ends a run, and a region with no body text whole", () => {
    const headed = dropTrailingLinkRuns(
      blocksOf(`<p>${sentence("The lead")}</p><ul>${stories}</ul><h3>Notes</h3>`),
    ).map((block) => block.text);
    expect(headed).toEqual([sentence("The lead"), "Notes"]);
    const noBody = blocksOf(`<ul>${stories}</ul>`);
    expect(dropTrailingLinkRuns(noBody)).toEqual(noBody);
  });
});

describe("dropLeadingMenu", () => {
  it("drops a menu of three or more links that opens the region before its first paragraph", () => {
    const html = `<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/cars">Cars</a></li></ul>
      <p>${sentence("The lead")}</p><p>${sentence("The conclusion")}</p>`;
    expect(dropLeadingMenu(blocksOf(html)).map((block) => block.text)).toEqual([
      sentence("The lead"),
      sentence("The conclusion"),
    ]);
  });

  it("drops a menu under a plain label, and keeps a table of contents that links into the page", () => {
    const items = (prefix: string) =>
      ["Top stories", "National", "Business", "Sport"].map((t) => `<li><a href="${prefix}${t}">${t}</a></li>`).join("");
    const labelled = blocksOf(`<p>Sections</p><ul>${items("/")}</ul><p>${sentence("The lead")}</p>`);
    expect(dropLeadingMenu(labelled).map((block) => block.text)).toEqual([sentence("The lead")]);
    const contents = blocksOf(`<p>Contents</p><ul>${items("#")}</ul><p>${sentence("The lead")}</p>`);
    expect(dropLeadingMenu(contents)).toEqual(contents);
  });

  it("drops a box of teasers under its own heading above the article, and keeps a heading over the article's text", () => {
    const teasers = [
      "Carmack: nothing exciting about Windows 8",
      "Engine files discovered in an update",
      "EA sues Zynga over The Ville",
    ]
      .map((t, i) => `<li><a href="/n/${i}">${t}</a> ${i + 2}days ago</li>`)
      .join("");
    const boxed = blocksOf(`<h3>Hot News</h3><ul>${teasers}</ul><p>${sentence("The lead")}</p>`);
    expect(dropLeadingMenu(boxed).map((block) => block.text)).toEqual([sentence("The lead")]);
    const headed = blocksOf(`<h1>A headline</h1><p>By Sam Smith</p><p>2 May 2012</p><p>${sentence("The lead")}</p>`);
    expect(dropLeadingMenu(headed)).toEqual(headed);
  });

  it("keeps a linked headline and byline above the first paragraph, and links after it", () => {
    const headed = blocksOf(`<h2><a href="/post">A headline</a></h2><p>By <a href="/sam">Sam Smith</a></p>
      <p>${sentence("The lead")}</p>`);
    expect(dropLeadingMenu(headed)).toEqual(headed);
    const later = blocksOf(`<p>${sentence("The lead")}</p><p><a href="/a">One</a></p><p><a href="/b">Two</a></p>
      <p><a href="/c">Three</a></p>`);
    expect(dropLeadingMenu(later)).toEqual(later);
  });
});

describe("trimHeadedTail", () => {
  it("drops a headed box of short entries after the article's last paragraph", () => {
    const html = `<p>${sentence("The lead")}</p><p>${sentence("The conclusion")}</p>
      <h3>Hot news</h3><p>Storm hits the coast 2 hrs ago</p><p>Team wins the cup 5 hrs ago</p><p>New park opens 1 day ago</p>`;
    const texts = trimHeadedTail(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([sentence("The lead"), sentence("The conclusion")]);
  });

  it("keeps a last section that body text follows, and a short closing list under a heading", () => {
    const withBody = blocksOf(
      `<p>${sentence("The lead")}</p><h3>Summary</h3><p>One</p><p>Two</p><p>Three</p><p>${sentence("The conclusion")}</p>`,
    );
    expect(trimHeadedTail(withBody)).toEqual(withBody);
    const shortList = blocksOf(
      `<p>${sentence("The lead")}</p><h3>Sources</h3><ul><li>A book</li><li>A paper</li></ul>`,
    );
    expect(trimHeadedTail(shortList)).toEqual(shortList);
  });
});

describe("dropControlLines", () => {
  it("drops back-to-top, share, print and teaser-link lines between paragraphs and keeps sentences that use the words", () => {
    const html = `<p>${sentence("Soil")}</p><p>Back to top</p><p>Print this article</p><p>Share:</p><p>FULL STORY »</p>
      <p>Print the form and share it with your neighbours.</p><p>${sentence("Light")}</p>`;
    const texts = dropControlLines(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([sentence("Soil"), "Print the form and share it with your neighbours.", sentence("Light")]);
  });

  it("drops a control set in brackets as a button and keeps a bracketed aside that is not one", () => {
    const html = `<p>${sentence("Soil")}</p><p>(Back to top)</p><p>[ Printer Friendly Version ]</p><p>(Return to Top)</p>
      <p>(Read more about compost in the next issue.)</p><p>${sentence("Light")}</p>`;
    const texts = dropControlLines(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([sentence("Soil"), "(Read more about compost in the next issue.)", sentence("Light")]);
  });

  it("drops article tools, text-size controls and printer-friendly links and keeps sentences about them", () => {
    const html = `<p>${sentence("Soil")}</p><p>Article Tools</p><p>font size</p><p>Text Size -</p>
      <p>Email article: Email</p><p>Printer friendly version</p><p>Printable Version</p><p>Post a comment</p>
      <p>Leave a reply</p><p>The text size on the seed packet is too small to read.</p><p>${sentence("Light")}</p>`;
    const texts = dropControlLines(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([
      sentence("Soil"),
      "The text size on the seed packet is too small to read.",
      sentence("Light"),
    ]);
  });

  it("drops the labels of ad slots between paragraphs and keeps sentences, headings and list entries about advertising", () => {
    const html = `<p>${sentence("Soil")}</p><p>ADVERTISING</p><p>Advertisment</p><p>Sponsored content</p>
      <p>Article continues below advertisement</p><p>Remove this ad</p><p>Report ad</p>
      <p>Advertising pays for the paper.</p><p>Remove this add-on before you update.</p><h2>Advertising</h2>
      <ul><li>Design</li><li>Advertising</li></ul><p>${sentence("Light")}</p>`;
    const texts = dropControlLines(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([
      sentence("Soil"),
      "Advertising pays for the paper.",
      "Remove this add-on before you update.",
      "Advertising",
      "Design",
      "Advertising",
      sentence("Light"),
    ]);
  });

  it("drops the template's lines about the post and keeps sentences about tags and categories", () => {
    const html = `<p>${sentence("Soil")}</p><p>Tagged as: soil, compost</p><p>Filed under Gardening</p>
      <p>This entry was posted on Monday, May 4th at 2:01 pm.</p><p>Categories: How-to</p>
      <p>Tags on the seed packets name the variety.</p><p>${sentence("Light")}</p>`;
    const texts = dropControlLines(blocksOf(html)).map((block) => block.text);
    expect(texts).toEqual([sentence("Soil"), "Tags on the seed packets name the variety.", sentence("Light")]);
  });
});

describe("dropSideCells", () => {
  const article = ["Soil", "Water", "Light", "Feeding", "Pruning", "Harvest"].map((t) => `<p>${sentence(t)}</p>`);
  const beside = `<p>Our shop on the high street is open every day of the week from nine until six.</p>`;
  const texts = (html: string) => dropSideCells(blocksOf(html)).map((block) => block.text);

  it("drops the columns beside the article's cell of a layout table and keeps the headline row above it", () => {
    const html = `<table><tr><td colspan="3"><h1>How to grow a kitchen garden</h1></td></tr>
      <tr><td><a href="/">Home</a><br><a href="/shop">Shop</a></td><td>${article.join("")}</td><td>${beside}</td></tr>
      </table>`;
    const kept = texts(html);
    expect(kept[0]).toBe("How to grow a kitchen garden");
    expect(kept).toContain(sentence("Harvest"));
    expect(kept.join("\n")).not.toContain("high street");
    expect(kept).not.toContain("Home");
  });

  it("keeps a table inside the article's cell and the text around the table", () => {
    const html = `<p>${sentence("Seeds")}</p><table><tr><td>${article.join("")}
      <table><tr><td>Tomato</td><td>May</td></tr></table></td></tr></table>`;
    expect(texts(html)).toEqual([sentence("Seeds"), ...article.map((p) => p.slice(3, -4)), "Tomato", "May"]);
  });

  it("keeps every cell when no one cell holds most of the prose", () => {
    const html = `<table><tr><td>${article.slice(0, 3).join("")}</td><td>${article.slice(3).join("")}${beside}</td></tr></table>`;
    expect(texts(html)).toHaveLength(7);
  });
});

describe("isBoilerplate", () => {
  it("knows disclaimers and author bios by their class names, but not the article that mentions them", () => {
    const doc = parseDocument(`<html><body>
      <div id="a" class="site-disclaimer">Not financial advice.</div><div id="b" class="author-bio">Sam writes.</div>
      <div id="c" class="post-content disclaimer-note">The article.</div><div id="d" class="biography">A life.</div></body></html>`);
    const judged = ["a", "b", "c", "d"].map((id) => {
      const element = doc.querySelector(`#${id}`);
      return element ? isBoilerplate(element, 10_000) : null;
    });
    expect(judged).toEqual([true, true, false, false]);
  });
  it("knows ad slots by an ad word in a class or id, also at the end of a camel-cased name, and not inside a word", () => {
    const doc = parseDocument(`<html><body>
      <div id="ctl00_CenterBar_YahooAds">Energy audits near you</div><div id="b" class="box sponsoredLinks">Cheap PDAs</div>
      <div id="c" class="right-adverts">Buy now</div><div id="downloads">The data files</div>
      <div id="e" class="roads headshot">A photo</div><div id="f" class="article-ads">The article.</div></body></html>`);
    const judged = Array.from(doc.querySelectorAll("div")).map((element) => isBoilerplate(element, 10_000));
    expect(judged).toEqual([true, true, true, false, false, false]);
  });
});

describe("cutCommentTail", () => {
  it("cuts a thread after its header, but not a comment count in the byline", () => {
    const blocks = blocksOf(
      `<p>By Sam · 3 comments</p><p>${sentence("Soil")}</p><p>${sentence("Water")}</p><p>${sentence("Light")}</p>
       <p>${sentence("Feeding")}</p><h3>12 Comments</h3><p>Great post, thanks for writing it.</p>`,
    );
    const texts = cutCommentTail(blocks).map((block) => block.text);
    expect(texts[0]).toBe("By Sam · 3 comments");
    expect(texts.at(-1)).toBe(sentence("Feeding"));
    expect(texts).not.toContain("12 Comments");
  });
});

describe("cutRelatedTail", () => {
  it("cuts a box of teasers under a related-links header after the article, summaries and all", () => {
    const blocks = blocksOf(
      `<p>${sentence("Soil")}</p><p>${sentence("Water")}</p><p>${sentence("Light")}</p><h3>More from Gardening</h3>
       <p><a href="/a">Tomatoes in pots</a></p><p>${sentence("Growing tomatoes on a balcony")}</p>`,
    );
    const texts = cutRelatedTail(blocks).map((block) => block.text);
    expect(texts).toEqual([sentence("Soil"), sentence("Water"), sentence("Light")]);
  });

  it("keeps a header before most of the text, and an inline related link", () => {
    const early = blocksOf(
      `<p>${sentence("Soil")}</p><h3>Related reading</h3><p>${sentence("Water")}</p><p>${sentence("Light")}</p>`,
    );
    expect(cutRelatedTail(early)).toHaveLength(4);
    const inline = blocksOf(
      `<p>${sentence("Soil")}</p><p>Related: how to water tomatoes</p><p>${sentence("Light")}</p>`,
    );
    expect(cutRelatedTail(inline)).toHaveLength(3);
  });

  it("reads a header through its trailing punctuation, and nothing longer than a header", () => {
    const article = `<p>${sentence("Soil")}</p><p>${sentence("Water")}</p><p>${sentence("Light")}</p>`;
    for (const header of [
      "You may also like:",
      "Elsewhere on Garden Weekly ›",
      "More stories from our desk »",
      "Related —",
    ]) {
      const blocks = blocksOf(`${article}<h3>${header}</h3><p><a href="/a">Tomatoes in pots</a></p>`);
      expect(cutRelatedTail(blocks), header).toHaveLength(3);
    }
    // A line past the header length, or one whose words go on after the open run, is text of the article.
    for (const line of [
      `More from ${"the garden ".repeat(8)}`,
      "Elsewhere on the farm, the hens had stopped laying eggs.",
    ]) {
      const blocks = blocksOf(`${article}<p>${line}</p><p>${sentence("Harvest")}</p>`);
      expect(cutRelatedTail(blocks), line).toHaveLength(5);
    }
  });
});

describe("extractPage prunes Readability's region", () => {
  it("finds a linked comment-thread header before pruning link runs, so the thread still goes", () => {
    const paragraphs = ["Soil", "Water", "Light", "Feeding", "Pruning", "Harvest"].map((t) => `<p>${sentence(t)}</p>`);
    const html = `<html><body><div>${paragraphs.join("")}
      <p><a href="#c">Comments</a></p><p><a href="/login">Log in</a></p><p><a href="/rss">Comment feed</a></p>
      <p>I tried this in my own garden last spring and the beds have never looked better than they do today.</p>
      </div></body></html>`;
    const page = extractPage(html, "https://garden.example/post");
    expect(page.text).toContain(sentence("Harvest"));
    expect(page.text).not.toContain("my own garden");
  });
});

describe("extractPage reads its own region", () => {
  it("leaves out the columns beside the article's cell of a layout table", () => {
    const topics = ["Soil", "Water", "Light", "Feeding", "Pruning", "Harvest", "Storage", "Seeds"];
    const paragraphs = topics.map((t) => `<p>${sentence(t)}</p>`);
    const html = `<html><body><table><tr><td>${paragraphs.join("")}</td>
      <td><p>Our shop on the high street is open every day of the week from nine until six.</p></td></tr>
      </table></body></html>`;
    const page = extractPage(html, "https://old.example/garden");
    expect(page.text).toContain(sentence("Harvest"));
    expect(page.text).not.toContain("high street");
  });

  it("reads a page whose article is plain text split by line breaks in a layout table", () => {
    const lines = ["Soil", "Water", "Light", "Feeding", "Pruning", "Harvest"].map(sentence).join("<br><br>");
    const html = `<html><body><table><tr><td><a href="/">Home</a> | <a href="/about">About</a></td></tr>
      <tr><td><font>${lines}</font></td></tr></table></body></html>`;
    const page = extractPage(html, "https://old.example/");
    expect(page.text).toContain(sentence("Soil"));
    expect(page.text).toContain(sentence("Harvest"));
    expect(page.text).not.toContain("About");
  });
});

describe("readabilityContent", () => {
  const body = [1, 2, 3, 4]
    .map((n) => `<p>${sentence(`Step ${n} of the method`)} ${sentence("Its reason")}</p>`)
    .join("");
  const pages = {
    byline: `<article><p class="byline">By Jane Doe</p>${body}</article>`,
    relAuthor: `<article><a rel="author" href="/jane">Jane Doe</a>${body}</article>`,
    longAuthorBox: `<article>${body}<div class="author-bio">${sentence("The author")} ${sentence("Her work")}</div></article>`,
    hiddenParts: `<article>${body}<p style="display: none">${sentence("A styled-away note")}</p>
      <p hidden>${sentence("An attribute-hidden note")}</p><p aria-hidden="true">${sentence("An aria-hidden note")}</p>
      <p aria-hidden="true" class="fallback-image">${sentence("A fallback image")}</p>
      <p style="color: red">${sentence("A red note")}</p></article>`,
  };

  it.each(Object.entries(pages))("returns the same text as Readability's own parse for a page with %s", (_, html) => {
    const page = `<html><head><title>A method</title></head><body>${html}</body></html>`;
    const ours = readabilityContent(parseDocument(page));
    const reference = new Readability(parseDocument(page) as never).parse();
    expect(normalizeSpace(ours?.textContent ?? "")).toBe(normalizeSpace(reference?.textContent ?? ""));
  });

  it("says an element has text exactly where its joined text is more than white space", () => {
    const page = parseDocument(`<html><body><div id="a"><div> \n\t<span>\u00a0</span><!-- note --></div>
      <section><header><br><hr></header><h2> <em>Soil</em></h2></section><div><div><p></p></div>x</div>
      <div>\u2003<b>\ufeff</b></div><p>${sentence("Water")}</p></div></body></html>`);
    const elements = Array.from(page.querySelectorAll("*"));
    expect(elements.filter((element) => !hasText(element)).length).toBeGreaterThan(5);
    for (const element of elements) {
      expect(hasText(element)).toBe((element.textContent ?? "").trim().length > 0);
    }
  });

  it("puts the page back from a fresh reading when a first pass finds too little, as Readability's own copy would", () => {
    const page = `<html><head><title>A method</title></head><body><div class="sidebar">${body}</div>
      <div><p>Menu</p></div></body></html>`;
    const reread = vi.fn(() => parseDocument(page));
    const doc = parseDocument(page);
    const ours = readabilityContent(doc, reread);
    const reference = new Readability(parseDocument(page) as never).parse();
    expect(reread).toHaveBeenCalled();
    expect(normalizeSpace(ours?.textContent ?? "")).toContain(sentence("Step 4 of the method"));
    expect(normalizeSpace(ours?.textContent ?? "")).toBe(normalizeSpace(reference?.textContent ?? ""));
    expect((doc.body as unknown as { innerHTML: string }).innerHTML).not.toContain("kept by the extractor");
  });

  it("reads a page that fails every pass again once, and gives what Readability gives on its own", () => {
    // Too little text for any pass: Readability puts the page back three times and keeps its longest attempt.
    const page = `<html><head><title>Tips</title></head><body><div class="sidebar"><p>${sentence("Mulch")}</p></div>
      <article><p>${sentence("Water deeply")}</p><ol><li>Keep beds narrow.</li><li>Add compost.</li></ol></article>
      </body></html>`;
    const reread = vi.fn(() => parseDocument(page));
    const ours = readabilityContent(parseDocument(page), reread);
    const reference = new Readability(parseDocument(page) as never).parse();
    expect(reread).toHaveBeenCalledTimes(1);
    expect(normalizeSpace(ours?.textContent ?? "")).toContain(sentence("Water deeply"));
    expect(normalizeSpace(ours?.textContent ?? "")).toBe(normalizeSpace(reference?.textContent ?? ""));
  });

  it("reads a page that needs no second pass without reading it again", () => {
    const reread = vi.fn(() => parseDocument("<html><body></body></html>"));
    const text = readabilityContent(parseDocument(`<html><body>${pages.byline}</body></html>`), reread)?.textContent;
    expect(text).toContain("Step 4 of the method");
    expect(reread).not.toHaveBeenCalled();
  });

  it("drops elements hidden by style, hidden or aria-hidden, and keeps styled and fallback-image ones", () => {
    const text = readabilityContent(parseDocument(`<html><body>${pages.hiddenParts}</body></html>`))?.textContent;
    expect(text).not.toContain("A styled-away note");
    expect(text).not.toContain("An attribute-hidden note");
    expect(text).not.toContain("An aria-hidden note");
    expect(text).toContain("A fallback image");
    expect(text).toContain("A red note");
  });

  it("returns an article whose markup is its own, the same as Readability's own parse returns", () => {
    const page = `<html><head><title>A method</title></head><body>${pages.relAuthor}</body></html>`;
    const ours = readabilityContent(parseDocument(page)) as unknown as { innerHTML: string } | null;
    const reference = new Readability(parseDocument(page) as never, { keepClasses: true }).parse();
    expect(ours?.innerHTML).toContain("Step 4 of the method");
    expect(ours?.innerHTML).toBe(reference?.content);
    expect(Object.hasOwn(ours ?? {}, "innerHTML")).toBe(false);
  });

  it("takes a short byline out of the content and keeps a long author box", () => {
    const page = (html: string) => `<html><body>${html}</body></html>`;
    expect(readabilityContent(parseDocument(page(pages.byline)))?.textContent).not.toContain("Jane Doe");
    expect(readabilityContent(parseDocument(page(pages.longAuthorBox)))?.textContent).toContain("The author is");
  });
});
