import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads the V8 CPU profiles that `npm run bench -- --profile` makes of our server and prints
 * where the time goes: self time by package, self time by function, and inclusive time of our
 * own code (src/) and of the libraries' entry points, which is what a fix would change.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(["(idle)", "(program)"]);

function packageOf(url: string): string {
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const src = url.indexOf("/src/");
  if (src >= 0) return url.slice(src + 1);
  if (url.startsWith("node:")) return "node (built-in)";
  return url || "(native / gc)";
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${packageOf(url)}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
}

export function summariseProfiles(dir: string, only?: string, top = 15): string {
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  for (const file of readdirSync(dir).filter((f) => (only ? f === only : f.endsWith(".cpuprofile")))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!node || IDLE.has(node.callFrame.functionName)) return;
      total += dt;
      add(self, frameName(node), dt);
      add(byPackage, packageOf(node.callFrame.url) || node.callFrame.functionName, dt);
      // Inclusive: every distinct frame on the stack once (recursion is not counted twice).
      const seen = new Set<string>();
      for (let at: number | undefined = id, depth = 0; at !== undefined && depth < 500; depth++) {
        const frame = byId.get(at);
        if (frame?.callFrame.url && !frame.callFrame.url.startsWith("node:")) seen.add(frameName(frame));
        at = parent.get(at);
      }
      for (const k of seen) add(inclusive, k, dt);
    });
  }

  const table = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
    [
      title,
      ...[...m]
        .filter(([k]) => filter(k))
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([k, v]) =>
            `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${v.toFixed(0).padStart(6)} ms  ${k}`,
        ),
    ].join("\n");
  const ours = (k: string) => k.includes(" src/");
  return [
    `CPU profile of our server${only ? ` (${only})` : ""}, measured rounds only (busy time ${total.toFixed(0)} ms, idle left out)`,
    table("self time by package:", byPackage),
    table("self time by function:", self),
    table("inclusive time, our code (src/):", inclusive, ours),
  ].join("\n\n");
}
