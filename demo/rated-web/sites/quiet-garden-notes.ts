/** @module quiet-garden-notes.net — a personal gardening blog that sells nothing: not rated, non-commercial (U). */
import { htmlDocument, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Quiet Garden Notes";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:Georgia,"Iowan Old Style",serif;color:#2d3a2e;background:#f7f6f0;line-height:1.7}
a{color:#4d7c3a}
header.site{max-width:44rem;margin:0 auto;padding:2.5rem 1.2rem 1rem}
.logo{font-size:2rem;color:#2d3a2e;text-decoration:none}
.tagline{font-style:italic;color:#6c7a62;margin:.2rem 0 1rem}
nav.main a{margin-right:1.2rem;font-family:Verdana,sans-serif;font-size:.85rem;text-transform:uppercase;letter-spacing:.08em;text-decoration:none}
nav.main a[aria-current]{border-bottom:2px solid #4d7c3a}
main{max-width:44rem;margin:0 auto;padding:0 1.2rem}
article{border-top:1px solid #ddd9c8;padding:1.5rem 0}
.meta{font-family:Verdana,sans-serif;font-size:.8rem;color:#7d8a74}
h1,h2{font-weight:normal;line-height:1.25}
blockquote{border-left:3px solid #a9c49a;margin:1rem 0;padding:.2rem 1rem;color:#4f5d4a}
.comments{background:#eeeddf;border-radius:8px;padding:1rem 1.2rem;margin:1.5rem 0}
label{display:block;font-family:Verdana,sans-serif;font-size:.85rem;margin:.5rem 0 .2rem}
input,textarea{width:100%;padding:.45rem;border:1px solid #c9c6b3;border-radius:4px;font:inherit}
button{margin-top:.6rem;background:#4d7c3a;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;font:inherit;cursor:pointer}
footer.site{max-width:44rem;margin:2rem auto 0;padding:1.5rem 1.2rem 2.5rem;border-top:1px solid #ddd9c8;font-size:.85rem;color:#7d8a74}
`;

function layout(path: string, title: string, main: string): string {
  const body = `<header class="site">
  <a class="logo" href="/">${BRAND}</a>
  <p class="tagline">Slow gardening on a north-facing plot — what grew, what didn't, and what the slugs ate.</p>
  <nav class="main" aria-label="Main">
    ${navLink("/", "Journal", path)}
    ${navLink("/about", "About", path)}
  </nav>
</header>
<main>
${main}
</main>
<footer class="site">
  <p>Words and muddy photos by Maren. Written for fun; nothing here is sponsored and nothing is for sale.</p>
  <p><a href="/">Journal</a> · <a href="/about">About this blog</a></p>
</footer>`;
  return htmlDocument({
    lang: "en",
    title: path === "/" ? `${BRAND} — a gardening journal` : `${title} — ${BRAND}`,
    description:
      "A personal gardening journal: shade borders, hostas, compost and the seasons on a small north-facing plot.",
    css: CSS,
    body,
  });
}

interface Post {
  path: string;
  title: string;
  date: string;
  dateText: string;
  summary: string;
  body: string;
}

const POSTS: Post[] = [
  {
    path: "/2026/04/dividing-hostas",
    title: "Dividing hostas before the slugs wake up",
    date: "2026-04-12",
    dateText: "12 April 2026",
    summary: "The big clump by the shed finally got split into five. A spade, a bread knife and a lot of patience.",
    body: `<p>Every few years the hosta by the shed gets so big that its middle goes hollow. This was the year. I lifted the whole clump on a damp Saturday morning, when the shoots were just tight green spikes, which is the easiest time: you can see where the crowns are and you don't snap any leaves.</p>
<p>An old bread knife turns out to be the best tool for the job. I cut the clump into five pieces, each with at least three shoots and a good handful of roots, and replanted them along the shady side of the path with a scoop of leaf mould.</p>
<blockquote>Hostas forgive almost anything except being eaten. Divide them early and they have time to harden off before the slugs arrive.</blockquote>
<p>Next job: a ring of sharp grit around each one, and a late-night torch patrol. I'll report back in June.</p>`,
  },
  {
    path: "/2026/05/a-compost-bay-from-pallets",
    title: "A compost bay from three old pallets",
    date: "2026-05-03",
    dateText: "3 May 2026",
    summary: "Three pallets, some wire and an afternoon: the compost heap finally has walls.",
    body: `<p>For years the compost has been a heap. A loose, sprawling, fox-visited heap. This spring a neighbour was throwing out three pallets, so I wired them into a three-sided bay against the back fence.</p>
<p>The trick is to stand the pallets on bricks so the bottom slats don't rot, and to leave the front open with a couple of loose boards you can slot in as the pile grows. Turning is much easier when you have something to push against.</p>
<p>Green to brown ratio: roughly half and half, by my very unscientific bucket count. Cardboard from the recycling bin makes up most of the brown.</p>`,
  },
  {
    path: "/2026/06/ferns-for-a-shady-corner",
    title: "Ferns for a shady corner",
    date: "2026-06-21",
    dateText: "21 June 2026",
    summary: "The corner nothing would grow in is now the best bit of the garden, thanks to four ferns.",
    body: `<p>The corner between the fence and the shed gets perhaps an hour of sun in midsummer. I have tried foxgloves, violas and a very unhappy lupin there. This year I gave up fighting it and planted ferns.</p>
<p>The soft shield fern and the hart's-tongue are doing best; the painted fern sulked for a month and then put out three new fronds at once. With a log or two for the beetles, the corner looks as if it has always been there.</p>
<p>Lesson learned, again: plant for the garden you have, not the one in the catalogue.</p>`,
  },
];

function postTeaser(post: Post): string {
  return `<article>
  <p class="meta"><time datetime="${post.date}">${post.dateText}</time></p>
  <h2><a href="${post.path}">${post.title}</a></h2>
  <p>${post.summary}</p>
  <p><a href="${post.path}">Read more</a></p>
</article>`;
}

function postPage(post: Post): string {
  return layout(
    post.path,
    post.title,
    `<article>
  <p class="meta"><time datetime="${post.date}">${post.dateText}</time> · by Maren</p>
  <h1>${post.title}</h1>
  ${post.body}
</article>
<section class="comments">
  <h2>Leave a comment</h2>
  <form method="post" action="${post.path}">
    <label for="name">Name</label><input id="name" name="name">
    <label for="comment">Comment</label><textarea id="comment" name="comment" rows="4"></textarea>
    <button type="submit">Post comment</button>
  </form>
</section>
<p><a href="/">← Back to the journal</a></p>`,
  );
}

const HOME = layout("/", "Journal", [...POSTS].reverse().map(postTeaser).join("\n"));

const ABOUT = layout(
  "/about",
  "About",
  `<article>
<h1>About this blog</h1>
<p>Hello, I'm Maren. I garden a long, narrow, north-facing plot behind a terraced house, with clay soil, one apple tree and a shed that leans slightly to the left.</p>
<p>I started these notes in 2019 to remember what I'd planted where. They are a diary more than advice: I'm not a professional, and half of what I try doesn't work. That's rather the point.</p>
<p>No adverts, no affiliate links, no sponsored posts. If you'd like to say hello, leave a comment under any post.</p>
</article>`,
);

export const quietGardenNotes: DemoSite = {
  domain: "quiet-garden-notes.net",
  title: BRAND,
  kind: "personal gardening blog (sells nothing)",
  expected: {
    rating: "U",
    ratingInfo: "non_commercial",
    why: "A personal blog: no prices, no cart, no business identity — nothing is sold, so there is no one to be refunded by and nothing to rate.",
  },
  pages: {
    "/": HOME,
    "/about": ABOUT,
    ...Object.fromEntries(POSTS.map((p) => [p.path, postPage(p)])),
  },
};
