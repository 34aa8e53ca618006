/**
 * @module The status server inside the local stack (`npm start`): its own small pool, errors recorded as
 * process `status`, on BONAFIDE_STATUS_PORT (default 8789).
 */
import type { OriginConfig } from "../config.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder } from "../errors/record.ts";
import { createLogger } from "../log.ts";
import { type StatusServer, startStatusServer, statusServerSettings } from "./server.ts";

/** Starts the status server for the stack; close() also ends its pool. */
export async function startOriginStatus(
  config: Pick<OriginConfig, "database" | "host" | "ops" | "stack">,
): Promise<StatusServer> {
  const db = createDb(config.database, { connectionLimit: 4 });
  const log = createLogger({ process: "status" });
  const errors = createErrorRecorder(db, { host: config.host, processName: "status" }, log);
  try {
    const server = await startStatusServer({ db, errors, ...statusServerSettings(config) });
    return {
      ...server,
      async close() {
        await server.close();
        await db.end();
      },
    };
  } catch (error) {
    await db.end();
    throw error;
  }
}
