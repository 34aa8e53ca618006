/**
 * @module `npx bonafide rules validate|diff|push|test|versions|rollback|import-nginx`: URL rules from files
 * (JSON or YAML) to the edge's admin API, and nginx tables into rules.
 */
import { readFile } from "node:fs/promises";
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

const USAGE = `usage: npx bonafide rules <command> [options]

  validate FILE                  check a rules file (JSON or YAML): shape, regexes, rewrite loops
  diff FILE                      what publishing FILE would change against the live rules
  push FILE [--comment TEXT]     publish FILE as a new version (validated again by the edge)
  test [FILE] URL [-H 'Name: value']… [--method M] [--country CC]
                                 which rule matches URL, every step, the final outcome: offline
                                 against FILE, or against the live rules without FILE
  versions                       list the kept versions
  rollback VERSION               make VERSION live again
  import-nginx FILE              print an nginx rewrite/return/location table as rules JSON;
                                 what cannot be translated is listed on stderr

edge options: --edge URL (default $BONAFIDE_EDGE_URL or http://127.0.0.1:8787)
              --token TOKEN (default $BONAFIDE_ADMIN_TOKEN; \`npm start\` prints it)`;

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

async function callEdge(opts: EdgeOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  if (!opts.token) throw new Error("no admin token: pass --token or set BONAFIDE_ADMIN_TOKEN (`npm start` prints it)");
  const url = `${opts.edge}/_bonafide/rules${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
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
    const err = (json as { error?: { code?: string; message?: string; problems?: RuleProblem[] } } | null)?.error;
    for (const p of err?.problems ?? []) console.error(formatProblem(p));
    throw new Error(`the edge answered ${res.status} ${err?.code ?? ""}: ${err?.message ?? text.slice(0, 200)}`);
  }
  return json;
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

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      edge: { type: "string" },
      token: { type: "string" },
      comment: { type: "string" },
      method: { type: "string" },
      country: { type: "string" },
      header: { type: "string", short: "H", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
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
      token: values.token ?? config.stack.adminToken,
    };
  };

  switch (command) {
    case "validate": {
      const [file = ""] = need(1, "a FILE");
      const index = await prepareFile(file);
      if (!index) return 1;
      console.log(`${file}: ${index.document.rules.length} rules valid (${index.rules.length} enabled)`);
      return 0;
    }
    case "test": {
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
    case "diff": {
      const [file = ""] = need(1, "a FILE");
      const index = await prepareFile(file);
      if (!index) return 1;
      const live = (await callEdge(edgeOptions(), "GET", "")) as RulesDocument & { version: number | null };
      printDiff(live, index.document);
      return 0;
    }
    case "push": {
      const [file = ""] = need(1, "a FILE");
      const index = await prepareFile(file);
      if (!index) return 1;
      const query = values.comment ? `?comment=${encodeURIComponent(values.comment)}` : "";
      const info = (await callEdge(edgeOptions(), "PUT", query, index.document)) as { version: number; count: number };
      console.log(`published version ${info.version} (${info.count} rules)`);
      return 0;
    }
    case "versions": {
      const list = (await callEdge(edgeOptions(), "GET", "/versions")) as {
        current: number | null;
        versions: { version: number; createdAt: string; count: number; comment: string }[];
      };
      for (const v of list.versions)
        console.log(
          `${v.version === list.current ? "*" : " "} ${v.version}\t${v.createdAt}\t${v.count} rules\t${v.comment}`,
        );
      return 0;
    }
    case "rollback": {
      const [version = ""] = need(1, "a VERSION");
      const res = (await callEdge(edgeOptions(), "POST", "/rollback", { version: Number(version) })) as {
        previous: number | null;
      };
      console.log(`version ${version} is live (was ${res.previous ?? "none"})`);
      return 0;
    }
    case "import-nginx": {
      const [file = ""] = need(1, "an nginx FILE");
      const { rules, untranslated } = importNginx(await readFile(file, "utf8"));
      console.log(JSON.stringify({ rules }, null, 2));
      for (const u of untranslated) console.error(`${file}:${u.line}: ${u.directive} — ${u.reason}`);
      console.error(`${rules.length} rules; ${untranslated.length} line(s) not (exactly) translated`);
      return 0;
    }
    default:
      console.error(`unknown rules command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}
