import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection. The hot paths (a score edit,
 * its audit entry, the profile lookup) run on every keystroke that changes a value;
 * preparing SQL each time costs more than executing it.
 */
export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let byConnection = cache.get(sqlite);
  if (!byConnection) {
    byConnection = new Map();
    cache.set(sqlite, byConnection);
  }
  let s = byConnection.get(sql);
  if (!s) {
    s = sqlite.prepare(sql);
    byConnection.set(sql, s);
  }
  return s;
}

/**
 * Drizzle's typed prepared queries, built once per connection: `const q = perConnection(
 * (db) => db.select()…where(eq(col, sql.placeholder('id'))).prepare())`, then `q(db).all({ id })`.
 * Reading a whole record (signing, printing, importing a bundle) runs these many times;
 * building the query anew each time cost more than running it.
 */
export function perConnection<D extends object, T>(build: (db: D) => T): (db: D) => T {
  const built = new WeakMap<D, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
}
