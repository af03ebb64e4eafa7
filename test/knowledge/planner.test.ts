import { readFileSync } from "node:fs";
import { TestAdapter, TurnContext, type Activity } from "botbuilder";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { STRINGS } from "../../src/cards/render.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { loadArticles, type Article } from "../../src/knowledge/articles.js";
import {
  NOT_COVERED,
  PROMPT_NAME,
  PROMPTS_DIR,
  createAnswerer,
  parseReply,
} from "../../src/knowledge/planner.js";
import { KnowledgeIndex, type Hit } from "../../src/knowledge/search.js";
import { Synonyms } from "../../src/knowledge/terms.js";
import { cardOf, cardText, message } from "../helpers/activities.js";
import { capturingLogger } from "../helpers/bot.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";

const AZURE = "https://sip-test.openai.azure.com";
const DEPLOYMENT = "sip-gpt4o";
const AZURE_ENV = {
  AZURE_OPENAI_ENDPOINT: AZURE,
  AZURE_OPENAI_API_KEY: "test-key",
  AZURE_OPENAI_DEPLOYMENT: DEPLOYMENT,
};
const CHAT_PATH = `/openai/deployments/${DEPLOYMENT}/chat/completions`;

const article = (id: string, title: string, source: string, passages: Article["passages"]): Article => ({
  id,
  title,
  source,
  passages,
  audience: ["alla"],
  tags: ["sip", "test"],
  synonyms: ["plan", "samordning"],
});
const first = (a: Article) => a.passages[0] ?? { heading: "", text: "" };
const sip = article("vad-ar-sip", "Vad är en SIP?", "2 kap. 7 § SoL; 16 kap. 4 § HSL", [
  { heading: "", text: "En SIP är en plan som kommun och region gör tillsammans." },
  { heading: "Historik", text: "OUTSIDE-PASSAGE: infördes 2010." },
]);
const consent = article("samtycke", "Samtycke till SIP", "SKL, Använd SIP (2019), Vanliga frågor 9", [
  { heading: "Vem samtycker", text: "Den enskilde samtycker till att en SIP upprättas." },
]);
const UNRELATED = "OUTSIDE-ARTICLE: hemlig placering";
const hits: Hit[] = [
  { article: sip, passage: first(sip), score: 9 },
  { article: consent, passage: first(consent), score: 4 },
];
const QUESTION = "Vad betyder SIP-QUESTION-42?";

const completion = (content: string) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 0,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
});

function contextFor(text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: "message",
    text,
    channelId: "msteams",
    from: { id: "29:user-OUTSIDE", name: "Anna OUTSIDE-NAME" },
    recipient: { id: "28:bot", name: "SIP-lotsen" },
    conversation: { id: "a:conv-OUTSIDE", isGroup: false, conversationType: "personal", name: "" },
    locale: "sv-SE",
  };
  return new TurnContext(new TestAdapter(), activity);
}

async function setup(env: Record<string, string> = {}) {
  const { logger, lines } = capturingLogger();
  const answerer = await createAnswerer(loadConfig({ ...AZURE_ENV, ...env }), logger);
  if (!answerer) throw new Error("expected an answerer");
  const ask = (locale: "sv" | "en" = "sv") => answerer.answer(contextFor(QUESTION), QUESTION, hits, locale);
  return { ask, lines };
}

/** Azure's chat-completions endpoint, recording each request's path and body. */
function azure(status: number, body: unknown, delayMs = 0) {
  const requests: { path: string; body: string }[] = [];
  const scope = nock(AZURE)
    .post(CHAT_PATH)
    .query(true)
    .times(3)
    .delay(delayMs)
    .reply(status, (path, requestBody) => {
      requests.push({ path, body: JSON.stringify(requestBody) });
      return body as nock.Body;
    });
  return { scope, requests };
}

// teams-ai's OpenAIModel console.logs every client error; keep the test output clean, and check
// below that what it prints never holds the question.
const consoleLog = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  consoleLog.mockRestore();
});

