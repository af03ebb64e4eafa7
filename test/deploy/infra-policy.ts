/**
 * infra/'s contract, checked on the Bicep text: no Bicep compiler is reachable from CI (issue 21),
 * so what can be read without one is read here. Each rule returns a line naming what is wrong.
 */
export interface InfraFiles {
  main: string;
  /** modules/<name>.bicep → text */
  modules: Record<string, string>;
  /** main.parameters.json's text */
  parameters: string;
}

/** Comments out: `//` after whitespace or at a line's start (not the `//` of 'https://…'). */
export const code = (bicep: string) => bicep.replace(/(^|\s)\/\/.*$/gm, "$1");

interface Param {
  name: string;
  defaultValue?: string;
  decorators: string;
}
/** `param name type [= default]`, with the decorators written on the lines above it. */
export function params(bicep: string): Param[] {
  const out: Param[] = [];
  let decorators = "";
  for (const line of code(bicep).split("\n")) {
    const t = line.trim();
    if (t.startsWith("@")) decorators += `${t}\n`;
    const m = /^param\s+(\w+)\s+\w+(?:\s*=\s*(.+))?$/.exec(t);
    if (m?.[1]) {
      out.push({ name: m[1], ...(m[2] ? { defaultValue: m[2].trim() } : {}), decorators });
      decorators = "";
    } else if (t && !t.startsWith("@")) decorators = "";
  }
  return out;
}

/** The text of the `{ … }` block that starts at the first `{` after `from`. */
export function block(text: string, from: number): string {
  const open = text.indexOf("{", from);
  let depth = 0;
  for (let i = open; i >= 0 && i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  return "";
}

/** The env names of the Container App's container (`{ name: 'X', value: … }` inside `env:`). */
export function containerEnv(appBicep: string): Map<string, string> {
  const t = code(appBicep);
  const start = t.search(/\benv:\s*/);
  const end = t.indexOf("volumeMounts:", start);
  const env = new Map<string, string>();
  if (start < 0 || end < 0) return env;
  for (const m of t.slice(start, end).matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*([^}]+?)\s*\}/g))
    if (m[1] && m[2]) env.set(m[1], m[2]);
  return env;
}

