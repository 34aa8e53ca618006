/**
 * @module Progress of a long CLI command (`import`, `pages warm`). On a terminal, cli-progress draws the bar
 * (redraws throttled, ETA, the terminal's width); anywhere else — a pipe, a CI log, a file — a plain line
 * every 10 % (or every update when the total is unknown), which a log keeps readable where a bar's carriage
 * returns would not.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  /** `done` units of `total` (when known) are done; `label` says what in words (e.g. "120 URLs queued"). */
  update(done: number, label: string): void;
  /** The last update: the bar ends its line. */
  stop(): void;
}

/**
 * A progress display for `total` units (null: unknown, e.g. stdin) on `out`; `line(label, percent)` writes a
 * plain progress line (the non-terminal form: "progress: …").
 */
export function createProgress(
  total: number | null,
  out: NodeJS.WriteStream,
  line: (label: string, percent: number | null) => string,
): Progress {
  if (out.isTTY) {
    const bar = new SingleBar({
      stream: out,
      format: total ? "[{bar}] {percentage}% {label} | ETA {eta_formatted}" : "{label}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(total ?? 0, 0, { label: "" });
    return {
      update: (done, label) => bar.update(total ? Math.min(done, total) : 0, { label }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, label) {
      const percent = total ? Math.min(100, Math.round((done / total) * 100)) : total === 0 ? 100 : null;
      const tenth = percent === null ? null : Math.floor(percent / 10);
      if (tenth !== null && tenth <= lastTenth) return;
      if (tenth !== null) lastTenth = tenth;
      out.write(`${line(label, percent)}\n`);
    },
    stop() {},
  };
}
