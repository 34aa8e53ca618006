/**
 * @module The root of every error bonafide throws on purpose, on both sides: a stable, typed `code` that
 * callers decide on (never the message text), the subclass's own name, and a message for people. The edge's
 * EdgeError (edge/errors.ts) and the origin's OriginError (origin/errors/model.ts) extend it, each with its
 * side's table of codes and statuses; code used by both sides (the URL rules in shared/rules/) throws
 * CodedErrors of its own, which each side maps into its table where it answers.
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}
