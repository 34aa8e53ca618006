/**
 * @module `npx bonafide migrate`: applies the numbered migrations (idempotent), then creates or updates the
 * least-privilege role users whose passwords are configured; `--print-grants` shows their GRANT statements.
 */
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { accountName, DB_ROLES, grantStatements } from "../db/roles.ts";
import { ensureRoleUsers, roleUserName } from "../db/users.ts";

const USAGE = `usage: npx bonafide migrate [--print-grants]

Applies origin/db/migrations/*.sql to BONAFIDE_ADMIN_DATABASE_URL (else DATABASE_URL); safe to repeat.
Then, for each role whose BONAFIDE_DB_PASSWORD_<ROLE> is set (EDGE, RATER, AGGREGATOR, STATUS, CLI), creates
or updates its user (BONAFIDE_DB_USER_<ROLE>, default <database>_<role>) with exactly that role's grants.
--print-grants prints the GRANT statements for every role and changes nothing.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const config = readOriginConfig();
  const target = config.adminDatabase;
  if (args.includes("--print-grants")) {
    for (const role of DB_ROLES) {
      const login = config.roleUsers.logins.find((l) => l.role === role);
      const account = accountName(login?.user ?? roleUserName(target.database, role), config.roleUsers.host);
      console.log(`-- ${role}\nCREATE USER IF NOT EXISTS ${account} IDENTIFIED BY '…';`);
      for (const statement of grantStatements(role, target.database, account)) console.log(`${statement};`);
    }
    return 0;
  }
  const applied = await migrate(target);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "up to date");
  await ensureRoleUsers(target, config.roleUsers.logins, config.roleUsers.host);
  for (const login of config.roleUsers.logins) console.log(`user ${login.user}: ${login.role} grants`);
  return 0;
}
