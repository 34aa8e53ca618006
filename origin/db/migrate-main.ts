/**
 * @module `npm run migrate`: applies the migrations to DATABASE_URL (creating the database if needed).
 */
import { readOriginConfig } from "../config.ts";
import { migrate } from "./migrate.ts";

const config = readOriginConfig();
const applied = await migrate(config.database);
console.log(applied.length ? `applied: ${applied.join(", ")}` : "up to date");
