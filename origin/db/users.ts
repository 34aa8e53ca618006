/**
 * @module The migrator's last step: one database user per role (origin/db/roles.ts) with exactly its grants.
 *
 * Users are server-wide while grants are per database, so the default name carries the database
 * (`bonafide_edge`, `bft_edge_x_1a2b_edge`): stacks and test databases on one server never share a user or
 * a password. Idempotent: a user is created if missing, its password set to the configured one, and its
 * grants replaced by the role's (REVOKE ALL, then GRANT), so a grant a newer version dropped goes too.
 * Passwords come from configuration, never from a migration file, and are sent as bound values.
 */
import { connectOnce, type DbTarget } from "./pool.ts";
import { accountName, type DbRole, grantStatements } from "./roles.ts";

export interface RoleLogin {
  role: DbRole;
  user: string;
  password: string;
}

/** Where the role users may connect from; `%` unless configured (MariaDB matches `127.0.0.1` by it too). */
export const DEFAULT_USER_HOST = "%";

/** `<database>_<role>`: unique per database on a shared server. */
export function roleUserName(database: string, role: DbRole): string {
  return `${database}_${role}`;
}

/** A `mysql://` URL for `login` on `target`'s server and database (what a process gets as DATABASE_URL). */
export function roleDatabaseUrl(target: DbTarget, login: RoleLogin): string {
  const auth = `${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}`;
  return `mysql://${auth}@${target.host}:${target.port}/${encodeURIComponent(target.database)}`;
}

/**
 * Creates or updates each login's user on `admin`'s server with its role's grants on `admin.database`.
 * `admin` must hold CREATE USER and GRANT OPTION for those privileges (root locally, the admin URL elsewhere).
 */
export async function ensureRoleUsers(
  admin: DbTarget,
  logins: readonly RoleLogin[],
  host: string = DEFAULT_USER_HOST,
): Promise<void> {
  if (logins.length === 0) return;
  const conn = await connectOnce(admin, { useDatabase: false });
  try {
    for (const login of logins) {
      if (!login.password) throw new Error(`no password configured for the ${login.role} database user`);
      const account = accountName(login.user, host);
      await conn.query(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ?`, [login.password]);
      await conn.query(`ALTER USER ${account} IDENTIFIED BY ?`, [login.password]);
      await conn.query(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account}`);
      for (const statement of grantStatements(login.role, admin.database, account)) await conn.query(statement);
    }
  } finally {
    await conn.end();
  }
}
