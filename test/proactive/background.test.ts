import { describe, expect, it } from "vitest";
import { Background } from "../../src/proactive/background.js";
import { capturingLogger } from "../helpers/bot.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("Background", () => {
  it("starts work queued during a turn only once the turn is done", async () => {
    const bg = new Background(capturingLogger().logger);
    const order: string[] = [];
    await bg.afterTurn(async () => {
      bg.run("t", async () => void order.push("work"));
      await tick();
      order.push("turn answered");
    });
    await bg.idle();
    expect(order).toEqual(["turn answered", "work"]);
  });

  it("still starts the work when the turn fails", async () => {
    const bg = new Background(capturingLogger().logger);
    let ran = false;
    await expect(
      bg.afterTurn(async () => {
        bg.run("t", async () => void (ran = true));
        throw new Error("turn failed");
      }),
    ).rejects.toThrow("turn failed");
    await bg.idle();
    expect(ran).toBe(true);
  });

  it("starts work outside a turn on its own, and idle waits for work that work started", async () => {
    const bg = new Background(capturingLogger().logger);
    const done: string[] = [];
    bg.run("outer", async () => {
      await tick();
      bg.run("inner", async () => {
        await tick();
        done.push("inner");
      });
      done.push("outer");
    });
    expect(done).toEqual([]);
    await bg.idle();
    expect(done).toEqual(["outer", "inner"]);
  });

  it("logs a failure instead of throwing it, and carries on", async () => {
    const { logger, lines } = capturingLogger();
    const bg = new Background(logger);
    bg.run("deliver_invitations", async () => {
      throw new Error("connector unreachable");
    });
    let after = false;
    bg.run("next", async () => void (after = true));
    await bg.idle();
    expect(after).toBe(true);
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.event === "background_failed");
    expect(failed).toMatchObject({ task: "deliver_invitations", err: "connector unreachable" });
  });

  it("gives up waiting after the grace time, and says so", async () => {
    const bg = new Background(capturingLogger().logger);
    let release = () => {};
    bg.run("stuck", () => new Promise<void>((resolve) => (release = resolve)));
    expect(await bg.idle(20)).toBe(false);
    release();
    expect(await bg.idle(1_000)).toBe(true);
  });
});
