import { readFileSync } from "node:fs";
import { validate, ValidationSeverity, type ValidatorSettings } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { dockerfileViolations } from "./dockerfile-policy.js";

/**
 * The image without a daemon (issue 21): Microsoft's Dockerfile linter (the VS Code extension's)
 * and our policy on the parsed file. The production-install test runs what the image runs.
 */
const ROOT = new URL("../../", import.meta.url);
const dockerfile = readFileSync(new URL("Dockerfile", ROOT), "utf8");
const dockerignore = readFileSync(new URL(".dockerignore", ROOT), "utf8");
const NODE_MAJOR = process.versions.node.split(".")[0] ?? "";

/** Every check the linter has, as an error: a warning left alone is a warning ignored. */
const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};
const lint = (text: string) =>
  validate(text, STRICT).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);

describe("Dockerfile", () => {
  it("passes dockerfile-utils' lint with every check an error", () => {
    expect(lint(dockerfile)).toEqual([]);
    const found = lint(`${dockerfile}\nworkdir app\nHEALTHCHECK --interval=5 CMD true\n`).join("\n");
    for (const m of [
      /uppercase/,
      /WORKDIR paths should be absolute/,
      /missing unit/,
      /only be one HEALTHCHECK/,
    ])
      expect(found).toMatch(m);
  });

  it("meets the image policy", () => {
    expect(dockerfileViolations(dockerfile, NODE_MAJOR)).toEqual([]);
  });

  // Each rule, broken once: the policy names it (so a passing policy means something).
  const broken: [string, (d: string) => string, RegExp][] = [
    ["one stage", (d) => d.slice(d.indexOf("FROM node:20.20.2-bookworm-slim AS runtime")), /multi-stage/],
    [
      "latest",
      (d) => d.replace(/node:20\.20\.2-bookworm-slim AS runtime/, "node:latest AS runtime"),
      /by a tag other than latest/,
    ],
    ["untagged", (d) => d.replace(/node:20\.20\.2-bookworm-slim AS build/, "node AS build"), /by a tag/],
    ["another Node", (d) => d.replaceAll("node:20.20.2", "node:18.20.8"), /the Node CI tests on/],
    ["root", (d) => d.replace(/^USER node$/m, "USER root"), /non-root/],
    ["no user", (d) => d.replace(/^USER node$/m, ""), /non-root/],
    ["dev install", (d) => d.replace("npm ci --omit=dev", "npm ci"), /--omit=dev/],
    [
      "extra install",
      (d) => d.replace("&& npm cache clean --force", "&& npm install tsx"),
      /without --omit=dev/,
    ],
    [
      "build's modules",
      (d) => `${d}\nCOPY --from=build /app/node_modules ./node_modules\n`,
      /node_modules from the build/,
    ],
    ["secret env", (d) => `${d}\nENV MicrosoftAppPassword=hunter2\n`, /ENV MicrosoftAppPassword: a secret/],
    ["secret arg", (d) => `${d}\nARG NPM_TOKEN=abc\n`, /ARG NPM_TOKEN: a secret/],
    ["copied .env", (d) => `${d}\nCOPY .env ./\n`, /copies a secret/],
    ["copied key", (d) => `${d}\nCOPY deploy/secrets/data_key /run/\n`, /copies a secret/],
    ["no healthcheck", (d) => d.replace(/^HEALTHCHECK[\s\S]*?\n(?=#)/m, ""), /HEALTHCHECK/],
    ["shell cmd", (d) => d.replace('CMD ["node", "dist/index.js"]', "CMD node dist/index.js"), /CMD/],
    ["tsx", (d) => d.replace('CMD ["node", "dist/index.js"]', 'CMD ["npx", "tsx", "src/index.ts"]'), /CMD/],
    ["entrypoint", (d) => `${d}\nENTRYPOINT ["sh", "-c"]\n`, /ENTRYPOINT/],
    ["no expose", (d) => d.replace("EXPOSE 3978", ""), /EXPOSE/],
    ["no volume", (d) => d.replace('VOLUME ["/data"]', ""), /VOLUME/],
  ];
  it.each(broken)("catches a Dockerfile broken by: %s", (_name, breakIt, expected) => {
    const text = breakIt(dockerfile);
    expect(text).not.toBe(dockerfile);
    expect(dockerfileViolations(text, NODE_MAJOR).join("\n")).toMatch(expected);
  });

  it("keeps secrets and local state out of the build context (.dockerignore)", () => {
    const ignored = dockerignore.split("\n").map((l) => l.trim());
    for (const entry of [
      ".git",
      "node_modules",
      "dist",
      "data",
      "test/output",
      ".env",
      ".env.*",
      "deploy/secrets",
      "**/*.pem",
      "**/*.key",
    ])
      expect(ignored, entry).toContain(entry);
  });
});
