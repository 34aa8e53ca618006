/**
 * @module The evidence page's two inventory tables: what identifies the business and where it was found, and
 * the pages read. Dates are written for people; every value is escaped.
 */
import { formatDate } from "../../shared/human-time.ts";
import { esc, list, type Rec, rec } from "./html.ts";

const KINDS: Record<string, string> = {
  vat: "VAT number",
  "uk-company": "UK company number",
  "de-handelsregister": "German commercial register number",
};

const REGISTER_WORDS: Record<string, string> = {
  match: "lists this company under this name and place",
  mismatch: "disagrees with the site",
  closed: "lists the company as closed",
  not_found: "does not know the number",
  unverifiable: "knows the number, gives no name or address to compare",
  unavailable: "could not be asked this time",
};

/** The pages the rater read, with their answers. */
export function pagesTable(evidence: Rec | null): string {
  const pages = list(evidence?.pages);
  if (!pages.length) return "<p>No pages were read.</p>";
  const rows = pages.map(
    (p) =>
      `<tr><td>${esc(p.kind)}</td><td><code>${esc(p.url)}</code></td><td>${esc(p.status ?? p.error)}</td><td>${esc(p.bytes)}${p.truncated ? " (only the first part was read)" : ""}</td></tr>`,
  );
  return `<table><thead><tr><th scope="col">Page</th><th scope="col">Address</th><th scope="col">Answer</th><th scope="col">Bytes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** Everything found that identifies a business, and on which page. */
export function foundTable(evidence: Rec | null): string {
  const rows: string[] = [];
  const add = (what: string, value: unknown, where: unknown) =>
    rows.push(`<tr><td>${esc(what)}</td><td>${esc(value)}</td><td><small>${esc(where)}</small></td></tr>`);
  for (const a of list(evidence?.addresses))
    add("postal address", Array.isArray(a.lines) ? a.lines.join(", ") : a.street, a.page);
  for (const n of list(evidence?.legalNames)) add("legal name", n.name, n.page);
  for (const r of list(evidence?.registrations)) {
    const check =
      r.checksum === "invalid" ? " (check digits wrong)" : r.checksum === "valid" ? " (check digits right)" : "";
    add(KINDS[String(r.kind)] ?? String(r.kind), `${r.value}${check}`, r.page);
  }
  for (const o of list(evidence?.organizations)) add(`structured data (${o.type})`, o.legalName ?? o.name, o.page);
  for (const p of list(evidence?.phones))
    add("phone", `${p.number}${p.country ? ` (${p.country})` : ""}${p.valid ? "" : " — not a valid number"}`, "");
  for (const e of Array.isArray(evidence?.emails) ? evidence.emails : []) add("e-mail", e, "");
  const tls = rec(evidence?.tls);
  if (tls)
    add(
      "certificate",
      `${tls.validation}${tls.organization ? `, issued to ${tls.organization}` : ""}, by ${tls.issuer}`,
      tls.intermediary ? "a CDN or host" : "",
    );
  const age = rec(evidence?.domainAge);
  if (age)
    add(
      "domain registered",
      typeof age.registeredAt === "string" ? formatDate(age.registeredAt) : `unknown (${age.unknown})`,
      age.source,
    );
  for (const r of list(evidence?.registers))
    add(
      `register: ${String(r.label ?? "")}`,
      `${String(r.id ?? "")} — ${REGISTER_WORDS[String(r.kind)] ?? String(r.kind)}`,
      r.why ?? r.place ?? r.status,
    );
  const blacklist = rec(evidence?.blacklist);
  if (blacklist) add("blacklist", blacklist.reason ?? blacklist.entry, blacklist.source);
  if (!rows.length) return "<p>Nothing that identifies a business was found.</p>";
  return `<table><thead><tr><th scope="col">What</th><th scope="col">Value</th><th scope="col">Where</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
