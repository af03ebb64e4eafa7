import { MemoryStorage, type Storage, type StoreItem, type StoreItems } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ETagConflictError, PgStorage } from "../../src/store/storage.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

let seq = 0;
/** A key no other test uses, in the shape Teams ids take (colons, slashes, quotes, non-ASCII). */
const key = (label: string) => `msteams/conversations/a:1Xy_${label}'"{,}\\å/${++seq}`;

const conflict = { code: "ETAG_CONFLICT", message: expect.stringContaining("eTag conflict") };

describe.each(engines)("PgStorage on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let storage: PgStorage;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    storage = new PgStorage(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  it("round-trips documents with a fresh eTag, and deletes them", async () => {
    const a = key("a");
    const b = key("b");
    const missing = key("missing");
    await storage.write({ [a]: { count: 1, nested: { text: "Hej Åsa" } }, [b]: { list: [1, 2] } });

    const read = await storage.read([a, b, missing]);
    expect(Object.keys(read).sort()).toEqual([a, b].sort());
    expect(read[a]).toEqual({ count: 1, nested: { text: "Hej Åsa" }, eTag: expect.any(String) });
    expect(read[b]).toEqual({ list: [1, 2], eTag: expect.any(String) });
    expect(read[a]?.eTag).not.toEqual(read[b]?.eTag);

    await storage.delete([a, missing]);
    expect(Object.keys(await storage.read([a, b]))).toEqual([b]);
    expect(await storage.read([])).toEqual({});
  });

  it("writes with the current eTag, and rejects a stale one without changing anything", async () => {
    const k = key("stale");
    await storage.write({ [k]: { v: 1 } });
    const first = (await storage.read([k]))[k];
    await storage.write({ [k]: { ...first, v: 2 } });
    const second = (await storage.read([k]))[k];
    expect(second).toEqual({ v: 2, eTag: expect.any(String) });
    expect(second?.eTag).not.toBe(first?.eTag);

    const err = await storage.write({ [k]: { ...first, v: 3 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ETagConflictError);
    expect(err).toMatchObject(conflict);
    expect((await storage.read([k]))[k]).toEqual(second);
  });

  it('"*", an empty or a missing eTag overwrite unconditionally', async () => {
    const k = key("star");
    await storage.write({ [k]: { v: 1 } });
    await storage.write({ [k]: { v: 2, eTag: "*" } });
    expect((await storage.read([k]))[k]).toMatchObject({ v: 2 });
    await storage.write({ [k]: { v: 3, eTag: "" } });
    await storage.write({ [k]: { v: 4 } });
    expect((await storage.read([k]))[k]).toMatchObject({ v: 4 });
  });

  it("an eTag on a key that does not exist yet inserts it", async () => {
    const k = key("new");
    await storage.write({ [k]: { v: 1, eTag: "made-up" } });
    const stored = (await storage.read([k]))[k];
    expect(stored).toEqual({ v: 1, eTag: expect.any(String) });
    expect(stored?.eTag).not.toBe("made-up");
    // …and once it exists, the made-up eTag no longer matches.
    await expect(storage.write({ [k]: { v: 2, eTag: "made-up" } })).rejects.toMatchObject(conflict);
  });

  it("a write of several keys is all or nothing", async () => {
    const ok = key("ok");
    const stale = key("stale2");
    await storage.write({ [stale]: { v: 1 } });
    const old = (await storage.read([stale]))[stale];
    await storage.write({ [stale]: { v: 2 } });

    await expect(storage.write({ [ok]: { v: 1 }, [stale]: { ...old, v: 3 } })).rejects.toMatchObject(
      conflict,
    );
    const after = await storage.read([ok, stale]);
    expect(after[ok]).toBeUndefined();
    expect(after[stale]).toMatchObject({ v: 2 });
  });

  it.each([
    ["an existing key, from its current eTag", true],
    ["a new key, all with the same made-up eTag", false],
  ])("of 20 concurrent writers of %s exactly one wins, and its doc is stored", async (_label, exists) => {
    const k = key("race");
    let base: StoreItem = { eTag: "made-up" };
    if (exists) {
      await storage.write({ [k]: { writer: -1 } });
      base = (await storage.read([k]))[k] ?? {};
    }
    // PGlite queues transactions; on PostgreSQL the pool runs up to 10 at once on separate
    // connections. Open those connections first, or the first writer finishes while the others
    // are still logging in and nothing overlaps.
    await Promise.all(
      Array.from({ length: 10 }, () => sandbox.db.transaction((tx) => tx.query("SELECT pg_sleep(0.05)"))),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, writer) => storage.write({ [k]: { ...base, writer } })),
    );
    const won = results.flatMap((r, writer) => (r.status === "fulfilled" ? [writer] : []));
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r.reason).toMatchObject(conflict);
    expect((await storage.read([k]))[k]).toMatchObject({ writer: won[0] });
  });

  it("behaves like botbuilder's MemoryStorage for the same sequence of operations", async () => {
    const k = key("parity");
    const memory = new MemoryStorage();
    // Returns what each storage did, with eTags replaced by whether they were present.
    const run = async (s: Storage) => {
      const log: unknown[] = [];
      const attempt = (items: StoreItems) =>
        s.write(items).then(
          () => "ok",
          (e: Error) => (/eTag conflict/.test(e.message) ? "conflict" : e.message),
        );
      log.push(await attempt({ [k]: { v: 1, eTag: "nope" } }));
      const one = (await s.read([k]))[k];
      log.push(await attempt({ [k]: { ...one, v: 2 } }));
      log.push(await attempt({ [k]: { ...one, v: 3 } }));
      log.push(await attempt({ [k]: { ...one, v: 4, eTag: "*" } }));
      const four = (await s.read([k]))[k];
      log.push({ v: four?.v, hasETag: typeof four?.eTag === "string" });
      await s.delete([k]);
      log.push(await s.read([k]));
      return log;
    };
    const expected = ["ok", "ok", "conflict", "ok", { v: 4, hasETag: true }, {}];
    expect(await run(memory)).toEqual(expected);
    expect(await run(storage)).toEqual(expected);
  });
});
