import { describe, expect, it } from "vitest";
import { normaliseMarkers } from "../../src/core/article/text";
import { plainText } from "../../src/core/render/escape";
import { citationMarkers, stripMarkers } from "../../src/core/text/markdown";
import { dropUncitableMarkers } from "../../src/core/writing/citation-repair";

/** A research run reads at most 20 sources, so a citation marker has one to three digits; "[2024]" is a year. */
describe("citation markers and bracketed years", () => {
  it("reads a bracketed year as text, not as a citation", () => {
    expect(citationMarkers("The best laptops [2024] are fast [1], and the 2023 ones [12] are cheaper.")).toEqual([
      1, 12,
    ]);
    expect(stripMarkers("Best laptops [2024] are fast [1].")).toBe("Best laptops [2024] are fast.");
    expect(plainText("Best laptops [2024] are fast [1].")).toBe("Best laptops [2024] are fast.");
    expect(normaliseMarkers("Prices [2023, 2024] rose [1, 3].")).toBe("Prices [2023, 2024] rose [1][3].");
  });

  it("keeps a year in brackets when uncitable markers are dropped from a model's answer", () => {
    const { value, dropped } = dropUncitableMarkers(
      { title: "Best Budget Laptops [2024]", body: "They are fast [1] and light [7]." },
      new Set([1]),
    );
    expect(value).toEqual({ title: "Best Budget Laptops [2024]", body: "They are fast [1] and light." });
    expect(dropped).toEqual([7]);
  });
});
