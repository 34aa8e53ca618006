import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { tsxRuntimeUrl } from "./origin/aggregator/render/tsx-loader.ts";
import { freePort } from "./test/support/ports.ts";

// The SQL-over-HTTP endpoint for the Worker tests listens here (started by the global setup).
process.env.BONAFIDE_TEST_PSDB_PORT ??= String(await freePort());
// The stand-in page origin the edge's page tests fall through to (test/support/page-origin.ts).
process.env.BONAFIDE_TEST_PAGES_PORT ??= String(await freePort());
// The echo server the URL-rules tests proxy to (test/support/echo-server.ts).
process.env.BONAFIDE_TEST_ECHO_PORT ??= String(await freePort());

// Four projects: Node-side code against the real MariaDB, the Worker inside workerd, faults against a private
// MariaDB, and the whole stack.
export default defineConfig({
  test: {
    // Every edge request writes its log event (edge/log.ts): test/e2e/edge-log.test.ts reads them; elsewhere noise.
    onConsoleLog: (log) => !log.startsWith('{"event":"edge.request"'),
    globalSetup: ["./test/support/global-setup.ts", "./test/support/echo-server.ts", "./test/support/page-origin.ts"],
    projects: [
      {
        // .tsx templates render with bonafide's JSX runtime here too, as under the production loader.
        plugins: [
          {
            name: "bonafide-tsx-runtime",
            enforce: "pre",
            resolveId: (source: string, importer: string | undefined) => {
              const url = tsxRuntimeUrl(source, importer);
              return url === undefined ? null : fileURLToPath(url);
            },
          },
        ],
        test: {
          name: "origin",
          environment: "node",
          include: ["test/origin/**/*.test.ts", "test/eval/**/*.test.ts", "origin/**/*.test.ts", "shared/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                BONAFIDE_PUSH_SECRET: "test-push-secret-0123456789abcdef",
                BONAFIDE_ADMIN_TOKEN: "test-admin-token",
                BONAFIDE_ORIGIN_SECRET: "test-origin-secret",
                DATABASE_URL: `http://bft_edge_default:test@127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`,
                ORIGIN_URL: `http://127.0.0.1:${process.env.BONAFIDE_TEST_PAGES_PORT}`,
                TEST_ECHO_URL: `http://127.0.0.1:${process.env.BONAFIDE_TEST_ECHO_PORT}`,
              },
            },
          }),
        ],
        test: { name: "edge", include: ["test/edge/**/*.test.ts"], testTimeout: 30_000 },
      },
      {
        // Faults against a private MariaDB (test/support/private-mariadb.ts); `npm run faults` = long form.
        test: {
          name: "faults",
          environment: "node",
          include: ["test/faults/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
