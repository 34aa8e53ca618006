/**
 * @module nginx `rewrite` / `return` / `location` tables → bonafide rules that behave the same.
 *
 * nginx runs a server's rewrite directives in file order, then selects one location — `=` exact, else the
 * longest prefix (stopping there if it is `^~`), else the first matching regex (`~`, `~*`) in file order, else
 * that longest prefix — and runs that location's rewrites (nginx.org ngx_http_core_module "location",
 * ngx_http_rewrite_module). bonafide's first-match order reproduces that by emitting: server rewrites, `=`
 * locations, `^~` prefixes longest first, regex locations in file order, other prefixes longest first; each
 * location's rewrites followed by a `pass` rule so a selected location stops the search as nginx's does.
 */
import type { Rule, RuleAction, RuleMatch } from "./model.ts";
import { ifCondition, type TranslateContext, translateReturn, translateRewrite } from "./nginx-directives.ts";
import { type NginxDirective, parseNginx } from "./nginx-parse.ts";
import { compileSafeRegex } from "./regex.ts";

export interface Untranslated {
  line: number;
  directive: string;
  reason: string;
}

export interface NginxImport {
  rules: Rule[];
  untranslated: Untranslated[];
}

/** Directives that only concern serving or logging; skipping them changes no URL's routing. */
const SILENT = new Set(
  "listen server_name default_type absolute_redirect root index access_log error_log charset expires gzip default_type autoindex sendfile keepalive_timeout client_max_body_size add_header proxy_set_header ssl_certificate ssl_certificate_key".split(
    " ",
  ),
);

type Location = {
  kind: "exact" | "stop-prefix" | "regex" | "prefix";
  value: string;
  caseless: boolean;
  d: NginxDirective;
};

