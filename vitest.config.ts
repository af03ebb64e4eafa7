import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // adaptivecards ships ESM with extension-less imports that Node cannot load; let Vite resolve them.
    server: { deps: { inline: ["adaptivecards"] } },
    // The summary line is what CI reads: "N passed, M failed".
    // CI and developers share loaded 2-core machines: opening an on-disk PGlite takes ~1 s, its
    // first initdb ~5 s, and a busy core can triple both. Generous limits keep a slow run green;
    // a real hang still fails. No test asserts on durations (benchmarks live in bench/).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
