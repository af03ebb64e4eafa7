import { describe, expect, it } from "vitest";
import type { PrintableInvitation } from "../../src/cases/printable.js";
import { answeredPage, formPage, messagePage } from "../../src/http/answer-html.js";
import type { AnswerView } from "../../src/services/answers.js";

/** The answer page's HTML from the view, without a server: what a typed name or reason becomes. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;
const letter: PrintableInvitation = {
  caseCode: "SIP-7F3K",
  region: "national",
  convenerName: "Anna\u202EnerbÅ",
  details: {
    purpose: "Syfte",
    longTermGoal: "Mål",
    questions: "Frågor",
    date: "2026-01-15",
    time: "14:00",
    durationMinutes: 90,
    place: { kind: "in_person", text: "Rum\u200B 3 <script>x</script>" },
    personTakesPart: "Deltar",
  },
  invitee: {
    id: "0b6f7a1e-1111-4222-8333-944445555666",
    name: "Eva\u2066 Ek\u2069",
    organisation: "F\u200DK",
    orgType: "forsakringskassan",
    participation: "invited",
    contribution: "Bidrag",
  },
};

describe("the answer page shows typed text without bidi or zero-width characters", () => {
  it("in the letter's facts, the form sent back and the answer given", () => {
    const view: AnswerView = {
      letter,
      participation: "invited",
      answered: { status: "substituted", next: "Kim\u202E Ek", reason: "Sjuk\u200F" },
    };
    const pages = [
      formPage(view, "sv", "t", { reason: "Sjuk\u202Ekrys", substitute: "Kim\u2067 Ek" }),
      answeredPage(view, "sv", "t", "thanks"),
      messagePage("sv", "Fel\u200B"),
    ];
    for (const html of pages) expect(html).not.toMatch(INVISIBLE);
    expect(pages[0]).toContain("Till: Eva Ek, FK");
    expect(pages[0]).toContain("Rum 3 &lt;script&gt;x&lt;/script&gt;");
    expect(pages[0]).toContain(">Sjukkrys</textarea>");
    expect(pages[1]).toContain("Kim Ek");
  });
});
