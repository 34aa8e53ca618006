/**
 * @module `npx bonafide rules validate|diff|push|test|versions|rollback|import-nginx`: URL rules from files
 * (JSON or YAML) to the edge's admin API, and nginx tables into rules.
 */
import { readFile } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { diffRules, isEmptyDiff } from "../../shared/rules/diff.ts";
import { evaluateRules } from "../../shared/rules/evaluate.ts";
import type { RulesDocument } from "../../shared/rules/model.ts";
import { importNginx } from "../../shared/rules/nginx-import.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";
import type { RuleIndex } from "../../shared/rules/rule-index.ts";
import { findShadowedRules } from "../../shared/rules/shadowing.ts";
import { type RuleProblem, RulesInvalidError } from "../../shared/rules/validate.ts";
import { readOriginConfig } from "../config.ts";
import { OriginError } from "../errors/model.ts";
import { adminToken, hasTokenArgument, TOKEN_SOURCES, TokenUsageError, tokenArgumentError } from "./admin-token.ts";

const USAGE = `usage: npx bonafide rules <command> [options]

  validate FILE                  check a rules file (JSON or YAML): shape, regexes, rewrite loops
  diff FILE                      what publishing FILE would change against the live rules
  push FILE [--comment TEXT] [--if-match N | --force]
                                 publish FILE as a new version (validated again by the edge), only
                                 over the live version it read first (or N, e.g. the one \`diff\`
                                 showed): if someone else published meanwhile, nothing changes and
                                 it says so; --force publishes over whatever is live
  test [FILE] URL [-H 'Name: value']… [--method M] [--country CC]
                                 which rule matches URL, every step, the final outcome: offline
                                 against FILE, or against the live rules without FILE
  versions                       list the kept versions (* = live): when, how many rules, who, comment
  rollback VERSION [--if-match N]
                                 make VERSION live again (only while N is live, if given)
  import-nginx FILE              print an nginx rewrite/return/location table as rules JSON;
                                 what cannot be translated is listed on stderr

edge options: --edge URL (default $BONAFIDE_EDGE_URL or http://127.0.0.1:8787)
              --token-file PATH: the admin token, read from a file only you can read (default:
                $BONAFIDE_ADMIN_TOKEN; \`npm start\` prints the path of the file it wrote). Never
                --token: every local user sees a command line in \`ps\`
              --author NAME recorded with push and rollback (default: your user@host)`;

/** Reads a rules file; a bare list of rules is accepted as `{ rules: [...] }`. */
export async function loadRulesFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(error as Error).message}`);
  }
  return Array.isArray(data) ? { rules: data } : data;
}

export function formatProblem(p: RuleProblem): string {
  const where =
    p.rule !== null ? `rule ${JSON.stringify(p.rule)}${p.index !== null ? ` (#${p.index + 1})` : ""}` : "document";
  return `${where}: ${p.code}: ${p.message}`;
}

/** Prepares `path`'s rules, printing every problem and warning; null when invalid. */
async function prepareFile(path: string): Promise<RuleIndex | null> {
  try {
    const index = prepareRules(await loadRulesFile(path));
    for (const w of findShadowedRules(index)) console.error(`warning: ${formatProblem(w)}`);
    return index;
  } catch (error) {
    if (!(error instanceof RulesInvalidError)) throw error;
    for (const p of error.problems) console.error(formatProblem(p));
    console.error(`${path}: ${error.problems.length} problem(s); nothing was published`);
    return null;
  }
}

interface EdgeOptions {
  edge: string;
  token: string | null;
}

interface EdgeErrorBody {
  code?: string;
  message?: string;
  problems?: RuleProblem[];
  live?: { version: number; publishedAt: string; author: string } | null;
  stored?: number;
}

/** The edge answered with an error status; `body` is its JSON `error` object. */
class EdgeAnswerError extends OriginError<"EDGE_REFUSED"> {
  readonly status: number;
  readonly body: EdgeErrorBody;
  constructor(status: number, body: EdgeErrorBody, text: string) {
    super("EDGE_REFUSED", `the edge answered ${status} ${body.code ?? ""}: ${body.message ?? text.slice(0, 200)}`);
    this.status = status;
    this.body = body;
  }
}

async function callEdge(
  opts: EdgeOptions,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  if (!opts.token) throw new Error(`no admin token: ${TOKEN_SOURCES} (\`npm start\` prints how)`);
  const url = `${opts.edge}/_bonafide/rules${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json", ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`cannot reach the edge at ${opts.edge}: ${(error as Error).message}`);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: reported below with the status
  }
  if (!res.ok) {
    const err = (json as { error?: EdgeErrorBody } | null)?.error ?? {};
    for (const p of err.problems ?? []) console.error(formatProblem(p));
    throw new EdgeAnswerError(res.status, err, text);
  }
  return json;
}

/** Who is publishing, for the versions list: --author, else user@host (the admin token says nobody). */
function defaultAuthor(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return hostname();
  }
}

function describeLive(live: EdgeErrorBody["live"]): string {
  if (!live) return "Nothing is live now";
  return `Version ${live.version} is live now (made live ${live.publishedAt}${live.author ? ` by ${live.author}` : ""})`;
}

/**
 * Turns a lost race into a message an operator can act on: 412 = someone published or rolled back after
 * the version this command checked against; 409 = our version went live and was replaced at once.
 */
function explainConflict(error: unknown, what: string, expected: string, file: string): boolean {
  if (!(error instanceof EdgeAnswerError)) return false;
  const { status, body } = error;
  const review = file
    ? `review with \`npx bonafide rules diff ${file}\`, then push again`
    : "check `npx bonafide rules versions`";
  if (status === 412) {
    const kept =
      body.stored !== undefined
        ? ` Your rules were kept as version ${body.stored}, which is not live (\`npx bonafide rules rollback ${body.stored}\` makes it live).`
        : "";
    console.error(
      `${what} refused: someone else published or rolled back meanwhile. ${describeLive(body.live)}, not ${expected}; nothing of yours went live.${kept}\n` +
        `To go on: ${review}${file ? " (or --force to publish over it regardless)" : ""}.`,
    );
    return true;
  }
  if (status === 409 && body.code === "SUPERSEDED") {
    console.error(
      `${what}: version ${body.stored} went live but was replaced at once — ${describeLive(body.live)} (another publish or rollback at the same moment).\n` +
        `Your version ${body.stored} is kept; ${review}.`,
    );
    return true;
  }
  return false;
}

