import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReminderRepository } from "../../src/store/reminders.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const CASE = "00000000-0000-4000-8000-0000000000c1";
const spec = (userId: string) => ({
  kind: "follow_up_soon" as const,
  recipient: { userId, tenantId: "t" },
  dueAt: new Date("2027-01-10T07:00:00Z"),
  aboutDate: "2027-01-20",
});

/** A reminder asked for by a button (the lead asking the convener): once while it waits. */
describe.each(engines)("ReminderRepository.insertOnce, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    await sandbox.db.query(
      `INSERT INTO cases (id, code, tenant_id, region, convener_user_id) VALUES ($1, 'SIP-ABCD', 't', 'national', '29:k')`,
      [CASE],
    );
  });
  afterAll(() => sandbox.dispose());

  it("writes one while the same one waits, another once it went out", async () => {
    const reminders = new ReminderRepository(sandbox.db);
    expect(await reminders.insertOnce(CASE, spec("29:k"))).toBe(true);
    expect(await reminders.insertOnce(CASE, spec("29:k"))).toBe(false);
    // Someone else, or another date, is another reminder.
    expect(await reminders.insertOnce(CASE, spec("29:x"))).toBe(true);
    expect(await reminders.insertOnce(CASE, { ...spec("29:k"), aboutDate: "2027-02-20" })).toBe(true);
    await sandbox.db.query("UPDATE reminders SET status = 'sent' WHERE recipient_user_id = '29:k'");
    expect(await reminders.insertOnce(CASE, spec("29:k"))).toBe(true);
    const rows = await sandbox.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reminders WHERE case_id = $1",
      [CASE],
    );
    expect(rows[0]?.n).toBe(4);
  });
});
