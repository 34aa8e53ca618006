/**
 * @module The local stack as the migrator: migrations with the admin credential, then one least-privilege
 * user per role (origin/db/roles.ts), each process kind started with its own.
 *
 * Passwords are random per start unless BONAFIDE_DB_PASSWORD_<ROLE> is set (the users are updated to them
 * each time, so nothing is kept on disk); they reach the children through the environment, never argv.
 * The admin credential and the role passwords are kept out of every child's environment, and so is every
 * other secret the launcher was given: each child gets only the ones it needs, named where it is started.
 */
import { randomBytes } from "node:crypto";
import { inheritedEnvironment, type OriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import type { DbTarget } from "../db/pool.ts";
import { DB_ROLES, type DbRole } from "../db/roles.ts";
import { ensureRoleUsers, type RoleLogin, roleDatabaseUrl, roleUserName } from "../db/users.ts";

export interface StackDatabase {
  /** `role`'s credential on the stack's database. */
  target(role: DbRole): DbTarget;
  /** `role`'s `mysql://` URL, a child's DATABASE_URL. */
  url(role: DbRole): string;
}

/**
 * Variables a child must not inherit: the migrator's credential (DATABASE_URL is the launcher's, the
 * migrator's when no admin URL is set) and every role's password; the admin token, which only the edge
 * holds (in its secrets file); and the status, debug, origin and push secrets, which the launcher hands to
 * exactly the children that need them.
 */
const LAUNCHER_ONLY =
  /^(DATABASE_URL|BONAFIDE_ADMIN_DATABASE_URL|BONAFIDE_DB_PASSWORD_[A-Z]+|BONAFIDE_ADMIN_TOKEN|BONAFIDE_STATUS_TOKEN|BONAFIDE_DEBUG_TOKEN|BONAFIDE_ORIGIN_SECRET|BONAFIDE_PUSH_SECRET)$/;

/** The launcher's environment without its secrets: the base every child's own settings are added to. */
export function childEnvironment(env: NodeJS.ProcessEnv = inheritedEnvironment()): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !LAUNCHER_ONLY.test(name)));
}

/** Migrates and creates or updates the role users; says what it did through `say`. */
export async function prepareStackDatabase(config: OriginConfig, say: (m: string) => void): Promise<StackDatabase> {
  const admin = config.adminDatabase;
  const applied = await migrate(admin);
  say(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: up to date");
  const logins = new Map<DbRole, RoleLogin>(
    DB_ROLES.map((role) => [
      role,
      config.roleUsers.logins.find((l) => l.role === role) ?? {
        role,
        user: roleUserName(admin.database, role),
        password: randomBytes(18).toString("base64url"),
      },
    ]),
  );
  await ensureRoleUsers(admin, [...logins.values()], config.roleUsers.host);
  say(`database users: ${[...logins.values()].map((l) => l.user).join(", ")} (least privilege, per process kind)`);
  const login = (role: DbRole) => logins.get(role) as RoleLogin;
  return {
    target: (role) => ({ ...admin, user: login(role).user, password: login(role).password }),
    url: (role) => roleDatabaseUrl(admin, login(role)),
  };
}
