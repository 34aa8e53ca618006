/**
 * @module What `npm start` prints once everything answers: where things are and what to try. It holds no
 * secret, only the paths of the 0600 files they are in: a terminal's scrollback, a CI log or a screen share
 * must not hand out the admin token, the debug token or a database password. The examples read the files
 * with `$(cat …)` in the operator's own shell, so no command line carries a secret either.
 */
import type { DemoWeb } from "../../demo/rated-web/web.ts";

export interface Welcome {
  edgeUrl: string;
  demo: Pick<DemoWeb, "url" | "adsUrl" | "sites">;
  raters: number;
  psdbUrl: string;
  statusUrl: string;
  /** The page aggregator serving the demonstration job board (the edge falls through to it). */
  aggregatorUrl?: string;
  /** 0600 files holding the admin token, the aggregator's debug token and the CLI's database URL. */
  secretFiles: { adminToken: string; debugToken: string; cliDatabaseUrl: string };
}

/** The page-cache examples: purge, status and warm, secrets read from their files, never printed. */
function pageCacheLines(w: Welcome): string[] {
  if (!w.aggregatorUrl) return [];
  const token = `BONAFIDE_ADMIN_TOKEN=$(cat ${w.secretFiles.adminToken}) BONAFIDE_EDGE_URL=${w.edgeUrl}`;
  const db = `DATABASE_URL=$(cat ${w.secretFiles.cliDatabaseUrl})`;
  return [
    "  The page cache: what the edge holds for a page, a soft purge (served STALE while the aggregator",
    "  refreshes it through the queue), and warming a list of pages (the token and the database login are",
    "  read from files only you can read):",
    `    ${token} npx bonafide pages status ${w.edgeUrl}/vacancy/1002`,
    `    ${token} npx bonafide pages purge --prefix ${w.edgeUrl}/vacancy/ --soft`,
    `    printf '%s\\n' ${w.edgeUrl}/ ${w.edgeUrl}/vacancy/1002 ${w.edgeUrl}/employers | ${db} npx bonafide pages warm -`,
    "",
  ];
}

/** The welcome text; its first line (`[bonafide] ready: …`) is what scripts wait for. */
export function welcomeText(w: Welcome): string {
  const first = w.demo.sites[0]?.domain ?? "hartmann-werkzeuge.de";
  const lines = [
    `[bonafide] ready: edge ${w.edgeUrl}`,
    "",
    "  bonafide is running on loopback:",
    `    edge (wrangler dev, local KV)   ${w.edgeUrl}`,
    `    raters                          ${w.raters} process(es), reading the demonstration web`,
    `    demonstration web               ${w.demo.url}  (open it for the list of sites)`,
    `    page with ads (extension)       ${w.demo.adsUrl}  (ads in frames too)`,
    `    SQL-over-HTTP for the edge      ${w.psdbUrl}`,
    `    console (queue, jobs, failures) ${w.statusUrl}  (also /status.json and /metrics; log in with the admin token to act)`,
    ...(w.aggregatorUrl
      ? [`    page aggregator (job board)     ${w.aggregatorUrl}  (through the edge: ${w.edgeUrl}/)`]
      : []),
    `    admin token                     in ${w.secretFiles.adminToken}  (readable by you only)`,
    "",
    ...(w.aggregatorUrl
      ? [
          "  The job board, through the edge (page cache in KV): search with spelling correction, Russian, a region,",
          "  a vacancy from three back-ends, its PDF, the XSLT page, and the debug view of every back-end call",
          "  (in a browser, TOKEN being the debug token in the file named below: `cat` it yourself):",
          `    ${w.edgeUrl}/search?q=jvaa   ${w.edgeUrl}/vacancy/1002?lang=ru&region=spb   ${w.edgeUrl}/employers`,
          `    curl -sOJ ${w.edgeUrl}/vacancy/1002/pdf ;  ${w.aggregatorUrl}/vacancy/1002?_debug=TOKEN`,
          `    debug token: ${w.secretFiles.debugToken}`,
          "",
        ]
      : []),
    ...pageCacheLines(w),
    "  Try it — ask for a rating twice; the first answer is W (being rated), the next a letter from KV:",
    `    curl -s '${w.edgeUrl}/api/v1/rate?d=${first}' ; sleep 3 ; curl -si '${w.edgeUrl}/api/v1/rate?d=${first}'`,
    `    npx bonafide time-to-rating --edge ${w.edgeUrl} mega-deals-outlet.com   # first ask → letter, in ms`,
    "",
    "  Several at once, POSTed (JSON), or as XML, or as SiteTruth's v3 answer:",
    `    curl -s -X POST ${w.edgeUrl}/api/v1/rate -H 'content-type: application/json' \\`,
    `         -d '{"domains": [${w.demo.sites.map((s) => `"${s.domain}"`).join(", ")}]}'`,
    `    curl -s '${w.edgeUrl}/api/v1/rate?d=${first}&format=xml'`,
    `    curl -s '${w.edgeUrl}/api/v1/rate?d=https://www.${first}/impressum&compat=sitetruth'`,
    "",
    "  SiteTruth's v3 API, as AdRater / SearchRater / Ad Limiter call it; and the browser extension:",
    `    curl -s '${w.edgeUrl}/fcgi/rateapiv3.fcgi?url=www.${first}&key=guest&format=json'`,
    `    npm run build:extension   # then load extension/dist/bonafide, opt in, endpoint ${w.edgeUrl}`,
    `    then open ${w.demo.adsUrl} and watch the letters appear on its ads`,
    "",
    "  Everything behind a rating (JSON), the page a webmaster reads, and a re-rating (once an hour):",
    `    curl -s ${w.edgeUrl}/api/v1/sites/${first}   ;   ${w.edgeUrl}/api/v1/sites/${first}?format=html`,
    `    curl -si -X POST ${w.edgeUrl}/api/v1/sites/${first}/rerate`,
    "",
    "  The demonstration sites and what they should get:",
    ...w.demo.sites.map(
      (s) => `    ${s.domain.padEnd(30)} ${s.expected.rating} ${s.expected.ratingInfo.padEnd(15)} ${s.kind}`,
    ),
    "",
    "  URL rules at the edge (examples/rules/rules.yaml), matched on the Host header too:",
    `    BONAFIDE_ADMIN_TOKEN=$(cat ${w.secretFiles.adminToken}) BONAFIDE_EDGE_URL=${w.edgeUrl} npx bonafide rules push examples/rules/rules.yaml`,
    `    curl -si -H 'Host: old-shop.example' ${w.edgeUrl}/cart?x=1   (308, x-bonafide-rule: shop-host)`,
    "",
    "  Rate your own site: serve it on loopback and map it, curl --connect-to style, e.g.",
    "    BONAFIDE_CONNECT_TO=shop.example.com:80:127.0.0.1:18081 npm start",
    "",
    "  Ctrl-C stops everything.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}

/** Prints the welcome on stdout. */
export function printWelcome(w: Welcome): void {
  process.stdout.write(welcomeText(w));
}
