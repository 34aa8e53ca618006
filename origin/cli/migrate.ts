/** @module `npx bonafide migrate`: applies the numbered migrations to DATABASE_URL (idempotent). */
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";

export async function run(args: string[]): Promise<number> {
  if (args.includes("--help")) {
    console.log("usage: npx bonafide migrate\n\nApplies origin/db/migrations/*.sql to DATABASE_URL; safe to repeat.");
    return 0;
  }
  const config = readOriginConfig();
  const applied = await migrate(config.database);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "up to date");
  return 0;
}
