import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { ConversationRefs } from "../../src/store/conversation-refs.js";
import { cardOf, cardText, execute, membersAdded, message, TENANT, USER } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { VALID_ASSESS, VALID_CONSENT } from "../fixtures/forms.js";

const SU = "https://smba.example.test/emea/";
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

const validAssess = VALID_ASSESS;
const validConsent = VALID_CONSENT;

describe("bot routes through TestAdapter", () => {
  it("welcomes on install with the five actions and saves the conversation reference", async () => {
    const replies = await h.turn(membersAdded(SU));
    const card = cardOf(replies[0]);
    const text = cardText(card);
    for (const title of ["Bedöm behov", "Kontrollera samtycke", "Ny kallelse", "Mina SIP", "Ställ en fråga"])
      expect(text).toContain(title);
    const ref = await new ConversationRefs(h.db).get(TENANT, USER.id);
    expect(ref).toMatchObject({ serviceUrl: SU, conversationId: "a:conv-1", displayName: USER.name });
  });

  it("keeps the display name once a later message carries it (installs arrive without one)", async () => {
    const nameless = { id: "29:nameless", aadObjectId: "aad-nameless", name: "" };
    await h.turn(membersAdded(SU, { from: nameless }));
    const refs = new ConversationRefs(h.db);
    expect((await refs.get(TENANT, nameless.id))?.displayName).toBeUndefined();
    await h.turn(message(SU, "hjälp", { from: { ...nameless, name: "Nora Namnlös" } }));
    expect((await refs.get(TENANT, nameless.id))?.displayName).toBe("Nora Namnlös");
    expect((await refs.recent(TENANT)).map((r) => r.displayName)).toContain("Nora Namnlös");
  });

  it("answers hjälp with the welcome card, and help in English for an English client", async () => {
    expect(cardText(cardOf((await h.turn(message(SU, "hjälp")))[0]))).toContain("Bedöm behov");
    expect(cardText(cardOf((await h.turn(message(SU, "help", { locale: "en-US" })))[0]))).toContain(
      "Assess need",
    );
  });

  it("bedöm sends the assessment form; assess sends it in English", async () => {
    const sv = cardOf((await h.turn(message(SU, "bedöm")))[0]);
    expect(JSON.stringify(sv)).toContain('"id":"reporterRole"');
    expect(cardText(sv)).toContain("Behövs en SIP?");
    const en = cardOf((await h.turn(message(SU, "assess", { locale: "en-GB" })))[0]);
    expect(cardText(en)).toContain("Is a SIP needed?");
  });

  it("an assessment submit is answered synchronously with the result card", async () => {
    const [response] = await h.turn(execute(SU, VERBS.submitAssess, validAssess));
    expect(response?.type).toBe("invokeResponse");
    const text = cardText(cardOf(response));
    expect(text).toContain("SIP behövs");
    expect(text).toContain("Du kan kalla till SIP.");
    expect(text).toContain("30 november 2026"); // discharge SIP: 3 days after 27 November
    expect(text).toContain("KVÅ-kod: AU125");
    expect(text).toContain("Källa: SKL, Använd SIP (2019), kap. 5");
    expect(text).toContain("Kontrollera samtycke");
  });

  it("tells school staff to flag the need onward instead of convening", async () => {
    const [response] = await h.turn(
      execute(SU, VERBS.submitAssess, { ...validAssess, reporterRole: "school" }),
    );
    const card = cardOf(response);
    expect(cardText(card)).toContain("Flagga behovet vidare");
    expect(JSON.stringify(card)).not.toContain(VERBS.openConsent);
  });

  it("the consent submit gives verdict, channel and reasons with sources", async () => {
    const [response] = await h.turn(execute(SU, VERBS.submitConsent, validConsent));
    const text = cardText(cardOf(response));
    expect(text).toContain("Ni kan gå vidare");
    expect(text).toContain("Digital kallelse kan användas.");
    expect(text).toContain("Källa: Region Uppsala, Riktlinje SIP (2025), Samtycke");
  });

  it("says plainly for protected identity: no digital invitation, agree by phone", async () => {
    const [response] = await h.turn(
      execute(SU, VERBS.submitConsent, { ...validConsent, protectedIdentity: "true" }),
    );
    const text = cardText(cardOf(response));
    expect(text).toContain("Endast manuell hantering – ingen digital kallelse.");
    expect(text).toContain("Kom överens om tid och plats per telefon.");
  });

  it("re-renders an invalid consent form with the typed values kept and the errors beside the fields", async () => {
    const typed = { ...validConsent, age: "200", expiresOn: "2027-02-30" };
    const [response] = await h.turn(execute(SU, VERBS.submitConsent, typed));
    const card = cardOf(response);
    const json = JSON.stringify(card);
    expect(cardText(card)).toContain("Några uppgifter behöver rättas");
    expect(json).toContain('"id":"age"');
    expect(json).toMatch(/"id":"age"[^}]*"value":"200"/);
    expect(json).toMatch(/"id":"expiresOn"[^}]*"value":"2027-02-30"/);
    const body = (card?.body as { id?: string; text?: string }[]).map((e) => e.id ?? e.text);
    const ageAt = body.indexOf("age");
    expect(body[ageAt + 1]).toBe("Ange ålder i hela år, 0–130.");
    expect(body[body.indexOf("expiresOn") + 1]).toBe("Ange ett datum som ÅÅÅÅ-MM-DD.");
    expect(json).not.toContain("${");
  });

  it("answers in English when the client is English", async () => {
    const [response] = await h.turn(
      execute(
        SU,
        VERBS.submitConsent,
        { ...validConsent, age: "12", childView: "", guardian2: "refused" },
        { locale: "en-US" },
      ),
    );
    const text = cardText(cardOf(response));
    expect(text).toContain("You cannot proceed now");
    expect(text).toContain("both must consent");
  });

  it("refuses a personnummer: warns, and neither stores nor logs it", async () => {
    const before = h.logLines.length;
    const replies = await h.turn(message(SU, "Gäller 20150101-9879, behöver SIP"));
    expect(cardText(cardOf(replies[0]))).toContain("Skriv inte personnummer här");
    const logged = h.logLines.slice(before).join("\n");
    expect(logged).toContain("pnr_refused");
    expect(logged).not.toContain("9879");
    const stored = await h.db.query<{ doc: unknown }>("SELECT doc FROM bot_state");
    expect(JSON.stringify(stored)).not.toContain("9879");
  });

  it("refuses a personnummer inside a card payload: the form again, the field marked", async () => {
    const [response] = await h.turn(
      execute(SU, VERBS.submitConsent, { ...validConsent, age: "201501019879" }),
    );
    const card = cardOf(response);
    expect(cardText(card)).toContain("Skriv inte personnummer här");
    expect(JSON.stringify(card)).toContain('"id":"age"');
  });

  it("meets an unknown verb and an unreadable payload with clear error cards", async () => {
    const [unknown] = await h.turn(execute(SU, "delete.everything", {}));
    expect(cardText(cardOf(unknown))).toContain("känns inte igen");
    const [unreadable] = await h.turn(execute(SU, VERBS.submitAssess, { reporterRole: { nested: true } }));
    expect(cardText(cardOf(unreadable))).toContain("inte gick att läsa");
  });

  it("opens a form from a card as a new message and acknowledges the click", async () => {
    const replies = await h.turn(execute(SU, VERBS.openConsent, { prefill: { region: "vgr" } }));
    const form = replies.find((a) => a.type === "message");
    expect(JSON.stringify(cardOf(form))).toMatch(/"id":"region"[^}]*"value":"vgr"/);
    const ack = replies.find((a) => a.type === "invokeResponse");
    expect((ack?.value as { status: number }).status).toBe(200);
  });

  it("answers other text as a question from the knowledge base, citing its source", async () => {
    const [reply] = await h.turn(message(SU, "Kan skolan kalla till SIP?"));
    const card = cardOf(reply);
    const text = cardText(card);
    expect(text).toMatch(/skola/i);
    expect(text).toMatch(/Källa: (SKL|VGR|Region)/);
    expect(JSON.stringify(card)).toContain(VERBS.openAssess);
  });

  it("answers an English question from the Swedish articles and says so", async () => {
    const [reply] = await h.turn(message(SU, "Do both guardians have to consent?", { locale: "en-US" }));
    const text = cardText(cardOf(reply));
    expect(text).toMatch(/vårdnadshavare/);
    expect(text).toContain("the answer is shown in Swedish");
    expect(text).toContain("Source:");
  });

  it("says so when nothing answers the question, and offers the commands", async () => {
    const [reply] = await h.turn(message(SU, "Vad kostar en pizza i Göteborg?"));
    const card = cardOf(reply);
    expect(cardText(card)).toContain("Inget säkert svar");
    expect(JSON.stringify(card)).toContain(VERBS.openAssess);
  });

  it("opens a related article from an answer card", async () => {
    const replies = await h.turn(execute(SU, VERBS.readArticle, { article: "tva-vardnadshavare" }));
    expect(cardText(cardOf(replies.find((a) => a.type === "message")))).toMatch(/vårdnadshavare/);
  });
});
