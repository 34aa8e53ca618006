/**
 * @module How long an unknown domain takes from its first ask to a rating, through a running stack
 * (`npm start`): asks `GET /api/v1/rate?d=DOMAIN`, then asks again every 50 ms until the answer is not W,
 * then once more to show where the next answer comes from (KV).
 *
 *   node scripts/time-to-rating.ts mega-deals-outlet.com northgate-instruments.co.uk
 *   BONAFIDE_EDGE=http://127.0.0.1:8787 node scripts/time-to-rating.ts …
 *
 * Only domains not rated yet measure the whole path (queue → rater → MySQL → KV); a second run finds them
 * in KV at once.
 */
const edge = process.env.BONAFIDE_EDGE ?? "http://127.0.0.1:8787";
const POLL_MS = 50;
const GIVE_UP_MS = 60_000;

interface Item {
  rating: string;
}

async function ask(domain: string): Promise<{ item: Item; source: string }> {
  const res = await fetch(`${edge}/api/v1/rate?d=${encodeURIComponent(domain)}`);
  if (res.status >= 400 && res.status !== 503) throw new Error(`${domain}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { items: Item[] };
  const item = body.items[0];
  if (!item) throw new Error(`${domain}: no item in the answer`);
  return { item, source: res.headers.get("x-bonafide-source") ?? "?" };
}

const domains = process.argv.slice(2);
if (domains.length === 0) {
  console.error("usage: node scripts/time-to-rating.ts DOMAIN [DOMAIN …]   (with npm start running)");
  process.exit(2);
}
for (const domain of domains) {
  const started = performance.now();
  let asks = 0;
  let answer = await ask(domain);
  const firstSource = answer.source;
  for (asks = 1; answer.item.rating === "W" && performance.now() - started < GIVE_UP_MS; asks++) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    answer = await ask(domain);
  }
  const rated = performance.now() - started;
  if (answer.item.rating === "W") {
    console.log(`${domain}: still W after ${(rated / 1000).toFixed(0)} s (is a rater running?)`);
    continue;
  }
  const next = performance.now();
  const again = await ask(domain);
  console.log(
    `${domain}: first answer from ${firstSource}; ${answer.item.rating} after ${rated.toFixed(0)} ms (${asks} asks); ` +
      `the next ask ${(performance.now() - next).toFixed(1)} ms, from ${again.source}`,
  );
}
