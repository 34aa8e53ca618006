/**
 * @module `npm start`: the whole local stack on loopback — MariaDB (found, started or installed),
 * migrations, the SQL-over-HTTP endpoint for the edge, the demonstration web, rater processes, the page
 * aggregator and the edge under `wrangler dev` with local KV — then what to try. Ctrl-C stops all of it.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startJobBackends } from "../aggregator/demo/backends.ts";
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { startDemoWeb } from "../demo/web.ts";
import { startPsdbServer } from "../psdb/server.ts";
import { ensureMariaDb } from "../services/mariadb.ts";
import { startOriginStatus } from "../status/stack.ts";
import { type Child, startChild, waitForHttp } from "./processes.ts";
import { printWelcome } from "./welcome.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const say = (message: string) => process.stdout.write(`[bonafide] ${message}\n`);
const config = readOriginConfig();
const verbose = process.env.BONAFIDE_VERBOSE === "1";

const children: Child[] = [];
const closers: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say("stopping …");
  await Promise.allSettled(children.map((c) => c.stop()));
  await Promise.allSettled(closers.reverse().map((close) => close()));
  say("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function onLine(name: string, line: string): void {
  // Raters log JSON; show the interesting lines unless asked for everything.
  if (
    !verbose &&
    name.startsWith("rater") &&
    !/"msg":"(rated|rating failed|rater started|stopped|push to edge failed)"/.test(line)
  )
    return;
  if (!verbose && name === "aggregator" && !/"level":"(warn|error)"|"msg":"(aggregator started|stopped)"/.test(line))
    return;
  // wrangler's offline chatter: the Request.cf warning, its update check and its failed look-up of
  // workers.cloudflare.com (no internet here; harmless).
  if (
    !verbose &&
    name === "edge" &&
    /Request\.cf|update available|╭|╰|│ *│|ENOTFOUND workers\.cloudflare\.com|GetAddrInfoReqWrap/.test(line)
  )
    return;
  process.stdout.write(`[${name}] ${line}\n`);
}

try {
  const db = config.database;
  say(`database: ${db.host}:${db.port}/${db.database}`);
  await ensureMariaDb(db, say);
  const applied = await migrate(db);
  say(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: up to date");

  const psdbPassword = randomBytes(18).toString("base64url");
  const psdb = await startPsdbServer({
    server: db,
    authenticate: (user, password) => (user === "bonafide" && password === psdbPassword ? db.database : null),
    host: "127.0.0.1",
    port: config.stack.psdbPort,
  });
  closers.push(() => psdb.close());
  say(`SQL-over-HTTP endpoint for the edge: ${psdb.url}`);

  const status = await startOriginStatus(config);
  closers.push(() => status.close());
  say(`status pages: ${status.url}`);

  const demo = await startDemoWeb({ host: "127.0.0.1", port: config.stack.demoPort });
  closers.push(() => demo.close());
  say(`demonstration web: ${demo.sites.length} sites on ${demo.url}`);

  const jobs = await startJobBackends();
  closers.push(() => jobs.close());
  say(`job board back-ends: ${Object.keys(jobs.servers).join(", ")}`);

  const pushSecret = config.pushSecret ?? randomBytes(32).toString("hex");
  const adminToken = config.stack.adminToken ?? randomBytes(18).toString("base64url");
  const aggregatorUrl = `http://127.0.0.1:${config.aggregator.port}`;
  const edgeUrl = `http://127.0.0.1:${config.stack.edgePort}`;
  const connectTo = [demo.connectTo, config.connectTo].filter(Boolean).join(",");
  mkdirSync(config.stack.statePath, { recursive: true });
  const caFile = join(config.stack.statePath, "bonafide-demo-ca.pem");
  writeFileSync(caFile, demo.caPem);
  // The edge's proof of origin to the aggregator; wrangler reads it from a 0600 file, never argv.
  const originSecret = config.aggregator.edgeSecret ?? randomBytes(32).toString("hex");
  const originSecretFile = join(config.stack.statePath, "edge-origin-secret.env");
  writeFileSync(originSecretFile, `BONAFIDE_ORIGIN_SECRET=${originSecret}\n`, { mode: 0o600 });
  chmodSync(originSecretFile, 0o600); // the mode above applies only when the file is new
  const node = process.execPath;

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
      "--var",
      `DATABASE_URL:http://bonafide:${psdbPassword}@127.0.0.1:${psdb.port}`,
      "--var",
      `BONAFIDE_PUSH_SECRET:${pushSecret}`,
      "--var",
      `BONAFIDE_ADMIN_TOKEN:${adminToken}`,
      "--var",
      `ORIGIN_URL:${aggregatorUrl}`,
      "--env-file",
      originSecretFile,
      "--show-interactive-dev-session=false",
    ],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
      cwd: ROOT,
      onLine,
    },
  );
  children.push(edge);

  const aggregator = startChild("aggregator", node, [`${ROOT}origin/aggregator/main.ts`], {
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl, // it registers in the process registry, as the raters do
      BONAFIDE_AGGREGATOR_HOST: "127.0.0.1",
      BONAFIDE_BACKENDS: jobs.spec,
      BONAFIDE_DEBUG_TOKEN: config.aggregator.debugToken ?? adminToken,
      BONAFIDE_ORIGIN_SECRET: originSecret,
    },
    cwd: ROOT,
    onLine,
  });
  children.push(aggregator);

  const raterEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    BONAFIDE_EDGE_URL: edgeUrl,
    BONAFIDE_PUSH_SECRET: pushSecret,
    BONAFIDE_CONNECT_TO: connectTo,
    // The demo web's test CA, RDAP, blacklist and register: trusted and consulted only because we say so here.
    BONAFIDE_TRUST_CA_FILE: caFile,
    BONAFIDE_RDAP_BOOTSTRAP_URL: config.rater.rdapBootstrapUrl ?? demo.sources.rdapBootstrapUrl,
    BONAFIDE_BLACKLIST_FEED: config.rater.blacklistFeed ?? demo.sources.blacklistFeed,
    BONAFIDE_REGISTRY_FEED: config.rater.registryFeed ?? demo.sources.registryFeed,
  };
  for (let i = 1; i <= config.stack.raters; i++) {
    children.push(
      startChild(`rater-${i}`, node, [`${ROOT}origin/rater/main.ts`], { env: raterEnv, cwd: ROOT, onLine }),
    );
  }

  await waitForHttp(`${edgeUrl}/api/v1/meta`, 90_000, () => edge.process.exitCode === null);
  await waitForHttp(`${aggregatorUrl}/_aggregator/metrics`, 30_000, () => aggregator.process.exitCode === null);
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
    adminToken,
    raters: config.stack.raters,
    psdbUrl: psdb.url,
    statusUrl: status.url,
    aggregatorUrl,
  });
} catch (error) {
  say(`could not start: ${(error as Error).message}`);
  await stopAll(1);
}
