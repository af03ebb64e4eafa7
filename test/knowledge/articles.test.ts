import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARTICLES_DIR, loadArticles, parseArticle } from "../../src/knowledge/articles.js";
import { SEEDS_DIR, seedRuns, sharedRuns } from "./originality.js";

const { articles, problems } = loadArticles();
const runs = seedRuns();

describe("the knowledge base", () => {
  it("has at least 40 valid articles: title, audience, tags, synonyms and a source each", () => {
    expect(problems).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(40);
    for (const a of articles) {
      expect(a.source, a.id).toMatch(/^(SKL|Region|VGR|Vårdanalys)/);
      expect(a.passages[0]?.text.length, a.id).toBeGreaterThan(80);
    }
  });

  it("covers every section of SIP-RULES.md and the handbook's frequent questions", () => {
    const all = articles.map((a) => `${a.title} ${a.tags.join(" ")} ${a.source}`.toLowerCase()).join("\n");
    const topics = [
      "samtycke",
      "vårdnadshavare",
      "15",
      "lvu",
      "skyddade",
      "våld",
      "kallelse",
      "utskriv",
      "skola",
      "huvudansvarig",
      "uppföljning",
      "avslut",
      "avvikelse",
      "sip-kollen",
      "kvå",
      "vanliga frågor",
    ];
    for (const t of topics) expect(all, t).toContain(t);
  });

  it("is written in our own words: no article shares 8 words in a row with a source", () => {
    const copies = articles.flatMap((a) => {
      const text = readFileSync(new URL(`${a.id}.md`, ARTICLES_DIR), "utf8");
      return sharedRuns(text, runs).map((run) => `${a.id}: "${run}"`);
    });
    expect(copies).toEqual([]);
  });

  it("the originality check catches a pasted source passage", () => {
    const seed = readFileSync(new URL("000_8e4e4b47749bfffe.txt", SEEDS_DIR), "utf8");
    const pasted = seed.slice(
      seed.indexOf("Om barnet har två vårdnadshavare"),
      seed.indexOf("Om barnet har två vårdnadshavare") + 150,
    );
    expect(sharedRuns(`Vi skriver: ${pasted}`, runs).length).toBeGreaterThan(0);
  });

  it("refuses an article without a source or a title, and says which field", () => {
    const noSource =
      "---\ntitle: Ett ämne om SIP\naudience: [alla]\ntags: [a1, b2]\nsynonyms: [c3, d4]\n---\nText här.";
    expect(parseArticle("x", noSource)).toEqual([expect.stringContaining("source")]);
    const noTitle =
      "---\naudience: [alla]\ntags: [a1, b2]\nsynonyms: [c3, d4]\nsource: SKL, Använd SIP (2019), kap. 2\n---\nText.";
    expect(parseArticle("y", noTitle)).toEqual([expect.stringContaining("title")]);
    expect(parseArticle("z", "no front matter")).toEqual(["z: no front-matter between --- lines"]);
  });
});