function printDiff(live: RulesDocument & { version?: number | null }, next: RulesDocument): void {
  const diff = diffRules(live, next);
  if (isEmptyDiff(diff)) {
    console.log(`no changes against live version ${live.version ?? "(none)"}`);
    return;
  }
  console.log(`against live version ${live.version ?? "(none)"}:`);
  for (const [mark, ids] of [
    ["+", diff.added],
    ["-", diff.removed],
    ["~", diff.changed],
    ["↕", diff.moved],
  ] as const)
    for (const id of ids) console.log(`${mark} ${id}`);
  for (const name of diff.originsChanged) console.log(`~ origin ${name}`);
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.moved.length} moved`;
  console.log(counts);
}

function parsePositive(raw: string, what: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${what} must be a version number, got ${JSON.stringify(raw)}`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  try {
    if (hasTokenArgument(args)) throw tokenArgumentError();
    return await runCommand(args);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    console.error(`bonafide rules: ${error.message}`);
    return 2;
  }
}

/** What every rules command gets: its options, its positionals, and the edge to talk to. */
interface RulesCommand {
  values: RulesValues;
  rest: string[];
  /** `rest`, or a usage error when fewer than `n` positionals were given. */
  need(n: number, what: string): string[];
  edgeOptions(): EdgeOptions;
}