export function importNginx(source: string): NginxImport {
  const rules: Rule[] = [];
  const untranslated: Untranslated[] = [];
  const ids = new Set<string>();
  const text = (d: NginxDirective) => `${d.name} ${d.args.join(" ")}`.trim();
  const skip = (d: NginxDirective, reason: string) => untranslated.push({ line: d.line, directive: text(d), reason });
  const id = (line: number, suffix = "") => {
    let base = `nginx-${line}${suffix}`;
    for (let n = 2; ids.has(base); n++) base = `nginx-${line}${suffix}-${n}`;
    ids.add(base);
    return base;
  };
  const rule = (d: NginxDirective, match: RuleMatch, action: RuleAction, suffix = ""): Rule => ({
    id: id(d.line, suffix),
    match,
    action,
    comment: `${text(d)}; (line ${d.line})`,
  });
  const ctx: TranslateContext = { skip, rule };

  /** The directives of a server or location body, in order; returns true if it ended unconditionally. */
  function translateBody(body: NginxDirective[], base: RuleMatch, inLocation: boolean, outerType?: string): boolean {
    // nginx answers a `return CODE TEXT` with the block's default_type (inherited from the server).
    const contentType = body.findLast((d) => d.name === "default_type")?.args[0] ?? outerType;
    for (const [i, d] of body.entries()) {
      if (d.name === "rewrite") {
        const r = translateRewrite(ctx, d, base);
        if (r) rules.push(r);
        const later = body.slice(i + 1).some((x) => x.name === "rewrite" || x.name === "return");
        if (r && d.args[2] === undefined && later && r.action.type === "rewrite")
          skip(
            d,
            "approximated: a rewrite without a flag re-runs the rules at once; nginx first runs the rest of this block",
          );
      } else if (d.name === "return") {
        const r = translateReturn(ctx, d, base, contentType);
        if (r) rules.push(r);
        return r !== null;
      } else if (d.name === "if") {
        const match = ifCondition(d, base);
        if (!match) skip(d, "only if ($host|$request_method|$http_*|$arg_*|$cookie_* = value) is translated");
        else if ((d.block ?? []).some((x) => x.name === "break"))
          skip(d, "break inside if is not translated; the block's rules were left out");
        else translateBody(d.block ?? [], match, inLocation, contentType);
      } else if (d.name === "break") {
        return false;
      } else if (d.name === "location") {
        if (inLocation) skip(d, "nested locations are not translated");
      } else if (d.name !== "server" && !SILENT.has(d.name)) {
        skip(d, `${d.name} has no URL-rules equivalent; the request goes to the site as is`);
      }
    }
    return false;
  }

  function parseLocation(d: NginxDirective): Location | null {
    let [mod, value] = d.args;
    if (value === undefined && mod) {
      const glued = /^(=|\^~|~\*|~)(.+)$/.exec(mod);
      [mod, value] = glued ? [glued[1], glued[2]] : ["", mod];
    }
    if (!value || !d.block) return null;
    if (value.startsWith("@")) return null;
    if (mod === "=") return { kind: "exact", value, caseless: false, d };
    if (mod === "^~") return { kind: "stop-prefix", value, caseless: false, d };
    if (mod === "~" || mod === "~*") return { kind: "regex", value, caseless: mod === "~*", d };
    if (mod === "") return { kind: "prefix", value, caseless: false, d };
    return null;
  }

  function translateServer(body: NginxDirective[], hosts: string[] | null): void {
    const host: RuleMatch = hosts ? { host: hosts } : {};
    const serverType = body.findLast((d) => d.name === "default_type")?.args[0] ?? httpType;
    if (translateBody(body, host, false, serverType)) return;
    const locations: Location[] = [];
    for (const d of body.filter((x) => x.name === "location")) {
      const loc = parseLocation(d);
      if (loc) locations.push(loc);
      else skip(d, "named (@) or malformed locations are not translated");
    }
    const byLength = (a: Location, b: Location) => b.value.length - a.value.length;
    const plain = locations.filter((l) => l.kind === "prefix").sort(byLength);
    for (const stop of locations.filter((l) => l.kind === "stop-prefix")) {
      const longer = plain.find((p) => p.value.length > stop.value.length && p.value.startsWith(stop.value));
      if (longer)
        skip(
          stop.d,
          `approximated: ^~ ${stop.value} wins here even where the longer prefix ${longer.value} would lead nginx on to the regex locations`,
        );
    }
    const ordered = [
      ...locations.filter((l) => l.kind === "exact"),
      ...locations.filter((l) => l.kind === "stop-prefix").sort(byLength),
      ...locations.filter((l) => l.kind === "regex"),
      ...plain,
    ];
    for (const loc of ordered) {
      const match: RuleMatch =
        loc.kind === "exact"
          ? { ...host, path: loc.value }
          : loc.kind === "regex"
            ? { ...host, regex: loc.caseless ? `(?i)${loc.value}` : loc.value }
            : { ...host, prefix: loc.value };
      if (loc.kind === "regex") {
        try {
          compileSafeRegex(match.regex as string);
        } catch (e) {
          skip(loc.d, `regex refused: ${(e as Error).message}`);
          continue;
        }
      }
      const ended = translateBody(loc.d.block ?? [], match, true, serverType);
      // The location is selected: nginx serves it even when none of its rewrites applied.
      if (!ended) rules.push(rule(loc.d, match, { type: "pass" }, "-pass"));
    }
  }

  const top = parseNginx(source);
  const http = top.find((d) => d.name === "http")?.block ?? top;
  const servers = http.filter((d) => d.name === "server" && d.block);
  const httpType = servers.length > 0 ? http.findLast((d) => d.name === "default_type")?.args[0] : undefined;
  if (servers.length === 0) translateServer(top, null);
  const named: { body: NginxDirective[]; hosts: string[] | null }[] = [];
  for (const server of servers) {
    const names = (server.block ?? []).filter((d) => d.name === "server_name").flatMap((d) => d.args);
    const hosts = names
      .filter((n) => n !== "_" && n !== "" && !n.startsWith("~") && !n.endsWith(".*"))
      .flatMap((n) => (n.startsWith(".") ? [n.slice(1), `*${n}`] : [n]));
    for (const n of names.filter((x) => x.startsWith("~") || x.endsWith(".*")))
      skip(server, `server_name ${n} (regex or trailing wildcard) is not translated`);
    named.push({ body: server.block ?? [], hosts: hosts.length > 0 ? hosts : null });
  }
  // Servers without a name catch every host, so they go last.
  for (const s of [...named.filter((n) => n.hosts), ...named.filter((n) => !n.hosts)]) translateServer(s.body, s.hosts);
  return { rules, untranslated };
}
