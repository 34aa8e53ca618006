/**
 * @module `npm run bench -- NAME`: runs `bench/NAME.ts` in a process of its own (so its memory figures are
 * its own). Every benchmark measures bonafide and a baseline in the same run and ends with one line
 * `NAME: <ours> vs <baseline> = <ratio>`, the ratio being how many times better ours is.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("./", import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`${name ? `no benchmark named ${JSON.stringify(name)}. ` : ""}usage: npm run bench -- NAME`);
  console.error(`benchmarks: ${names.join(", ") || "(none yet)"}`);
  process.exit(2);
}
const child = spawn(process.execPath, ["--expose-gc", `${dir}${name}.ts`, ...rest], { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
