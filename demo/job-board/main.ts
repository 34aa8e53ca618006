/**
 * @module The demonstration job board's aggregator process: `node demo/job-board/main.ts [--no-refresh]`
 * (what `npx bonafide aggregator` and `npm start` run). Back-ends from BONAFIDE_BACKENDS, or — when unset —
 * the job board's own, started in this process.
 */
import { runAggregator } from "../../origin/aggregator/run.ts";
import jobBoardSite from "./site.ts";

await runAggregator(jobBoardSite);
