#!/usr/bin/env node
// `npx bonafide …`: checks the Node version (the project's own, from node_modules/.bin), then runs the CLI.
import "../scripts/require-node.mjs";

await import("../origin/cli/main.ts");