const RULES_OPTIONS = {
  edge: { type: "string" },
  "token-file": { type: "string" },
  comment: { type: "string" },
  author: { type: "string" },
  "if-match": { type: "string" },
  force: { type: "boolean" },
  method: { type: "string" },
  country: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;
type RulesValues = ReturnType<typeof parseArgs<{ options: typeof RULES_OPTIONS; allowPositionals: true }>>["values"];

/** `validate FILE`: the publish checks, offline. */
async function validateFile({ need }: RulesCommand): Promise<number> {
  const [file = ""] = need(1, "a FILE");
  const index = await prepareFile(file);
  if (!index) return 1;
  console.log(`${file}: ${index.document.rules.length} rules valid (${index.rules.length} enabled)`);
  return 0;
}

/** `test [FILE] URL`: which rules a request meets, offline against FILE or on the live edge. */
async function testUrl({ values, rest, need, edgeOptions }: RulesCommand): Promise<number> {
  // `test FILE URL` runs offline against FILE; `test URL` asks the live edge (POST /_bonafide/rules/test).
  const [file = "", url = ""] = rest.length === 1 ? ["", rest[0] ?? ""] : need(2, "[FILE] and a URL");
  if (!URL.canParse(url)) throw new Error(`not an absolute URL: ${url}`);
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new Error(`-H takes 'Name: value', got ${JSON.stringify(h)}`);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  const input = { url, method: values.method ?? "GET", headers, country: values.country ?? null };
  if (!file) {
    console.log(JSON.stringify(await callEdge(edgeOptions(), "POST", "/test", input), null, 2));
    return 0;
  }
  const index = await prepareFile(file);
  if (!index) return 1;
  const result = evaluateRules(index, input);
  const matched = result.steps.find((s) => s.action !== "headers")?.rule ?? null;
  console.log(JSON.stringify({ matched, ...result }, null, 2));
  return 0;
}

/** `diff FILE`: what publishing FILE would change on the live edge. */
async function diffWithLive({ need, edgeOptions }: RulesCommand): Promise<number> {
  const [file = ""] = need(1, "a FILE");
  const index = await prepareFile(file);
  if (!index) return 1;
  const live = (await callEdge(edgeOptions(), "GET", "")) as RulesDocument & { version: number | null };
  printDiff(live, index.document);
  if (live.version !== null)
    console.log(
      `to publish only over version ${live.version}: npx bonafide rules push ${file} --if-match ${live.version}`,
    );
  return 0;
}

/** `push FILE`: publish FILE, only over the version it was checked against (or --force). */
async function pushFile({ values, need, edgeOptions }: RulesCommand): Promise<number> {
  const [file = ""] = need(1, "a FILE");
  if (values.force && values["if-match"] !== undefined) throw new Error("push takes --if-match or --force, not both");
  const expectedArg = values["if-match"] === undefined ? null : parsePositive(values["if-match"], "--if-match");
  const index = await prepareFile(file);
  if (!index) return 1;
  const opts = edgeOptions();
  // Publish only over the version this push was checked against: --if-match N (what `diff` showed), or
  // the live version read just now, whose diff is summarised first.
  let expected: number | null = expectedArg;
  if (!values.force && expected === null) {
    const live = (await callEdge(opts, "GET", "")) as RulesDocument & { version: number | null };
    expected = live.version;
    const d = diffRules(live, index.document);
    console.log(
      `against live version ${live.version ?? "(none)"}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.moved.length} moved`,
    );
  }
  const condition: Record<string, string> = values.force
    ? {}
    : expected === null
      ? { "if-none-match": "*" }
      : { "if-match": `"${expected}"` };
  const query = new URLSearchParams({ author: values.author ?? defaultAuthor() });
  if (values.comment) query.set("comment", values.comment);
  try {
    const info = (await callEdge(opts, "PUT", `?${query}`, index.document, condition)) as {
      version: number;
      count: number;
      pruned?: number[];
    };
    const pruned = info.pruned?.length ? `; pruned old version(s) ${info.pruned.join(", ")}` : "";
    console.log(`published version ${info.version} (${info.count} rules)${pruned}`);
    return 0;
  } catch (error) {
    const against = expected === null ? "nothing published (as when you started)" : `version ${expected}`;
    if (explainConflict(error, "push", against, file)) return 1;
    throw error;
  }
}

/** `versions`: the versions the edge keeps. */
async function listVersions({ edgeOptions }: RulesCommand): Promise<number> {
  const list = (await callEdge(edgeOptions(), "GET", "/versions")) as {
    current: number | null;
    keep?: number;
    versions: { version: number; createdAt: string; count: number; author?: string; comment: string }[];
  };
  for (const v of list.versions)
    console.log(
      `${v.version === list.current ? "*" : " "} ${v.version}\t${v.createdAt}\t${v.count} rules\t${v.author ?? ""}\t${v.comment}`,
    );
  if (list.keep !== undefined) console.log(`(the edge keeps the newest ${list.keep} versions and the live one)`);
  return 0;
}

/** `rollback VERSION`: make an earlier version live again. */
async function rollBack({ values, need, edgeOptions }: RulesCommand): Promise<number> {
  const [version = ""] = need(1, "a VERSION");
  const target = parsePositive(version, "VERSION");
  const expected = values["if-match"] === undefined ? null : parsePositive(values["if-match"], "--if-match");
  const condition: Record<string, string> = expected === null ? {} : { "if-match": `"${expected}"` };
  try {
    const res = (await callEdge(
      edgeOptions(),
      "POST",
      "/rollback",
      { version: target, author: values.author ?? defaultAuthor() },
      condition,
    )) as { previous: number | null };
    console.log(`version ${target} is live (was ${res.previous ?? "none"})`);
    return 0;
  } catch (error) {
    if (explainConflict(error, "rollback", `version ${expected}`, "")) return 1;
    throw error;
  }
}

/** `import-nginx FILE`: an nginx rewrite table as rules, with what could not be translated. */
async function importNginxFile({ need }: RulesCommand): Promise<number> {
  const [file = ""] = need(1, "an nginx FILE");
  const { rules, untranslated } = importNginx(await readFile(file, "utf8"));
  console.log(JSON.stringify({ rules }, null, 2));
  for (const u of untranslated) console.error(`${file}:${u.line}: ${u.directive} — ${u.reason}`);
  console.error(`${rules.length} rules; ${untranslated.length} line(s) not (exactly) translated`);
  return 0;
}

const RULES_COMMANDS: Record<string, (c: RulesCommand) => Promise<number>> = {
  validate: validateFile,
  test: testUrl,
  diff: diffWithLive,
  push: pushFile,
  versions: listVersions,
  rollback: rollBack,
  "import-nginx": importNginxFile,
};

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RULES_OPTIONS });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const need = (n: number, what: string): string[] => {
    if (rest.length < n) throw new Error(`rules ${command} needs ${what}\n\n${USAGE}`);
    return rest;
  };
  const edgeOptions = (): EdgeOptions => {
    const config = readOriginConfig();
    return {
      edge: (values.edge ?? config.edgeUrl).replace(/\/+$/, ""),
      token: adminToken(values["token-file"], config.stack.adminToken),
    };
  };

  const handler = RULES_COMMANDS[command];
  if (!handler || !Object.hasOwn(RULES_COMMANDS, command)) {
    console.error(`unknown rules command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  return handler({ values, rest, need, edgeOptions });
}
