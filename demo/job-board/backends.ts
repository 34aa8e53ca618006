/**
 * @module The job board's back-ends, each a real HTTP server on loopback: search (two servers, XML),
 * speller (XML), vacancies (XML), employers (JSON, plus an XML list), salary statistics (XML),
 * translations (JSON) and files (PDF). `startJobBackends` returns the BONAFIDE_BACKENDS spec for them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { EMPLOYERS, TRANSLATIONS, VACANCIES, type Vacancy } from "./data.ts";
import { makePdf } from "./pdf.ts";
import { suggestCorrection } from "./speller.ts";

type Route = (url: URL, req: IncomingMessage, res: ServerResponse) => void;

const esc = (s: string) =>
  s.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);
const xml = (res: ServerResponse, body: string, maxAge = 30) =>
  res
    .writeHead(200, { "content-type": "application/xml; charset=utf-8", "cache-control": `public, max-age=${maxAge}` })
    .end(`<?xml version="1.0" encoding="utf-8"?>${body}`);
const notFound = (res: ServerResponse) => res.writeHead(404, { "content-type": "text/plain" }).end("not found");

const VOCABULARY = new Set(
  VACANCIES.flatMap((v) => [...v.title.toLowerCase().split(/\s+/), ...v.skills.flatMap((s) => s.split(/\s+/))]),
);

/** Vacancies whose title or skills contain every word of `q`. */
export function searchVacancies(q: string): Vacancy[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return VACANCIES.filter((v) =>
    words.every((w) => v.title.toLowerCase().includes(w) || v.skills.some((s) => s.includes(w))),
  );
}

function vacancyXml(v: Vacancy): string {
  return `<vacancy id="${v.id}" employer="${v.employerId}"><title>${esc(v.title)}</title><city>${esc(v.city)}</city><salary from="${v.salaryFrom}" to="${v.salaryTo}"/><skills>${v.skills.map((s) => `<skill>${esc(s)}</skill>`).join("")}</skills><description>${esc(v.description)}</description></vacancy>`;
}

export const JOB_BACKENDS: Record<string, Route> = {
  search(url, _req, res) {
    const q = url.searchParams.get("q") ?? "";
    const found = q.trim() ? searchVacancies(q) : VACANCIES.slice(0, 12);
    const limit = Math.min(Number(url.searchParams.get("limit")) || 20, 100);
    xml(
      res,
      `<results q="${esc(q)}" total="${found.length}">${found.slice(0, limit).map(vacancyXml).join("")}</results>`,
    );
  },
  speller(url, _req, res) {
    const q = url.searchParams.get("q") ?? "";
    const s = suggestCorrection(q, VOCABULARY);
    xml(res, `<speller q="${esc(q)}">${s ? `<suggestion>${esc(s)}</suggestion>` : ""}</speller>`, 300);
  },
  vacancies(url, _req, res) {
    const v = VACANCIES.find((x) => url.pathname === `/vacancy/${x.id}`);
    if (!v) return notFound(res);
    xml(res, vacancyXml(v));
  },
  employers(url, _req, res) {
    if (url.pathname === "/employers")
      return xml(
        res,
        `<employers>${EMPLOYERS.map((e) => `<employer id="${e.id}" staff="${e.staff}"><name>${esc(e.name)}</name><city>${esc(e.city)}</city><about>${esc(e.about)}</about><vacancies>${VACANCIES.filter((v) => v.employerId === e.id).length}</vacancies></employer>`).join("")}</employers>`,
      );
    const e = EMPLOYERS.find((x) => url.pathname === `/employer/${x.id}`);
    if (!e) return notFound(res);
    res
      .writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=60" })
      .end(JSON.stringify(e));
  },
  stats(url, _req, res) {
    const title = (url.searchParams.get("title") ?? "").toLowerCase().replace(/^(senior|junior) /, "");
    const peers = VACANCIES.filter(
      (v) => v.title.toLowerCase().endsWith(title) && v.city === url.searchParams.get("city"),
    );
    const mids = peers.map((v) => (v.salaryFrom + v.salaryTo) / 2).sort((a, b) => a - b);
    const at = (p: number) => Math.round(mids[Math.min(mids.length - 1, Math.floor(p * mids.length))] ?? 0);
    xml(
      res,
      `<stats count="${mids.length}"><p25>${at(0.25)}</p25><median>${at(0.5)}</median><p75>${at(0.75)}</p75></stats>`,
    );
  },
  translations(url, _req, res) {
    const dict = TRANSLATIONS[url.searchParams.get("lang") ?? "en"] ?? TRANSLATIONS.en ?? {};
    const out: Record<string, string> = {};
    for (const k of (url.searchParams.get("keys") ?? "").split(",")) if (dict[k]) out[k] = dict[k];
    res
      .writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=300" })
      .end(JSON.stringify(out));
  },
  files(url, _req, res) {
    const m = /^\/files\/vacancy-(\d+)\.pdf$/.exec(url.pathname);
    const v = VACANCIES.find((x) => x.id === m?.[1]);
    if (!v) return notFound(res);
    const pdf = makePdf([
      v.title,
      v.city,
      `${v.salaryFrom} - ${v.salaryTo} RUB`,
      v.description,
      `Skills: ${v.skills.join(", ")}`,
    ]);
    res.writeHead(200, {
      "content-type": "application/pdf",
      "content-length": String(pdf.length),
      "content-disposition": `attachment; filename="vacancy-${v.id}.pdf"`,
      "set-cookie": `downloaded=${v.id}; Path=/; SameSite=Lax`,
    });
    res.end(pdf);
  },
};

export interface JobBackends {
  /** `name=url|url,…` for BONAFIDE_BACKENDS. */
  readonly spec: string;
  readonly servers: Record<string, string[]>;
  close(): Promise<void>;
}

function listen(route: Route, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    try {
      route(new URL(req.url ?? "/", "http://backend.invalid"), req, res);
    } catch {
      res.writeHead(400).end("bad request");
    }
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}

/** Starts every back-end (search twice, to show balancing) on `host`, ephemeral ports. */
export async function startJobBackends(host = "127.0.0.1"): Promise<JobBackends> {
  const all: Server[] = [];
  const servers: Record<string, string[]> = {};
  for (const [name, route] of Object.entries(JOB_BACKENDS)) {
    const urls: string[] = [];
    for (let i = 0; i < (name === "search" ? 2 : 1); i++) {
      const s = await listen(route, host);
      all.push(s);
      const a = s.address();
      urls.push(`http://${host}:${typeof a === "object" && a ? a.port : 0}`);
    }
    servers[name] = urls;
  }
  return {
    servers,
    spec: Object.entries(servers)
      .map(([n, urls]) => `${n}=${urls.join("|")}`)
      .join(","),
    close: async () => {
      await Promise.all(
        all.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}
