import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Reads the local D1 database `wrangler dev --persist-to <dir>` keeps (a SQLite file under
 * `v3/d1/miniflare-D1DatabaseObject/`), read-only, with Node's built-in SQLite. Use it while wrangler is stopped
 * or idle: it sees what was committed.
 */
export async function openLocalD1(persistTo) {
  const dir = path.join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.length}`);
  const silenced = process.emitWarning;
  process.emitWarning = () => {};
  const { DatabaseSync } = await import("node:sqlite");
  process.emitWarning = silenced;
  const db = new DatabaseSync(path.join(dir, files[0]), { readOnly: true });
  return {
    all: (sql, ...params) =>
      db
        .prepare(sql)
        .all(...params)
        .map((row) => ({ ...row })),
    close: () => db.close(),
  };
}
