import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocaleRelay, withLocale, type LocaleRelay } from "../../src/tools/locale-relay.js";

/** A stand-in bot that records what it received and answers like an invoke does. */
describe("locale relay between the Playground and the bot", () => {
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let upstream: Server;
  let relay: LocaleRelay;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { "content-type": "application/json", "x-bot": "yes" });
        res.end(JSON.stringify({ status: 200, body: { statusCode: 200, value: "svar" } }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    relay = await startLocaleRelay(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, "sv-SE");
  });
  afterAll(async () => {
    await relay.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it("sets the locale on the activity and its clientInfo entity, and passes the answer back", async () => {
    const activity = {
      type: "invoke",
      name: "adaptiveCard/action",
      locale: "en-US",
      text: "bedöm",
      entities: [{ type: "clientInfo", locale: "en-US", country: "US" }, { type: "mention" }],
    };
    const res = await fetch(`${relay.url}/api/messages?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bot")).toBe("yes");
    expect(await res.json()).toEqual({ status: 200, body: { statusCode: 200, value: "svar" } });
    const got = seen.at(-1);
    expect(got).toMatchObject({ method: "POST", url: "/api/messages?x=1" });
    expect(got?.headers.authorization).toBe("Bearer t");
    expect(JSON.parse(got?.body ?? "")).toEqual({
      ...activity,
      locale: "sv-SE",
      entities: [{ type: "clientInfo", locale: "sv-SE", country: "US" }, { type: "mention" }],
    });
  });

  it("leaves anything that is not an activity untouched", () => {
    for (const body of ["", "not json", "[1,2]", '{"no":"type"}'])
      expect(withLocale(Buffer.from(body), "sv-SE").toString()).toBe(body);
  });

  it("answers 502 when the bot is not there", async () => {
    const dead = await startLocaleRelay("http://127.0.0.1:1", "sv-SE");
    try {
      const res = await fetch(`${dead.url}/api/messages`, { method: "POST", body: "{}" });
      expect(res.status).toBe(502);
    } finally {
      await dead.close();
    }
  });
});
