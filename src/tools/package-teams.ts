/**
 * `npm run package:teams`: checks the Teams app sources in teamsapp/ (schema, localization,
 * icon sizes; offline) and zips them into teamsapp/build/sip-lotsen.zip for upload in the
 * Teams admin center or the Developer Portal. The bot id is the Azure Bot's Microsoft App ID,
 * taken from MicrosoftAppId (environment or .env, as the bot reads it), so the committed
 * manifest can keep its placeholder.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import {
  buildTeamsPackage,
  PLACEHOLDER_BOT_ID,
  readJson,
  TEAMSAPP_DIR,
  validateTeamsApp,
  type TeamsManifestJson,
} from "./teams-app.js";

const OUT_FILE = join(TEAMSAPP_DIR, "build", "sip-lotsen.zip");

async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const problems = await validateTeamsApp();
  if (problems.length) {
    console.error(`teamsapp/ is not a valid Teams app:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  const manifest = readJson<TeamsManifestJson>(join(TEAMSAPP_DIR, "manifest.json"));
  const botId = process.env.MicrosoftAppId?.trim() || manifest.bots[0]?.botId || PLACEHOLDER_BOT_ID;
  const files = buildTeamsPackage(botId, OUT_FILE);
  process.stdout.write(`${relative(process.cwd(), OUT_FILE)}: ${files.join(", ")} (bot id ${botId})\n`);
  if (botId === PLACEHOLDER_BOT_ID)
    console.error(
      "Warning: the bot id is the placeholder; Teams will not reach your bot. " +
        "Set MicrosoftAppId (see teamsapp/README.md) and run this again.",
    );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
