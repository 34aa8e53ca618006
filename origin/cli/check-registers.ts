/**
 * @module `npx bonafide check-registers [--timeout MS] [--json]`: asks each public register once for an
 * identifier known to exist (GLEIF's own LEI, Banca d'Italia's VAT number, Tesco PLC's company number),
 * through the rater's guarded fetcher and configuration (BONAFIDE_GLEIF_URL …, the Companies House key),
 * and prints ok / failed with the reason and the latency per register. Exit 1 if any failed; a register
 * that is not configured (no Companies House key) is skipped. Bounded: every register has `--timeout`.
 */
import { readOriginConfig } from "../config.ts";
import { createSiteFetcher, siteFetcherOptions } from "../rater/site-fetcher.ts";
import { createRegisters, REGISTER_IDS } from "../rater/sources/registers/index.ts";
import type { LookupAnswer } from "../rater/sources/registers/types.ts";
import { intOption, parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide check-registers [--timeout MS] [--json]

Calls GLEIF, EU VIES and UK Companies House once each with a known-good identifier (the URLs and key of
BONAFIDE_GLEIF_URL, BONAFIDE_VIES_URL, BONAFIDE_COMPANIES_HOUSE_URL, BONAFIDE_COMPANIES_HOUSE_KEY) and
prints ok or failed with the reason and the time taken. Exits 1 if any failed. --timeout: per register
(default 8000 ms).`;

export interface CheckRegistersIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

export interface RegisterCheck {
  register: string;
  result: "ok" | "failed" | "skipped";
  detail: string;
  ms: number;
}

function describe(answer: LookupAnswer): { ok: boolean; detail: string } {
  if (answer.kind === "found") {
    const r = answer.record;
    const place = r.localities[0] ?? r.addressText?.replace(/\s+/g, " ") ?? "no address given";
    return { ok: true, detail: `${r.id}: ${r.name ?? "(name withheld)"}, ${place}` };
  }
  if (answer.kind === "unavailable") return { ok: false, detail: answer.why };
  return { ok: false, detail: `a known identifier was not recognised (${answer.why}): has the API changed?` };
}

/** Runs the command; returns the exit code (0 all ok, 1 one failed, 2 bad usage). */
export async function run(args: string[], io: CheckRegistersIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  let timeoutMs: number;
  const parsed = parseArgs(args, ["timeout"], ["json"]);
  try {
    timeoutMs = intOption(parsed, "timeout", 8_000, 120_000);
  } catch (error) {
    out(`bonafide check-registers: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.flags.has("help") || parsed.positionals.length > 0) {
    out(`${USAGE}\n`);
    return parsed.flags.has("help") ? 0 : 2;
  }
  const config = readOriginConfig(io.env);
  const fetcher = createSiteFetcher(siteFetcherOptions(config));
  const settings = { ...config.rater.registers, timeoutMs };
  const { connectors, missing } = createRegisters(fetcher, settings, REGISTER_IDS);
  try {
    const checks: RegisterCheck[] = missing.map((m) => ({ register: m.id, result: "skipped", detail: m.why, ms: 0 }));
    await Promise.all(
      connectors.map(async (c) => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        // The fetch has its own timeout; this bounds DNS and anything else on the way as well.
        const deadline = new Promise<LookupAnswer>((resolve) => {
          timer = setTimeout(
            () => resolve({ kind: "unavailable", id: "-", why: `no answer within ${timeoutMs} ms` }),
            timeoutMs + 1_000,
          );
        });
        const answer = await Promise.race([c.probe(), deadline]).finally(() => clearTimeout(timer));
        const { ok, detail } = describe(answer);
        checks.push({
          register: c.id,
          result: ok ? "ok" : "failed",
          detail,
          ms: Math.round(performance.now() - started),
        });
      }),
    );
    checks.sort((a, b) => REGISTER_IDS.indexOf(a.register as never) - REGISTER_IDS.indexOf(b.register as never));
    if (parsed.flags.has("json")) out(`${JSON.stringify(checks, null, 2)}\n`);
    else {
      for (const c of checks) {
        const ms = c.result === "skipped" ? "" : `${c.ms} ms`;
        out(`${c.register.padEnd(16)} ${c.result.padEnd(7)} ${ms.padStart(8)}  ${c.detail}\n`);
      }
    }
    return checks.some((c) => c.result === "failed") ? 1 : 0;
  } finally {
    await fetcher.close();
  }
}
