// DuckDB's load of the benchmark's CSV files into a new database file: the
// reference line of `make bench` (issue 19), beside sqlite3's `.import`.
// Usage: node load.mjs DB TABLE=FILE...   Prints each table's row count.
// Each file is read with DuckDB's own CSV sniffer (header, types), as a
// user of DuckDB would load it, into a table of that name, in one run.
import { DuckDBInstance } from '@duckdb/node-api';

const [db, ...pairs] = process.argv.slice(2);
if (!db || pairs.length === 0) {
  console.error('usage: node load.mjs DB TABLE=FILE...');
  process.exit(2);
}
const instance = await DuckDBInstance.create(db);
const con = await instance.connect();
for (const pair of pairs) {
  const eq = pair.indexOf('=');
  const table = pair.slice(0, eq);
  const file = pair.slice(eq + 1);
  if (eq <= 0 || !/^[a-z_]+$/.test(table)) {
    console.error(`load.mjs: '${pair}' is not TABLE=FILE`);
    process.exit(2);
  }
  await con.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv(${quote(file)}, header = true)`);
  const reader = await con.runAndReadAll(`SELECT count(*) FROM ${table}`);
  console.log(`${table}\t${reader.getRows()[0][0]}`);
}
con.closeSync();

function quote(s) {
  return `'${s.replaceAll("'", "''")}'`;
}
