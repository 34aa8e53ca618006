/**
 * @module `npm start`: the whole local stack on loopback — MariaDB (found, started or installed),
 * migrations, the SQL-over-HTTP endpoint for the edge, the demonstration web, rater processes, the page
 * aggregator and the edge under `wrangler dev` with local KV — then what to try. Ctrl-C stops all of it
 * (a second Ctrl-C forces, and still leaves no process behind).
 *
 * Raters and the aggregator run under the supervisor (origin/process/supervisor.ts), as in production: a
 * rater that recycles is replaced and one that dies is restarted; only a child that cannot start (a bad
 * setting) or crash-loops past the supervisor's bound stops the stack.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startJobBackends } from "../../demo/job-board/backends.ts";
import { demoRegisterEnv } from "../../demo/rated-web/registry-host.ts";
import { startDemoWeb } from "../../demo/rated-web/web.ts";
import { startPsdbServer } from "../../dev/psdb/server.ts";
import { ensureMariaDb } from "../../dev/services/mariadb.ts";
import { redactText } from "../../shared/redact.ts";
import { recordDeaths, supervisorErrors } from "../process/foreground.ts";
import { EXIT, onStopSignals, readConfigOrExit } from "../process/lifecycle.ts";
import { type Supervisor, startSupervisor } from "../process/supervisor.ts";
import { startOriginStatus } from "../status/stack.ts";
import { childEnvironment, prepareStackDatabase } from "./database.ts";
import { writeEdgeSecrets, writeSecretFiles } from "./edge-secrets.ts";
import { type Child, startChild, waitForHttp } from "./processes.ts";
import { printWelcome } from "./welcome.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Error messages end up here (could not start: …), so URL passwords are replaced.
const say = (message: string) => process.stdout.write(`[bonafide] ${redactText(message)}\n`);
const config = readConfigOrExit("stack");

const children: Child[] = [];
const supervisors: Supervisor[] = [];
const closers: (() => Promise<void>)[] = [];
let stopping = false;
let forcing = false;

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("stopping … (Ctrl-C again to force)");
  await Promise.allSettled([...supervisors.map((s) => s.stop()), ...children.map((c) => c.stop())]);
  await Promise.allSettled(closers.reverse().map((close) => close()));
  say("stopped.");
  process.exit(code);
}
/** Second signal: every child forced (raters give their jobs back), and none left behind, then exit. */
async function forceAll(): Promise<void> {
  if (forcing) return;
  forcing = true;
  stopping = true;
  say("forcing the stop");
  await Promise.allSettled([...supervisors.map((s) => s.stop()), ...children.map((c) => c.stop(1_000))]);
  process.exit(EXIT.failed);
}
onStopSignals(
  () => void stopAll(EXIT.ok),
  () => void forceAll(),
);

function onLine(name: string, line: string): void {
  // Raters log JSON; show the interesting lines unless asked for everything (and every plain line: what
  // the process runner says to people, such as a database that does not answer).
  const json = line.startsWith("{");
  if (
    !config.stack.verbose &&
    json &&
    name.startsWith("rater") &&
    !/"msg":"(rated|rating failed|rater started|stopped|push to edge failed)"/.test(line)
  )
    return;
  if (
    !config.stack.verbose &&
    json &&
    name.startsWith("aggregator") &&
    !/"level":"(warn|error)"|"msg":"(aggregator started|stopped)"/.test(line)
  )
    return;
  // wrangler's offline chatter: the Request.cf warning, its update check and its failed look-up of
  // workers.cloudflare.com (no internet here; harmless).
  if (
    !config.stack.verbose &&
    name === "edge" &&
    /Request\.cf|update available|╭|╰|│ *│|ENOTFOUND workers\.cloudflare\.com|GetAddrInfoReqWrap/.test(line)
  )
    return;
  process.stdout.write(`[${name}] ${redactText(line)}\n`);
}

