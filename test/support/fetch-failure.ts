/**
 * @module Expecting a rater fetch to fail, for the address-guard tests.
 */
import { expect } from "vitest";
import { FetchError } from "../../origin/rater/fetch/errors.ts";

/** The FetchError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => new Error("expected the fetch to fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}
