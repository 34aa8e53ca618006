/**
 * @module The job board's own settings, its one reader of the environment: resolved once when the
 * aggregator starts the site (site.ts `describe()`), then what its pages use. JOB_BOARD_CACHE_CONTROL
 * overrides every page's `Cache-Control`, so an operator can watch pages go STALE in seconds rather than a
 * minute. Unconfigured (a test building the aggregator itself), each page keeps its own lifetime.
 */

export interface JobBoardSettings {
  /** Every page's Cache-Control instead of its own; null = each page's own. */
  readonly cacheControl: string | null;
}

/** The longest override taken: a Cache-Control header is a few directives. */
const MAX_OVERRIDE = 256;

/**
 * The operator's override, or null. Throws, naming the variable, for a value that is not one printable
 * header line (a CR/LF would split the answer's headers).
 */
export function cacheControlOverride(env: Readonly<Record<string, string | undefined>>): string | null {
  const value = env.JOB_BOARD_CACHE_CONTROL?.trim();
  if (!value) return null;
  if (value.length > MAX_OVERRIDE || !/^[\x20-\x7e]+$/.test(value))
    throw new Error(
      `JOB_BOARD_CACHE_CONTROL must be one Cache-Control header value of printable ASCII, at most ${MAX_OVERRIDE} characters`,
    );
  return value;
}

let current: JobBoardSettings = Object.freeze({ cacheControl: null });

/** Sets what the pages use (a test's settings, or the environment's: configureFromEnvironment). */
export function configureJobBoard(settings: JobBoardSettings): void {
  current = Object.freeze({ ...settings });
}

/** Resolves the settings from this process's environment, once, at start; throws naming a bad variable. */
export function configureFromEnvironment(): JobBoardSettings {
  configureJobBoard({ cacheControl: cacheControlOverride(process.env) });
  return current;
}

/** What the pages use now. */
export function jobBoardSettings(): JobBoardSettings {
  return current;
}