try {
  const db = config.adminDatabase; // the stack migrates, so it holds the admin credential
  say(`database: ${db.host}:${db.port}/${db.database}`);
  await ensureMariaDb(db, say);
  const roles = await prepareStackDatabase(config, say);

  const psdbPassword = randomBytes(18).toString("base64url");
  const edgeDb = roles.target("edge");
  const psdb = await startPsdbServer({
    server: db,
    // The edge's statements run as its own database user: MariaDB enforces what the edge may do.
    authenticate: (user, password) =>
      user === "bonafide" && password === psdbPassword
        ? { database: edgeDb.database, user: edgeDb.user, password: edgeDb.password }
        : null,
    host: "127.0.0.1",
    port: config.stack.psdbPort,
  });
  closers.push(() => psdb.close());
  say(`SQL-over-HTTP endpoint for the edge: ${psdb.url}`);

  // One admin token for the edge's admin API and the console's actions (the status server's), made here
  // when BONAFIDE_ADMIN_TOKEN is not set; it is written to a file only its owner reads (below).
  const adminToken = config.stack.adminToken ?? randomBytes(18).toString("base64url");
  const status = await startOriginStatus({
    ...config,
    database: roles.target("status"),
    stack: { ...config.stack, adminToken },
  });
  closers.push(() => status.close());
  say(`status pages: ${status.url}`);

  const demo = await startDemoWeb({
    host: "127.0.0.1",
    port: config.stack.demoPort,
    edgeUrl: `http://127.0.0.1:${config.stack.edgePort}`,
  });
  closers.push(() => demo.close());
  say(`demonstration web: ${demo.sites.length} sites on ${demo.url}`);

  const jobs = await startJobBackends();
  closers.push(() => jobs.close());
  say(`job board back-ends: ${Object.keys(jobs.servers).join(", ")}`);

  const pushSecret = config.pushSecret ?? randomBytes(32).toString("hex");
  // The aggregator's debug view gets a token of its own: the aggregator never holds the admin token, which
  // publishes rules at the edge.
  const debugToken = config.aggregator.debugToken ?? randomBytes(18).toString("base64url");
  const aggregatorUrl = `http://127.0.0.1:${config.aggregator.port}`;
  const edgeUrl = `http://127.0.0.1:${config.stack.edgePort}`;
  const connectTo = [demo.connectTo, config.connectTo].filter(Boolean).join(",");
  mkdirSync(config.stack.statePath, { recursive: true });
  const caFile = join(config.stack.statePath, "bonafide-demo-ca.pem");
  writeFileSync(caFile, demo.caPem);
  const originSecret = config.aggregator.edgeSecret ?? randomBytes(32).toString("hex");
  // Secrets go to wrangler in a private file, not as --var arguments that `ps` shows every local user.
  const edgeSecrets = writeEdgeSecrets({
    DATABASE_URL: `http://bonafide:${psdbPassword}@127.0.0.1:${psdb.port}`,
    BONAFIDE_PUSH_SECRET: pushSecret,
    BONAFIDE_ADMIN_TOKEN: adminToken,
    // The edge's proof of origin to the aggregator (x-bonafide-edge).
    BONAFIDE_ORIGIN_SECRET: originSecret,
  });
  closers.push(async () => edgeSecrets.remove());
  process.once("exit", edgeSecrets.remove);
  // What the printed examples read with $(cat …): the admin token, the aggregator's debug token and the CLI's
  // own database login, never shown on the screen.
  const operatorSecrets = writeSecretFiles({
    "admin-token": adminToken,
    "debug-token": debugToken,
    "cli-database-url": roles.url("cli"),
  });
  closers.push(async () => operatorSecrets.remove());
  process.once("exit", operatorSecrets.remove);

  const edge = startChild(
    "edge",
    `${ROOT}node_modules/.bin/wrangler`,
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(config.stack.edgePort),
      "--persist-to",
      config.stack.statePath,
      ...edgeSecrets.args,
      "--var",
      `ORIGIN_URL:${aggregatorUrl}`,
      "--show-interactive-dev-session=false",
    ],
    {
      env: { ...childEnvironment(), WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
      cwd: ROOT,
      onLine,
    },
  );
  children.push(edge);

  const deaths = supervisorErrors(config, "stack");
  closers.push(deaths.close);
  const supervise = (name: string, script: string, processes: number, env: NodeJS.ProcessEnv) => {
    const supervisor = startSupervisor({
      name,
      script: `${ROOT}${script}`,
      processes,
      env,
      log: say,
      onLine,
      onCrash: recordDeaths(deaths.errors),
    });
    supervisors.push(supervisor);
    void supervisor.done.then((exit) => {
      if (stopping) return;
      say(`${exit.reason}; stopping the stack`);
      void stopAll(exit.code || EXIT.failed);
    });
  };
  supervise("aggregator", "demo/job-board/main.ts", 1, {
    ...childEnvironment(),
    DATABASE_URL: roles.url("aggregator"), // it registers in the process registry, as the raters do
    BONAFIDE_AGGREGATOR_HOST: "127.0.0.1",
    BONAFIDE_BACKENDS: jobs.spec,
    BONAFIDE_DEBUG_TOKEN: debugToken,
    BONAFIDE_ORIGIN_SECRET: originSecret,
    // Its page-refresh worker pushes refreshed pages to the edge, signed like the raters' ratings.
    BONAFIDE_EDGE_URL: edgeUrl,
    BONAFIDE_PUSH_SECRET: pushSecret,
  });

  const raterEnv = {
    ...childEnvironment(),
    DATABASE_URL: roles.url("rater"),
    BONAFIDE_EDGE_URL: edgeUrl,
    BONAFIDE_PUSH_SECRET: pushSecret,
    BONAFIDE_CONNECT_TO: connectTo,
    // The demo web's test CA, RDAP, blacklist and register: trusted and consulted only because we say so here.
    BONAFIDE_TRUST_CA_FILE: caFile,
    BONAFIDE_RDAP_BOOTSTRAP_URL: config.rater.rdapBootstrapUrl ?? demo.sources.rdapBootstrapUrl,
    BONAFIDE_BLACKLIST_FEED: config.rater.blacklistFeed ?? demo.sources.blacklistFeed,
    BONAFIDE_REGISTRY_FEED: config.rater.registryFeed ?? demo.sources.registryFeed,
    // The demo's GLEIF, VIES and Companies House, unless the operator chose registers of their own.
    ...(config.rater.registers.registers.length > 0 ? {} : demoRegisterEnv(demo.sources.registers)),
  };
  supervise("rater", "origin/rater/main.ts", config.stack.raters, raterEnv);

  await waitForHttp(`${edgeUrl}/api/v1/meta`, 90_000, () => edge.process.exitCode === null);
  await waitForHttp(`${aggregatorUrl}/_aggregator/metrics`, 30_000, () => !stopping);
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        say(`${child.name} exited unexpectedly (code ${code}); stopping the stack`);
        void stopAll(1);
      }
    });
  }
  printWelcome({
    edgeUrl,
    demo,
    raters: config.stack.raters,
    psdbUrl: psdb.url,
    statusUrl: status.url,
    aggregatorUrl,
    secretFiles: {
      adminToken: operatorSecrets.paths["admin-token"] ?? "",
      debugToken: operatorSecrets.paths["debug-token"] ?? "",
      cliDatabaseUrl: operatorSecrets.paths["cli-database-url"] ?? "",
    },
  });
} catch (error) {
  say(`could not start: ${(error as Error).message}`);
  await stopAll(EXIT.failed);
}
