/**
 * @module The queue's states and the shape of a claimed job.
 */
import { JobState, clientKeyBytes as sharedClientKeyBytes } from "../../shared/queue-contract.ts";
import { OriginError } from "../errors/model.ts";

/** `job.state` values: the one home is shared/queue-contract.ts. */
export { JobState };

/** A job this process holds a lease on. `token` fences every later write. */
export interface ClaimedJob {
  id: string;
  kind: string;
  key: string;
  payload: unknown;
  clientKey: string;
  priority: number;
  /** 1 on the first try; may exceed `maxAttempts` when leases of earlier tries expired. */
  attempt: number;
  maxAttempts: number;
  token: Buffer;
  enqueuedAt: Date;
  claimedAt: Date;
}

/** A job to put on the queue. */
export interface NewJob {
  key: string;
  /** Fairness lane: hex of the client's address key, or a synthetic lane such as `rerate`. */
  clientKey: string;
  priority?: number;
  payload?: unknown;
  maxAttempts?: number;
}

/** Thrown when a fenced write finds that this process no longer holds the job's lease. */
export class LeaseLostError extends OriginError<"LEASE_LOST"> {
  constructor(jobId: string) {
    super("LEASE_LOST", `lease on job ${jobId} was lost (expired and taken over); the write was not applied`);
  }
}

/** Bytes of a client key given as hex, or as a synthetic label (`rerate`) stored as its ASCII (shared rule). */
export function clientKeyBytes(clientKey: string): Buffer {
  return Buffer.from(sharedClientKeyBytes(clientKey));
}
