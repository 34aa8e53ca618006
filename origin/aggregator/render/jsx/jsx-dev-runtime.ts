/**
 * @module The development entry of the string-building JSX runtime (what compilers import with their JSX
 * "dev" option, e.g. vitest's transform): the same `jsx` as {@link ./jsx-runtime.ts}, named `jsxDEV`; the
 * source position arguments are not used.
 */
import { jsx } from "./jsx-runtime.ts";

export type { JSX } from "./jsx-runtime.ts";
export { Fragment, jsx, jsxs } from "./jsx-runtime.ts";

/** `jsxDEV(tag, props, key, isStaticChildren, source, self)`: rendered as `jsx(tag, props, key)`. */
export function jsxDEV(
  tag: unknown,
  props: Record<string, unknown> | null | undefined,
  key?: unknown,
): ReturnType<typeof jsx> {
  return jsx(tag, props, key);
}