export function infraViolations(files: InfraFiles, envNames: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const all = [files.main, ...Object.values(files.modules)].map(code).join("\n");
  let values: Record<string, { value?: unknown }> = {};
  try {
    values = (JSON.parse(files.parameters) as { parameters?: typeof values }).parameters ?? {};
  } catch {
    problems.push("main.parameters.json is not valid JSON");
  }
  const mainParams = params(files.main);
  const declared = new Set(mainParams.map((p) => p.name));

  // Every parameter has a value; every value is for a declared parameter (a typo fails the deploy).
  for (const p of mainParams)
    if (p.defaultValue === undefined && values[p.name]?.value === undefined)
      problems.push(`param ${p.name}: neither a default nor a value in main.parameters.json`);
  for (const name of Object.keys(values))
    if (!declared.has(name)) problems.push(`main.parameters.json: ${name} is not a param of main.bicep`);

  // Each module gets every parameter it has no default for.
  for (const [name, text] of Object.entries(files.modules)) {
    const at = code(files.main).search(new RegExp(`module\\s+\\w+\\s+'modules/${name}\\.bicep'`));
    if (at < 0) {
      problems.push(`modules/${name}.bicep: not used by main.bicep`);
      continue;
    }
    const mod = block(code(files.main), at);
    const given = block(mod, mod.search(/\bparams:/));
    for (const p of params(text))
      if (p.defaultValue === undefined && !new RegExp(`\\b${p.name}:`).test(given))
        problems.push(`modules/${name}.bicep: param ${p.name} is not given by main.bicep`);
  }

  // Location: a parameter defaulting to Sweden Central; no other region written into a resource.
  const location = mainParams.find((p) => p.name === "location");
  if (location?.defaultValue !== "'swedencentral'")
    problems.push("param location: must default to 'swedencentral'");
  const given = values.location?.value;
  if (given !== undefined && given !== "swedencentral")
    problems.push(`main.parameters.json: location ${String(given)}, not swedencentral`);
  for (const m of all.matchAll(/\blocation:\s*'([^']*)'/g))
    if (m[1] !== "global") problems.push(`a resource's location is '${m[1]}', not the location parameter`);

  // The Azure Bot: never MultiTenant (no longer creatable, and it would serve any tenant).
  if (/multi-?tenant/i.test(all) || /multi-?tenant/i.test(files.parameters))
    problems.push("MultiTenant appears: the bot must be UserAssignedMSI or SingleTenant");
  if (!/msaAppType:\s*botAppType\b/.test(all) || !/name:\s*'MsTeamsChannel'/.test(all))
    problems.push("the Azure Bot must take msaAppType from botAppType and have the MsTeamsChannel");

  // PostgreSQL: Entra only, private, version 16.
  if (!/passwordAuth:\s*'Disabled'/.test(all) || !/activeDirectoryAuth:\s*'Enabled'/.test(all))
    problems.push("PostgreSQL: authConfig must be activeDirectoryAuth 'Enabled', passwordAuth 'Disabled'");
  if (/administratorLoginPassword/.test(all)) problems.push("PostgreSQL: has an administrator password");
  if (!/publicNetworkAccess:\s*'Disabled'/.test(all) || !/delegatedSubnetResourceId:/.test(all))
    problems.push("PostgreSQL: must be in a delegated subnet with public network access disabled");
  if (!/version:\s*'16'/.test(all)) problems.push("PostgreSQL: version must be '16'");
  if (!/enablePurgeProtection:\s*true/.test(all) || !/enableRbacAuthorization:\s*true/.test(all))
    problems.push("Key Vault: needs RBAC and purge protection");

  // Replicas: at least two, everywhere the number is decided.
  const min = mainParams.find((p) => p.name === "minReplicas");
  const counts = [min?.defaultValue, values.minReplicas?.value ?? 2].map(Number);
  if (!min || !counts.every((n) => n >= 2) || !/@minValue\(([2-9]|\d{2,})\)/.test(min.decorators))
    problems.push("param minReplicas: must be at least 2 (@minValue(2), default and value)");
  if (!/minReplicas:\s*minReplicas\b/.test(code(files.modules.app ?? "")))
    problems.push("the Container App's scale ignores minReplicas");

  // The container's settings: names src/config.ts reads, and the ones the Azure path relies on.
  const app = files.modules.app ?? "";
  const env = containerEnv(app);
  for (const name of env.keys())
    if (!envNames.has(name)) problems.push(`env ${name}: not a setting src/config.ts reads`);
  const must: Record<string, RegExp> = {
    NODE_ENV: /^'production'$/,
    DATABASE_AUTH: /^'entra'$/,
    DATABASE_URL: /./,
    DATA_KEY_FILE: /^'\/run\/secrets\//,
    MicrosoftAppType: /./,
    MicrosoftAppId: /./,
    MicrosoftAppTenantId: /./,
    PUBLIC_URL: /./,
    APPLICATIONINSIGHTS_CONNECTION_STRING: /./,
    RETENTION_DAYS: /./,
  };
  for (const [name, pattern] of Object.entries(must))
    if (!pattern.test(env.get(name) ?? "")) problems.push(`env ${name}: missing or not ${pattern.source}`);
  if (!/postgres:\/\/\$\{[^}:@]+\}@/.test(all)) problems.push("DATABASE_URL: must hold no password");
  if (!/storageType:\s*'Secret'/.test(app) || !/mountPath:\s*'\/run\/secrets'/.test(app))
    problems.push("Key Vault secrets must be mounted as files under /run/secrets");
  for (const [kind, path] of [
    ["Liveness", "/healthz"],
    ["Readiness", "/readyz"],
  ] as const)
    if (!new RegExp(`type:\\s*'${kind}'[^}]*path:\\s*'${path}'`).test(app))
      problems.push(`probe ${kind}: must get ${path}`);
  if (
    !/targetPort:\s*port\b/.test(app) ||
    !/var port = 3978/.test(app) ||
    !/allowInsecure:\s*false/.test(app)
  )
    problems.push("ingress: https only, to port 3978");
  return problems;
}
