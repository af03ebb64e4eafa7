import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The summary line is what CI reads: "N passed, M failed".
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
