/**
 * @module The MySQL queue as a library: raters and aggregators use it for their kinds of job.
 */
export { claimJobs, completeAndClaimJobs, DEFAULT_LEASE_MS } from "./claim.ts";
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_PRIORITY, enqueueJobs } from "./enqueue.ts";
export { acquireLeadership, releaseLeadership } from "./leader.ts";
export {
  buryJob,
  completeJob,
  completeJobs,
  failJob,
  heartbeat,
  isLastAttempt,
  releaseJob,
  releaseJobs,
  retryDelayMs,
} from "./lease.ts";
export { promoteDueRetries, pruneIdleLanes, runQueueMaintenance, sweepExpiredLeases } from "./maintenance.ts";
export { tagNewJobs } from "./tagger.ts";
export { type ClaimedJob, JobState, LeaseLostError, type NewJob } from "./types.ts";
export { type JobHandler, type QueueWorker, type QueueWorkerOptions, sleep, startQueueWorker } from "./worker.ts";
