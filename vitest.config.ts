import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // adaptivecards ships ESM with extension-less imports that Node cannot load; let Vite resolve them.
    server: { deps: { inline: ["adaptivecards"] } },
    // The summary line is what CI reads: "N passed, M failed".
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
