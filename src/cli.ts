import { pathToFileURL } from "node:url";
import { z } from "zod/v4";
import { HELP } from "./cli-help.js";
import {
  assess,
  AssessInputSchema,
  checkConsent,
  ConsentInputSchema,
  fieldMessage,
  type Locale,
} from "./sip/index.js";

export interface CliResult {
  code: 0 | 2;
  stdout: string;
  stderr: string;
}

const COMMANDS = {
  consent: (json: unknown, locale: Locale) =>
    run(ConsentInputSchema, json, locale, (c) => checkConsent(c, locale)),
  assess: (json: unknown, locale: Locale) => run(AssessInputSchema, json, locale, (c) => assess(c, locale)),
} as const;

const fail = (message: string): CliResult => ({ code: 2, stdout: "", stderr: `${message}\n` });

/** The whole CLI without I/O: argv and stdin text in, exit code and output out. */
export function runCli(argv: string[], stdin: () => string): CliResult {
  if (argv.includes("--help") || argv.includes("-h") || argv.length === 0)
    return {
      code: argv.length === 0 ? 2 : 0,
      stdout: argv.length ? HELP : "",
      stderr: argv.length ? "" : HELP,
    };
  const [command, ...flags] = argv;
  if (command !== "consent" && command !== "assess")
    return fail(`Okänt kommando "${command}". Använd consent eller assess (se --help).`);
  const locale = parseLang(flags);
  if (!locale) return fail(`Okänd flagga i "${flags.join(" ")}". Tillåtet: --lang sv|en.`);
  configureZodMessages(locale);

  const en = locale === "en";
  const text = stdin().trim();
  if (!text)
    return fail(
      en
        ? "No input: send one JSON object on stdin (see --help)."
        : "Ingen indata: skicka ett JSON-objekt på stdin (se --help).",
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`${en ? "Invalid JSON on stdin" : "Ogiltig JSON på stdin"}: ${(e as Error).message}`);
  }
  return COMMANDS[command](json, locale);
}

function run<T, R>(
  schema: z.ZodType<T>,
  json: unknown,
  locale: Locale,
  evaluate: (input: T) => R,
): CliResult {
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail(formatIssues(parsed.error, locale));
  return { code: 0, stdout: `${JSON.stringify(evaluate(parsed.data), null, 2)}\n`, stderr: "" };
}

function parseLang(flags: string[]): Locale | undefined {
  if (flags.length === 0) return "sv";
  const value =
    flags[0] === "--lang" ? flags[1] : flags[0]?.startsWith("--lang=") ? flags[0].slice(7) : undefined;
  const consumed = flags[0] === "--lang" ? 2 : 1;
  return (value === "sv" || value === "en") && flags.length === consumed ? value : undefined;
}

/** One line per bad field: `fält "guardians[1].consent": …` (`field "…"` in English). */
export function formatIssues(error: z.ZodError, locale: Locale = "sv"): string {
  const [field, whole] = locale === "en" ? ["field", "(the whole object)"] : ["fält", "(hela objektet)"];
  return error.issues
    .map((i) => {
      const path = i.path.reduce<string>(
        (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
        "",
      );
      return `${field} "${path || whole}": ${fieldMessage(i.message, locale)}`;
    })
    .join("\n");
}

function configureZodMessages(locale: Locale): void {
  z.config(locale === "sv" ? z.locales.sv() : z.locales.en());
  z.config({
    customError: (iss) =>
      iss.input === undefined && (iss.code === "invalid_type" || iss.code === "invalid_value")
        ? locale === "sv"
          ? "saknas – fältet är obligatoriskt"
          : "missing – the field is required"
        : undefined,
  });
}

/**
 * All of stdin, read as a stream: a synchronous read of a pipe that another process is still
 * writing fails with EAGAIN once the input is larger than the pipe's buffer (64 KB).
 */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // --help and usage errors read nothing: they must not wait for a stdin nobody writes to.
  const wantsInput =
    (argv[0] === "consent" || argv[0] === "assess") && !argv.some((a) => a === "--help" || a === "-h");
  const input = wantsInput ? await readStdin() : "";
  const result = runCli(argv, () => input);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
