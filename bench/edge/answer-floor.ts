/**
 * @module A second baseline of `npm run bench -- edge`: the edge's answers replayed. For each bench path it
 * sends the very status, headers and body the edge answered there, and writes the very log line the edge
 * wrote for it (`FLOOR`, filled by the bench from the edge itself), doing nothing else: no rules, no hot
 * tier, no parsing. What it costs above the trivial Worker is what the answer's bytes and the one log line
 * cost on this workerd; what the edge costs above it is the edge's own work.
 */

interface Replay {
  status: number;
  headers: [string, string][];
  body: string;
  log: string;
}

let parsed: { text: string; byPath: Record<string, Replay> } | null = null;

/** The replay table, parsed once per isolate (plain data, keyed by the text it came from). */
function table(text: string): Record<string, Replay> {
  if (parsed?.text !== text) parsed = { text, byPath: JSON.parse(text) as Record<string, Replay> };
  return parsed.byPath;
}

export default {
  async fetch(request: Request, env: { FLOOR?: string }): Promise<Response> {
    const url = new URL(request.url);
    const replay = table(env.FLOOR ?? "{}")[url.pathname + url.search];
    if (!replay) return new Response("no replay for this path", { status: 404 });
    // A request body is read as the edge reads it (the 50-domain POST).
    if (request.method === "POST") await request.text();
    console.log(replay.log);
    return new Response(replay.body, { status: replay.status, headers: replay.headers });
  },
};
