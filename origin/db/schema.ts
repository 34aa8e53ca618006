/**
 * @module The one database preparation an origin process does at start: check that the schema is current.
 *
 * Processes run with their own least-privilege credential (origin/db/roles.ts), which may not run DDL, so
 * they no longer migrate: the migrator does (`npx bonafide migrate`, `npm start`, the test setup) with the
 * admin URL. A process whose database is behind stops with one line saying what to run.
 */
import type mysql from "mysql2/promise";
import type { OriginConfig } from "../config.ts";
import { OriginError } from "../errors/model.ts";
import { migrationFiles } from "./migrate.ts";
import { connectOnce } from "./pool.ts";

/** The database is reachable but not migrated (or the process's user may not see it): not worth retrying. */
export class SchemaNotReadyError extends OriginError<"SCHEMA_NOT_READY"> {
  constructor(message: string) {
    super("SCHEMA_NOT_READY", message);
  }
}

const NO_SUCH_TABLE = 1146;
const NO_SUCH_DATABASE = 1049;
const ACCESS_DENIED = new Set([1142, 1143, 1044]); // table, column, database access denied

/**
 * Resolves when every migration file is recorded as applied in `config.database`; throws
 * SchemaNotReadyError naming `npx bonafide migrate` if not, and the driver's error if the server does not
 * answer (the caller decides about retrying that).
 */
export async function ensureSchema(config: Pick<OriginConfig, "database">): Promise<void> {
  const { database } = config;
  const migrate = "run `npx bonafide migrate` (with BONAFIDE_ADMIN_DATABASE_URL) first";
  let conn: mysql.Connection | undefined;
  try {
    conn = await connectOnce(database, { useDatabase: true });
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT version FROM schema_migration");
    const done = new Set(rows.map((r) => String(r.version)));
    const missing = (await migrationFiles()).map((m) => m.version).filter((v) => !done.has(v));
    if (missing.length > 0)
      throw new SchemaNotReadyError(
        `database ${database.database} is behind (${missing.join(", ")} not applied): ${migrate}`,
      );
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === NO_SUCH_TABLE || errno === NO_SUCH_DATABASE)
      throw new SchemaNotReadyError(`database ${database.database} is not migrated: ${migrate}`);
    if (errno !== undefined && ACCESS_DENIED.has(errno))
      throw new SchemaNotReadyError(
        `database user ${database.user} may not read ${database.database}.schema_migration: ${migrate}, ` +
          "which creates the role users and their grants",
      );
    throw error;
  } finally {
    await conn?.end();
  }
}
