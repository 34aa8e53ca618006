/**
 * @module schema.org data in every shape platforms emit it: JSON-LD objects, top-level arrays, `@graph`,
 * organisations nested as `parentOrganization`, `publisher`, `seller` (also under `offers`), `brand`,
 * `provider`, `address` as an object, an array, an `@id` reference or a plain string — and microdata and
 * RDFa items, which html.ts reads into the same shape.
 *
 * The data is attacker text: the walk is bounded in depth and in nodes, arrays are read up to a bound, and
 * `@id` references are resolved one step only (never followed from a resolved node), so a huge, deeply
 * nested or cyclic-looking graph costs bounded work.
 */

/** How deep the walk goes: real data nests 4–6 levels (Product → offers → seller → address). */
export const MAX_DEPTH = 12;
/** How many objects one page's structured data may contribute, in all. */
export const MAX_NODES = 1000;
/** How many entries of one array are read. */
const MAX_ARRAY = 200;

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every object in `blocks`, depth-first, at most MAX_NODES of them and none deeper than MAX_DEPTH.
 * `visited` (optional) counts the values looked at, for tests that prove the bound.
 */
export function walkStructured(blocks: readonly unknown[], visited?: { count: number }): Node[] {
  const out: Node[] = [];
  // An explicit stack, not recursion: depth is bounded anyway, but no hostile block can grow the JS stack.
  const stack: [unknown, number][] = [];
  for (let i = Math.min(blocks.length, MAX_ARRAY) - 1; i >= 0; i--) stack.push([blocks[i], 0]);
  let looked = 0;
  while (stack.length > 0 && out.length < MAX_NODES && looked < MAX_NODES * 20) {
    const [value, depth] = stack.pop() as [unknown, number];
    looked++;
    if (depth > MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      for (let i = Math.min(value.length, MAX_ARRAY) - 1; i >= 0; i--) stack.push([value[i], depth + 1]);
    } else if (isNode(value)) {
      out.push(value);
      const keys = Object.keys(value).slice(0, MAX_ARRAY);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = value[keys[i] as string];
        if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
      }
    }
  }
  if (visited) visited.count = looked;
  return out;
}

/** The schema.org types of a node, without vocabulary prefixes ("http://schema.org/Store" → "Store"). */
export function nodeTypes(node: Node): string[] {
  return [node["@type"]]
    .flat()
    .slice(0, 10)
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.slice(0, 200).replace(/^.*[/:#]/, ""));
}

/** A map from `@id` to node, for one-step resolution of references. */
export function idIndex(nodes: readonly Node[]): Map<string, Node> {
  const index = new Map<string, Node>();
  for (const n of nodes) {
    const id = n["@id"];
    // A node that is only a reference ({"@id": …}) must not shadow the node it refers to.
    if (typeof id === "string" && Object.keys(n).length > 1 && !index.has(id)) index.set(id, n);
  }
  return index;
}

/** `value` itself, or the node its `@id` names (one step, never further). */
export function resolve(value: unknown, index: ReadonlyMap<string, Node>): unknown {
  if (Array.isArray(value)) return value.slice(0, MAX_ARRAY).map((v) => resolve1(v, index));
  return resolve1(value, index);
}

function resolve1(value: unknown, index: ReadonlyMap<string, Node>): unknown {
  if (isNode(value) && typeof value["@id"] === "string" && Object.keys(value).length === 1) {
    return index.get(value["@id"]) ?? value;
  }
  return value;
}

/** A plain string value (trimmed), or the `name` of a node (addressCountry: {"name": "DE"}). */
export function textOf(value: unknown, depth = 0): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === "string" || typeof v === "number") {
    const t = String(v).replace(/\s+/g, " ").trim().slice(0, 300);
    return t || undefined;
  }
  if (isNode(v) && depth < 3) return textOf(v.name ?? v["@value"], depth + 1);
  return undefined;
}
