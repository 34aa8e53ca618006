/** @module members-only-club.org — a private club whose robots.txt forbids all crawling: not rated, blocked (U). */
import { htmlDocument, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Members Only Club";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Palatino Linotype",Palatino,Georgia,serif;background:#14213d;color:#e5e5e5;line-height:1.6}
a{color:#fca311}
header.site{text-align:center;padding:2.5rem 1rem 1rem}
.logo{font-size:2rem;letter-spacing:.15em;text-transform:uppercase;color:#fca311;text-decoration:none}
nav.main a{margin:0 .8rem;text-decoration:none;color:#e5e5e5}
nav.main a[aria-current]{color:#fca311}
main{max-width:34rem;margin:1.5rem auto;padding:2rem;background:#1d2d50;border-radius:10px}
label{display:block;margin:.7rem 0 .2rem}
input{width:100%;padding:.55rem;border:1px solid #3c4f7a;border-radius:4px;background:#101a31;color:#e5e5e5;font:inherit}
button{margin-top:1rem;width:100%;background:#fca311;color:#14213d;border:0;border-radius:4px;padding:.65rem;font:inherit;font-weight:700;cursor:pointer}
footer.site{text-align:center;font-size:.85rem;color:#8d99ae;padding:1.5rem}
`;

function layout(path: string, title: string, main: string): string {
  const body = `<header class="site">
  <a class="logo" href="/">${BRAND}</a>
  <nav class="main" aria-label="Main">
    ${navLink("/", "Welcome", path)}
    ${navLink("/membership", "Membership", path)}
    ${navLink("/sign-in", "Sign in", path)}
  </nav>
</header>
<main>
${main}
</main>
<footer class="site">
  <p>Members' area. Content is for members only and is not indexed by search engines.</p>
</footer>`;
  return htmlDocument({
    lang: "en",
    title: path === "/" ? `${BRAND} — members' area` : `${title} — ${BRAND}`,
    css: CSS,
    head: '<meta name="robots" content="noindex, nofollow">',
    body,
  });
}

const HOME = layout(
  "/",
  "Welcome",
  `<h1>Welcome back</h1>
<p>This is the private website of the club. Event calendars, the members' directory and the newsletter archive are available to signed-in members only.</p>
<p><a href="/sign-in">Sign in to the members' area</a></p>
<p>Not a member yet? Read about <a href="/membership">membership</a>.</p>`,
);

const SIGN_IN = layout(
  "/sign-in",
  "Sign in",
  `<h1>Sign in</h1>
<form method="post" action="/sign-in">
  <label for="member">Membership number or e-mail</label><input id="member" name="member" autocomplete="username">
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
  <button type="submit">Sign in</button>
</form>
<p><a href="/membership">How to become a member</a></p>`,
);

const MEMBERSHIP = layout(
  "/membership",
  "Membership",
  `<h1>Membership</h1>
<p>Membership is by invitation: a prospective member is proposed by one member and seconded by another, and meets the committee over coffee.</p>
<p>Members receive the quarterly newsletter, access to the reading room and the events calendar. Please ask your proposer for details.</p>
<p><a href="/sign-in">Already a member? Sign in</a></p>`,
);

export const membersOnlyClub: DemoSite = {
  domain: "members-only-club.org",
  title: BRAND,
  kind: "private members' site; robots.txt forbids all crawling",
  expected: {
    rating: "U",
    ratingInfo: "blocked",
    why: "robots.txt says `Disallow: /` for every user agent, so a polite rater reads nothing and cannot rate the site.",
  },
  pages: {
    "/": HOME,
    "/sign-in": SIGN_IN,
    "/membership": MEMBERSHIP,
  },
  robotsTxt: "User-agent: *\nDisallow: /\n",
};
