/**
 * @module `npx bonafide check-registers` against the registers' stand-ins on 127.0.0.1 (mapped by
 * BONAFIDE_CONNECT_TO, as an operator would not): ok with latency for each, failed with the reason and exit
 * 1 when a register is down or silent (bounded by --timeout), Companies House skipped without a key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../origin/cli/check-registers.ts";
import { freePort } from "../support/ports.ts";
import { type RegisterServer, startRegisterServer } from "../support/register-server.ts";

let server: RegisterServer;
let closed: number;

beforeAll(async () => {
  server = await startRegisterServer({
    gleif: [
      {
        lei: "506700GE1G29325QX363",
        name: "Global Legal Entity Identifier Foundation",
        street: "St. Alban-Vorstadt 5",
        city: "Basel",
        postalCode: "4052",
        country: "CH",
      },
    ],
    vies: [
      { vat: "IT00950501007", valid: true, name: "BANCA D'ITALIA", address: "VIA NAZIONALE 91 \n00184 ROMA RM\n" },
    ],
    companies: [
      {
        number: "00445790",
        name: "TESCO PLC",
        status: "active",
        street: "Tesco House",
        locality: "Welwyn Garden City",
        postcode: "AL7 1GA",
      },
    ],
    companiesHouseKey: "k",
  });
  closed = await freePort();
});

afterAll(async () => {
  await server?.close();
});

async function check(args: string[], env: Record<string, string>): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await run(args, { env, out: (t) => (text += t) });
  return { code, text };
}

const env = (host: string, port: number, key?: string): Record<string, string> => ({
  BONAFIDE_CONNECT_TO: `${host}:80:127.0.0.1:${port}`,
  BONAFIDE_GLEIF_URL: `http://${host}/gleif/api/v1`,
  BONAFIDE_VIES_URL: `http://${host}/vies/rest-api`,
  BONAFIDE_COMPANIES_HOUSE_URL: `http://${host}/companies-house`,
  ...(key ? { BONAFIDE_COMPANIES_HOUSE_KEY: key } : {}),
});

describe("npx bonafide check-registers", () => {
  it("prints ok with the latency and what each register said, and exits 0", async () => {
    const { code, text } = await check([], env("registers.test", server.port, "k"));
    expect(text).toMatch(
      /^gleif +ok +\d+ ms {2}506700GE1G29325QX363: Global Legal Entity Identifier Foundation, Basel$/m,
    );
    expect(text).toMatch(/^vies +ok +\d+ ms {2}IT00950501007: BANCA D'ITALIA, VIA NAZIONALE 91 00184 ROMA RM$/m);
    expect(text).toMatch(/^companies-house +ok +\d+ ms {2}00445790: TESCO PLC, Welwyn Garden City$/m);
    expect(code).toBe(0);
  });

  it("says which failed and why, exits 1; a wrong key fails; no key is skipped", async () => {
    const down = await check([], env("registers.test", closed));
    expect(down.code).toBe(1);
    expect(down.text).toMatch(/^gleif +failed +\d+ ms {2}GLEIF could not be asked: FETCH_REFUSED/m);
    expect(down.text).toMatch(/^companies-house +skipped +not configured: BONAFIDE_COMPANIES_HOUSE_KEY is not set$/m);
    const badKey = await check(["--json"], env("registers.test", server.port, "wrong"));
    expect(badKey.code).toBe(1);
    expect(JSON.parse(badKey.text)).toContainEqual(
      expect.objectContaining({
        register: "companies-house",
        result: "failed",
        detail: expect.stringContaining("401"),
      }),
    );
  });

  it("gives up on a silent register after --timeout instead of hanging", async () => {
    server.fault = () => true; // accepts, never answers
    try {
      const { code, text } = await check(["--timeout", "300"], env("registers.test", server.port, "k"));
      expect(code).toBe(1);
      expect(text).toMatch(/^gleif +failed .*FETCH_TIMEOUT/m);
    } finally {
      server.fault = null;
    }
  });

  it("refuses bad usage with exit 2", async () => {
    expect((await check(["--timeout", "0"], {})).code).toBe(2);
    expect((await check(["extra"], {})).code).toBe(2);
    expect(await check(["--help"], {})).toMatchObject({ code: 0, text: expect.stringContaining("usage:") });
  });
});
