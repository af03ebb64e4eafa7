import {
  DockerfileParser,
  type Cmd,
  type From,
  type Healthcheck,
  type Instruction,
  type ModifiableInstruction,
  type PropertyInstruction,
} from "dockerfile-ast";

/**
 * What the image must be (issue 21), checked on the parsed Dockerfile because no container daemon
 * exists on CI. Returns one line per violation; the tests feed it the real Dockerfile (none) and
 * broken copies (each caught), so every rule is shown to bite.
 */
export function dockerfileViolations(text: string, ciNodeMajor: string): string[] {
  const file = DockerfileParser.parse(text);
  const stages = splitStages(file.getInstructions());
  const last = stages.at(-1) ?? [];
  const out: string[] = [];
  const of = <T extends Instruction>(keyword: string, where: Instruction[] = last) =>
    where.filter((i) => i.getKeyword() === keyword) as T[];

  if (stages.length < 2) out.push("multi-stage: a build stage and a runtime stage");
  for (const from of file.getFROMs() as From[]) {
    const image = from.getImage() ?? "";
    const tag = from.getImageTag();
    if (!tag || tag === "latest") out.push(`FROM ${image}: pin the base image by a tag other than latest`);
    const name = from.getImageName();
    if (name === "node" && !new RegExp(`^${ciNodeMajor}\\.\\d+\\.\\d+-bookworm-slim$`).test(tag ?? ""))
      out.push(`FROM ${image}: node:${ciNodeMajor}.x.y-bookworm-slim, the Node CI tests on`);
  }

  const user = of<Instruction>("USER").at(-1)?.getArgumentsContent()?.trim();
  if (!user || /^(root|0)(:|$)/.test(user)) out.push("USER: the final stage runs as a non-root user");

  const runs = of<Instruction>("RUN").map((r) => r.getArgumentsContent() ?? "");
  if (!runs.some((r) => /\bnpm ci\b[^&;]*--omit=dev/.test(r)))
    out.push("RUN: the final stage installs with npm ci --omit=dev");
  if (runs.some((r) => /\bnpm (ci|install|i)\b(?![^&;]*--omit=dev)/.test(r)))
    out.push("RUN: an npm install without --omit=dev in the final stage brings dev dependencies");
  for (const copy of of<Instruction>("COPY")) {
    const args = copy.getArgumentsContent() ?? "";
    const fromStage = (copy as ModifiableInstruction).getFlags().some((f) => f.getName() === "from");
    if (fromStage && /node_modules/.test(args))
      out.push(`COPY ${args}: node_modules from the build stage holds dev dependencies`);
  }

  const secretName = /(PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL)/i;
  for (const i of [
    ...of<PropertyInstruction>("ENV", file.getInstructions()),
    ...of<PropertyInstruction>("ARG", file.getInstructions()),
  ])
    for (const p of i.getProperties())
      if (secretName.test(p.getName()) && p.getValue())
        out.push(`${i.getKeyword()} ${p.getName()}: a secret with a value is baked into the image`);
  for (const i of [...of("COPY", file.getInstructions()), ...of("ADD", file.getInstructions())]) {
    const args = i.getArgumentsContent() ?? "";
    if (/(^|[\s/])\.env\b|\.pem\b|\.key\b|\.p12\b|\.pfx\b|secrets\//.test(args))
      out.push(`${i.getKeyword()} ${args}: copies a secret into a layer`);
  }

  const health = of<Healthcheck>("HEALTHCHECK").at(-1);
  if (!health || !/\/healthz/.test(health.getArgumentsContent() ?? ""))
    out.push("HEALTHCHECK: the final stage checks GET /healthz");

  const cmd = of<Cmd>("CMD").at(-1);
  const argv = cmd?.getJSONStrings().map((s) => s.getJSONValue());
  if (JSON.stringify(argv) !== JSON.stringify(["node", "dist/index.js"]))
    out.push('CMD: ["node", "dist/index.js"] in exec form');
  if (of("ENTRYPOINT").length) out.push("ENTRYPOINT: none, so that node is PID 1 and gets SIGTERM");

  if (!of("EXPOSE").some((e) => /\b3978\b/.test(e.getArgumentsContent() ?? ""))) out.push("EXPOSE: 3978");
  const dataDir = of<PropertyInstruction>("ENV")
    .flatMap((e) => e.getProperties())
    .find((p) => p.getName() === "DATA_DIR")
    ?.getValue();
  if (!dataDir || !of("VOLUME").some((v) => (v.getArgumentsContent() ?? "").includes(dataDir)))
    out.push("VOLUME: DATA_DIR (set by ENV) is a volume");
  return out;
}

/** The instructions of each stage, in order: a FROM starts a new one. */
function splitStages(instructions: Instruction[]): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const i of instructions) {
    if (i.getKeyword() === "FROM") stages.push([]);
    stages.at(-1)?.push(i);
  }
  return stages;
}