describe("generative answers through the teams-ai ActionPlanner (Azure OpenAI)", () => {
  it("returns the model's answer with the sources of the passages it cited", async () => {
    const { requests } = azure(200, completion("En SIP är en gemensam plan för kommun och region [1]."));
    const { ask, lines } = await setup();
    const answer = await ask();
    expect(answer).toEqual({
      text: "En SIP är en gemensam plan för kommun och region.",
      sources: ["2 kap. 7 § SoL", "16 kap. 4 § HSL"],
    });
    expect(requests).toHaveLength(1);
    const log = lines.join("\n");
    expect(log).toContain("generative_answered");
    expect(log).not.toContain("SIP-QUESTION-42");
    expect(log).not.toContain("gemensam plan");
  });

  it("treats the not-covered marker as no answer", async () => {
    azure(200, completion(NOT_COVERED));
    const { ask, lines } = await setup();
    expect(await ask()).toBeUndefined();
    expect(lines.join("\n")).toContain("generative_not_covered");
  });

  it("treats a reply without citations, or citing a passage it was not given, as no answer", async () => {
    azure(200, completion("En SIP är en plan."));
    expect(await (await setup()).ask()).toBeUndefined();
    azure(200, completion("En SIP är en plan [3]."));
    expect(await (await setup()).ask()).toBeUndefined();
  });

  it("gives up after GENERATIVE_TIMEOUT_MS, without waiting for the model", async () => {
    azure(200, completion("För sent [1]."), 2000);
    const { ask, lines } = await setup({ GENERATIVE_TIMEOUT_MS: "300" });
    const started = Date.now();
    expect(await ask()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lines.join("\n")).toContain("generative_timeout");
  });

  it.each([
    [429, "generative_rate_limited"],
    [500, "generative_error"],
    [503, "generative_error"],
  ])("treats HTTP %i as no answer, at once and without retrying", async (status, event) => {
    const { requests } = azure(status, { error: { code: String(status), message: "nope" } });
    const { ask, lines } = await setup();
    const started = Date.now();
    expect(await ask()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(requests).toHaveLength(1);
    const log = lines.join("\n");
    expect(log).toContain(event);
    expect(log).toContain(`"status":${status}`);
    expect(log).not.toContain("SIP-QUESTION-42");
    const printed = JSON.stringify(consoleLog.mock.calls.map((c) => String(c[0])));
    expect(printed).not.toContain("SIP-QUESTION-42");
  });

  it("sends the deployment, the numbered passages with titles and sources, and nothing else", async () => {
    const { requests } = azure(200, completion("Svar [2]."));
    expect(await (await setup()).ask("en")).toEqual({ text: "Svar.", sources: [consent.source] });
    const [request] = requests;
    expect(request?.path).toMatch(new RegExp(`^${CHAT_PATH}\\?api-version=2024-06-01$`));
    const body = JSON.parse(request?.body ?? "{}") as { messages: { role: string; content: string }[] };
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    const [system, user] = body.messages;
    expect(system?.content).toContain("[1] Vad är en SIP?\nKälla: 2 kap. 7 § SoL; 16 kap. 4 § HSL");
    expect(system?.content).toContain(first(sip).text);
    expect(system?.content).toContain("[2] Samtycke till SIP — Vem samtycker\nKälla: " + consent.source);
    expect(system?.content).toContain("engelska");
    expect(user?.content).toBe(QUESTION);
    // Not the article's other passage, no other article, no user or conversation data.
    expect(request?.body).not.toContain("OUTSIDE");
    expect(request?.body).not.toContain(UNRELATED);
  });
});

describe("configuration", () => {
  it("without a model configured there is no answerer: the bot shows retrieval answers", async () => {
    expect(await createAnswerer(loadConfig({}), capturingLogger().logger)).toBeUndefined();
  });

  it("uses OpenAI with OPENAI_MODEL when only OPENAI_API_KEY is set", async () => {
    let model = "";
    nock("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(200, (_p, body) => {
        model = (body as { model: string }).model;
        return completion("Ja [1].");
      });
    const answerer = await createAnswerer(
      loadConfig({ OPENAI_API_KEY: "sk-test" }),
      capturingLogger().logger,
    );
    expect(await answerer?.answer(contextFor(QUESTION), QUESTION, hits, "sv")).toMatchObject({ text: "Ja." });
    expect(model).toBe("gpt-4o-mini");
  });

  it("refuses a partial Azure configuration, naming what is missing", () => {
    const partial = { AZURE_OPENAI_ENDPOINT: AZURE, AZURE_OPENAI_API_KEY: "k" };
    expect(() => loadConfig(partial)).toThrow(ConfigError);
    expect(() => loadConfig(partial)).toThrow(/AZURE_OPENAI_DEPLOYMENT: required for Azure OpenAI/);
    expect(() => loadConfig({ AZURE_OPENAI_DEPLOYMENT: "d" })).toThrow(
      /AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY: required/,
    );
    expect(() => loadConfig({ ...AZURE_ENV, AZURE_OPENAI_ENDPOINT: "http://x.example" })).toThrow(
      /AZURE_OPENAI_ENDPOINT/,
    );
    expect(() => loadConfig({ GENERATIVE_TIMEOUT_MS: "soon" })).toThrow(/GENERATIVE_TIMEOUT_MS/);
  });

  it("defaults: API version, model and a 4 s timeout; the prompt asks for the marker", () => {
    expect(loadConfig({})).toMatchObject({
      AZURE_OPENAI_API_VERSION: "2024-06-01",
      OPENAI_MODEL: "gpt-4o-mini",
      GENERATIVE_TIMEOUT_MS: 4000,
    });
    expect(readFileSync(`${PROMPTS_DIR}${PROMPT_NAME}/skprompt.txt`, "utf8")).toContain(NOT_COVERED);
  });
});

