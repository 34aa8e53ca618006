/**
 * @module Where `npx bonafide rules|pages` take the edge's admin token from: BONAFIDE_ADMIN_TOKEN, or
 * `--token-file PATH` (a file only its owner can read, as `npm start` writes it) — never `--token VALUE`,
 * which every local user sees in `ps` and which the shell keeps in its history.
 */
import { readFileSync, statSync } from "node:fs";
import { UsageError } from "./args.ts";

/** What to use instead of a token on the command line; every refusal says it. */
export const TOKEN_SOURCES = "set BONAFIDE_ADMIN_TOKEN, or pass --token-file PATH (a file only you can read)";

/** A token file is a line of text; anything bigger is the wrong file. */
const MAX_TOKEN_FILE_BYTES = 4_096;

/** Bad input about the token: a UsageError (the command prints the message and exits 2). */
export class TokenUsageError extends UsageError {}

/** `--token` or `--token=…` among `args` (checked before parsing, so even a valueless one is refused). */
export function hasTokenArgument(args: readonly string[]): boolean {
  return args.some((a) => a === "--token" || a.startsWith("--token="));
}

/** The refusal of `--token`, naming what to use instead. */
export function tokenArgumentError(): TokenUsageError {
  return new TokenUsageError(
    `the admin token is never taken on the command line (ps shows it to every local user): ${TOKEN_SOURCES}`,
  );
}

/**
 * Reads the token from `path`: a regular file, not readable or writable by group or others (as ssh treats
 * its keys: a token others can read is already shared), of one short line (a trailing newline is dropped).
 */
export function readTokenFile(path: string): string {
  let mode: number;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new TokenUsageError(`--token-file ${path} is not a file`);
    mode = stat.mode & 0o777;
    size = stat.size;
  } catch (error) {
    if (error instanceof TokenUsageError) throw error;
    throw new TokenUsageError(`cannot read --token-file ${path}: ${(error as Error).message}`);
  }
  if (mode & 0o077)
    throw new TokenUsageError(
      `--token-file ${path} can be read or changed by other users (mode ${mode.toString(8).padStart(4, "0")}): chmod 600 ${path}`,
    );
  if (size > MAX_TOKEN_FILE_BYTES)
    throw new TokenUsageError(`--token-file ${path} is ${size} bytes; a token file holds one short line`);
  const token = readFileSync(path, "utf8").replace(/\r?\n$/, "");
  if (!token || /[\r\n]/.test(token))
    throw new TokenUsageError(`--token-file ${path} must hold the token alone on one line`);
  return token;
}

/** The admin token: from `tokenFile` if given, else `fromEnv` (BONAFIDE_ADMIN_TOKEN), else null. */
export function adminToken(tokenFile: string | undefined, fromEnv: string | null): string | null {
  return tokenFile !== undefined ? readTokenFile(tokenFile) : fromEnv;
}
