/**
 * @module The edge's secrets for `wrangler dev`, handed over in a file only this user can read (mode 0600 in a
 * private 0700 directory) instead of `--var NAME:value` arguments, which every local user sees in `ps`.
 * wrangler 4.155 reads it with `--env-file` (dotenv format) and binds each entry as a secret; the launcher
 * removes it when it stops.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a dotenv value carries literally: no quotes, `$` (expanded), `#` (comment), spaces or line breaks. */
const LITERAL_VALUE = /^[A-Za-z0-9._~+/=:@%,-]*$/;
const NAME = /^[A-Z_][A-Z0-9_]*$/;

export interface EdgeSecretsFile {
  /** The file's path; the arguments below name it, never a value. */
  readonly path: string;
  /** For `wrangler dev`: `--env-file <path>`. */
  readonly args: readonly string[];
  /** Deletes the file and its directory (safe to call more than once). */
  remove(): void;
}

/** Writes `secrets` (binding name → value) to a new private file under `parent` (default: the temp folder). */
export function writeEdgeSecrets(secrets: Record<string, string>, parent = tmpdir()): EdgeSecretsFile {
  for (const [name, value] of Object.entries(secrets)) {
    if (!NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not a variable name`);
    if (!LITERAL_VALUE.test(value))
      throw new Error(
        `${name} has characters wrangler's env file would not pass on unchanged (quotes, $, #, spaces, line ` +
          "breaks); use letters, digits and - . _ ~ + / = : @ % ,",
      );
  }
  // mkdtemp makes the directory 0700, so no other user can even see the name of the file in it.
  const dir = mkdtempSync(join(parent, "bonafide-edge-secrets-"));
  const path = join(dir, "edge.env");
  const text = Object.entries(secrets)
    .map(([name, value]) => `${name}=${value}\n`)
    .join("");
  // "wx": a new file, created with its final mode (never readable by others, even for a moment).
  writeFileSync(path, text, { mode: 0o600, flag: "wx" });
  return { path, args: ["--env-file", path], remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SecretFiles {
  /** Path of each file, by the name it was given. */
  readonly paths: Readonly<Record<string, string>>;
  /** Deletes the files and their directory (safe to call more than once). */
  remove(): void;
}

/**
 * Writes each value to its own file (mode 0600, in a new 0700 directory), for commands the launcher prints:
 * `BONAFIDE_ADMIN_TOKEN=$(cat <path>) npx bonafide …` works in the operator's shell without the secret ever
 * appearing on the screen, in the scrollback or on a command line.
 */
export function writeSecretFiles(files: Record<string, string>, parent = tmpdir()): SecretFiles {
  for (const name of Object.keys(files))
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) throw new Error(`${JSON.stringify(name)} is not a plain file name`);
  const dir = mkdtempSync(join(parent, "bonafide-secrets-"));
  const paths: Record<string, string> = {};
  for (const [name, value] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, value, { mode: 0o600, flag: "wx" });
    paths[name] = path;
  }
  return { paths, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
