import { fileURLToPath } from "node:url";
import type * as TeamsAiModule from "@microsoft/teams-ai";
import type { Memory, OpenAIModel } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Locale } from "../sip/index.js";
import type { GenerativeAnswerer } from "./generative.js";
import type { Hit } from "./search.js";

type TeamsAi = typeof TeamsAiModule;

/** The prompt folder src/knowledge/prompts/sip-answer (skprompt.txt + config.json). */
export const PROMPT_NAME = "sip-answer";
export const PROMPTS_DIR = fileURLToPath(new URL("./prompts/", import.meta.url));
/** What the prompt tells the model to answer when the passages do not cover the question. */
export const NOT_COVERED = "INGET_SVAR";

const LANGUAGE: Record<Locale, string> = { sv: "svenska", en: "engelska (English)" };
/** "[1]", "[2, 3]", "[1][2]": the citation markers the prompt asks for. */
const CITATION = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

type Generated = { text: string; sources: string[] };

/**
 * The memory one question is rendered from: the passages, the language and the question, and
 * nothing else — no conversation history, no user state, so nothing but these reaches the model.
 */
class QuestionMemory implements Memory {
  private readonly values = new Map<string, unknown>();
  constructor(initial: Record<string, unknown>) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }
  deleteValue(path: string): void {
    this.values.delete(path);
  }
  hasValue(path: string): boolean {
    return this.values.has(path);
  }
  getValue<T = unknown>(path: string): T {
    return this.values.get(path) as T;
  }
  setValue(path: string, value: unknown): void {
    this.values.set(path, value);
  }
}

/** The passages as the prompt shows them: numbered, with article title and source. */
export function formatPassages(hits: Hit[]): string {
  return hits
    .map(({ article, passage }, i) => {
      const title = passage.heading ? `${article.title} — ${passage.heading}` : article.title;
      return `[${i + 1}] ${title}\nKälla: ${article.source}\n${passage.text}`;
    })
    .join("\n\n");
}

/**
 * The model's reply as an answer, or undefined when it is not one we may show: the not-covered
 * marker, no citation, or a citation to a passage it was not given (a sign it is not grounded).
 * The [n] markers are removed from the text: the card lists the cited sources below it.
 */
export function parseReply(reply: string, hits: Hit[]): Generated | undefined {
  if (reply.includes(NOT_COVERED)) return undefined;
  const cited: number[] = [];
  for (const m of reply.matchAll(CITATION)) {
    for (const n of (m[1] ?? "").split(",").map((s) => Number(s.trim()))) {
      if (n < 1 || n > hits.length) return undefined;
      if (!cited.includes(n)) cited.push(n);
    }
  }
  const text = reply
    .replace(/[ \t]*\[\d+(?:\s*,\s*\d+)*\]/g, "")
    .replace(/[ \t]+([.,;:!?])/g, "$1")
    .trim();
  if (cited.length === 0 || !text) return undefined;
  // One "Källa:" line per source, as the retrieval card shows an article's "A; B" sources.
  const sources = [
    ...new Set(cited.flatMap((n) => (hits[n - 1]?.article.source ?? "").split(/;\s*/)).filter(Boolean)),
  ];
  return { text, sources };
}

/** What the answerer takes of the configuration (config.ts): plain values, not the whole Config. */
export interface ModelSettings {
  AZURE_OPENAI_ENDPOINT?: string | undefined;
  AZURE_OPENAI_API_KEY?: string | undefined;
  AZURE_OPENAI_DEPLOYMENT?: string | undefined;
  AZURE_OPENAI_API_VERSION: string;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_MODEL: string;
  GENERATIVE_TIMEOUT_MS: number;
}

