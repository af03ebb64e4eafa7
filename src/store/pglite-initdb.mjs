// Creates a PGlite data directory (initdb) in a short-lived process of its own, then exits.
// initdb grows PGlite's WebAssembly memory by some 400 MB that a process never gives back; the
// server (db.ts) runs this first, then opens the initialised directory with a lean instance.
import { argv, exit, stderr } from "node:process";
import { PGlite } from "@electric-sql/pglite";

const dataDir = argv[2];
if (!dataDir) {
  stderr.write("usage: pglite-initdb.mjs <dataDir>\n");
  exit(2);
}
const pglite = await PGlite.create({ dataDir });
await pglite.close();