describe("parseReply", () => {
  it("reads [1, 2] and [1][2], keeps the first-cited order and drops duplicate sources", () => {
    expect(parseReply("A [2, 1]. B [1][2].", hits)).toEqual({
      text: "A. B.",
      sources: [consent.source, "2 kap. 7 § SoL", "16 kap. 4 § HSL"],
    });
  });
});

describe("through the real bot (HTTP server, Azure configured, nock as the model)", () => {
  const question = "Vem ska ta initiativ till en SIP?";
  const retrieval = KnowledgeIndex.build(loadArticles().articles, Synonyms.load()).answer(question);
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    connector = await startFakeConnector();
    server = await startTestServer(AZURE_ENV);
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });
  /** The text of the one card the bot replied with. */
  async function ask(text: string): Promise<string> {
    connector.clear();
    expect((await server.post(message(connector.serviceUrl, text))).status).toBe(200);
    const sent = connector.sent();
    expect(sent).toHaveLength(1);
    return cardText(cardOf(sent[0]));
  }

  it("shows the model's answer with a Källa: line per cited source", async () => {
    if (!retrieval) throw new Error(`the knowledge base no longer answers "${question}"`);
    azure(200, completion("Den som märker behovet tar initiativet [1]."));
    const card = await ask(question);
    expect(card).toContain("Den som märker behovet tar initiativet.");
    for (const source of retrieval.best.article.source.split(/;\s*/))
      expect(card).toContain(`Källa: ${source}`);
    expect(card).not.toContain(retrieval.best.passage.text);
  });

  it("falls back to the retrieval answer (the article's passage) when the model fails", async () => {
    if (!retrieval) throw new Error(`the knowledge base no longer answers "${question}"`);
    const { requests } = azure(500, { error: { message: "boom" } });
    const card = await ask(question);
    expect(requests).toHaveLength(1);
    expect(card).toContain(retrieval.best.passage.text);
    expect(server.logLines.join("\n")).toContain("generative_error");
  });

  it("never sends a message holding a personnummer to the model", async () => {
    const { scope, requests } = azure(200, completion("Svar [1]."));
    const card = await ask("Vem ska ta initiativ till SIP för 19121212-1212?");
    expect(card).toContain(STRINGS.sv.notice.pnrTitle);
    expect(requests).toHaveLength(0);
    expect(scope.isDone()).toBe(false);
    expect(server.logLines.join("\n")).not.toContain("19121212");
  });
});