/** Azure OpenAI when its three variables are set, else OpenAI when its key is, else nothing. */
function createModel(config: ModelSettings, ai: TeamsAi): OpenAIModel | undefined {
  // teams-ai forwards only clientOptions to the openai client (not its own maxRetries). The user
  // is waiting: no retries with back-off; the socket is closed shortly after we have given up.
  const clientOptions = { maxRetries: 0, timeout: config.GENERATIVE_TIMEOUT_MS + 500 };
  const {
    AZURE_OPENAI_ENDPOINT: endpoint,
    AZURE_OPENAI_API_KEY: key,
    AZURE_OPENAI_DEPLOYMENT: deployment,
  } = config;
  if (endpoint && key && deployment)
    return new ai.OpenAIModel({
      azureEndpoint: endpoint,
      azureApiKey: key,
      azureDefaultDeployment: deployment,
      azureApiVersion: config.AZURE_OPENAI_API_VERSION,
      // The instructions go as a system message, kept apart from the user's question.
      useSystemMessages: true,
      clientOptions,
    });
  if (config.OPENAI_API_KEY)
    return new ai.OpenAIModel({
      apiKey: config.OPENAI_API_KEY,
      defaultModel: config.OPENAI_MODEL,
      useSystemMessages: true,
      clientOptions,
    });
  return undefined;
}

/** An event name (and HTTP status when known) for a failed completion; never its text. */
function failure(response: { status: string; error?: Error }): { event: string; status?: number } {
  if (response.status === "rate_limited") return { event: "generative_rate_limited", status: 429 };
  if (response.status === "too_long") return { event: "generative_too_long" };
  const status = /error status of (\d{3})/.exec(response.error?.message ?? "")?.[1];
  return { event: "generative_error", ...(status ? { status: Number(status) } : {}) };
}

/**
 * Model-written answers through a teams-ai ActionPlanner, or undefined when no model is
 * configured. Every failure — timeout, 429, 5xx, a reply without citations — is logged by event
 * name only and becomes undefined, so the bot shows the retrieval answer instead.
 */
export async function createAnswerer(
  config: ModelSettings,
  logger: Logger,
): Promise<GenerativeAnswerer | undefined> {
  const configured =
    (config.AZURE_OPENAI_ENDPOINT && config.AZURE_OPENAI_API_KEY && config.AZURE_OPENAI_DEPLOYMENT) ||
    config.OPENAI_API_KEY;
  if (!configured) return undefined;
  // Loaded only with a model: teams-ai's index (planners, the openai client) is ~13 MB of idle
  // memory that a server answering from retrieval alone does not need (bench/README.md).
  const ai = await import("@microsoft/teams-ai");
  const model = createModel(config, ai);
  if (!model) return undefined;
  const prompts = new ai.PromptManager({ promptsFolder: PROMPTS_DIR });
  const planner = new ai.ActionPlanner({ model, prompts, defaultPrompt: PROMPT_NAME });
  const timeoutMs = config.GENERATIVE_TIMEOUT_MS;

  return {
    async answer(context: TurnContext, question: string, hits: Hit[], locale: Locale) {
      if (hits.length === 0) return undefined;
      const memory = new QuestionMemory({
        "temp.input": question,
        "temp.passages": formatPassages(hits),
        "temp.language": LANGUAGE[locale],
      });
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      try {
        const response = await Promise.race([
          planner.completePrompt<string>(context, memory, PROMPT_NAME),
          timedOut,
        ]);
        const ms = Date.now() - started;
        if (response === "timeout") {
          logger.warn({ event: "generative_timeout", ms });
          return undefined;
        }
        if (response.status !== "success") {
          logger.warn({ ...failure(response), ms });
          return undefined;
        }
        const content = response.message?.content;
        const parsed = typeof content === "string" ? parseReply(content, hits) : undefined;
        if (!parsed) {
          const declined = typeof content === "string" && content.includes(NOT_COVERED);
          logger.info({ event: declined ? "generative_not_covered" : "generative_uncited", ms });
          return undefined;
        }
        logger.info({ event: "generative_answered", ms, sources: parsed.sources.length });
        return parsed;
      } catch (err) {
        // A prompt that fails to load or render: the retrieval answer still works.
        logger.error({ event: "generative_error", errName: (err as Error)?.name });
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
