/**
 * @module `/vacancy/:id/pdf`: the vacancy as a PDF from the files back-end, proxied through — status,
 * headers, its cookie — and streamed without buffering.
 */
import { AggregatorError } from "../../../../../origin/aggregator/errors.ts";
import type { Handler } from "../../../../../origin/aggregator/page.ts";

export const GET: Handler = (page) => {
  const id = page.params.id ?? "";
  if (!/^\d{1,9}$/.test(id)) throw new AggregatorError("NOT_FOUND", `no vacancy ${JSON.stringify(id)}`);
  return page.proxy("files", `/files/vacancy-${id}.pdf`);
};
