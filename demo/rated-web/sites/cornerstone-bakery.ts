/** @module cornerstone-bakery.com — a US neighbourhood bakery with online ordering and a street address: identified, not corroborated (Q). */
import { htmlDocument, jsonLdScript, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Cornerstone Bakery";
// 555-01XX numbers are reserved for fiction in the North American plan and still pass libphonenumber.
const PHONE_TEXT = "(847) 555-0142";
const PHONE_TEL = "+18475550142";
const EMAIL = "hello@cornerstone-bakery.com";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Trebuchet MS",Verdana,sans-serif;color:#3b2a1e;background:#fff8ef;line-height:1.6}
a{color:#a4461d}
header.site{text-align:center;padding:1.6rem 1rem 1rem;border-bottom:2px dashed #d9b99b}
.logo{font:700 2.2rem Georgia,serif;color:#3b2a1e;text-decoration:none}
.tagline{margin:.2rem 0 .8rem;color:#8a6a52}
nav.main a{margin:0 .8rem;text-decoration:none;font-weight:700;color:#3b2a1e}
nav.main a[aria-current]{color:#a4461d}
nav.main .order{background:#a4461d;color:#fff;padding:.4rem .9rem;border-radius:999px}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
.hero{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1.5rem;align-items:center}
.hero .box{background:#f3dcc4;border-radius:14px;padding:1.5rem}
.menu{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
.item{background:#fff;border:1px solid #ecd6bf;border-radius:12px;padding:1rem}
.item h3{margin:.1rem 0;font-family:Georgia,serif}
.price{font-weight:700;color:#a4461d}
button{background:#a4461d;color:#fff;border:0;border-radius:999px;padding:.5rem 1rem;font:inherit;font-weight:700;cursor:pointer}
.panel{background:#fff;border:1px solid #ecd6bf;border-radius:12px;padding:1.2rem 1.5rem;margin:1rem 0}
address{font-style:normal;font-size:1.1rem}
table.hours td{padding:.2rem 1rem .2rem 0}
footer.site{text-align:center;color:#8a6a52;font-size:.9rem;padding:2rem 1rem;border-top:2px dashed #d9b99b;margin-top:2rem}
`;

function layout(path: string, title: string, main: string, head = ""): string {
  const body = `<header class="site">
  <a class="logo" href="/">${BRAND}</a>
  <p class="tagline">Naturally leavened bread &amp; pastries, baked every morning in Evanston</p>
  <nav class="main" aria-label="Main">
    ${navLink("/", "Home", path)}
    ${navLink("/about", "About", path)}
    ${navLink("/contact", "Contact & hours", path)}
    <a class="order" href="/order"${path === "/order" ? ' aria-current="page"' : ""}>Order online</a>
  </nav>
</header>
<main>
${main}
</main>
<footer class="site">
  <p>${BRAND} · 1842 Maple Avenue, Evanston, IL 60201 · <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a></p>
  <p><a href="/order">Order online</a> · <a href="/about">About us</a> · <a href="/contact">Contact</a></p>
  <p>© 2026 Cornerstone Bakery LLC</p>
</footer>`;
  return htmlDocument({
    lang: "en-US",
    title: path === "/" ? `${BRAND} – Evanston, IL` : `${title} – ${BRAND}`,
    description: "Sourdough, croissants and celebration cakes from a neighborhood bakery on Maple Avenue in Evanston.",
    css: CSS,
    head,
    body,
  });
}

const BAKERY = {
  "@context": "https://schema.org",
  "@type": "Bakery",
  name: BRAND,
  url: "http://cornerstone-bakery.com/",
  telephone: "+1-847-555-0142",
  email: EMAIL,
  priceRange: "$$",
  servesCuisine: "Bakery",
  address: {
    "@type": "PostalAddress",
    streetAddress: "1842 Maple Avenue",
    addressLocality: "Evanston",
    addressRegion: "IL",
    postalCode: "60201",
    addressCountry: "US",
  },
  geo: { "@type": "GeoCoordinates", latitude: 42.0509, longitude: -87.6862 },
  openingHoursSpecification: [
    {
      "@type": "OpeningHoursSpecification",
      dayOfWeek: ["Tuesday", "Wednesday", "Thursday", "Friday"],
      opens: "07:00",
      closes: "15:00",
    },
    { "@type": "OpeningHoursSpecification", dayOfWeek: ["Saturday", "Sunday"], opens: "07:00", closes: "13:00" },
  ],
};

interface Item {
  name: string;
  detail: string;
  price: string;
}

const BREAD: Item[] = [
  { name: "Country sourdough", detail: "Our everyday loaf, 36-hour ferment, 900 g", price: "$9.50" },
  { name: "Seeded rye", detail: "Sunflower, flax and sesame, dense and tangy", price: "$10.00" },
  { name: "Baguette", detail: "Baked three times a day", price: "$4.25" },
];
const PASTRY: Item[] = [
  { name: "Butter croissant", detail: "Cultured butter, 27 layers", price: "$3.95" },
  { name: "Morning bun", detail: "Orange zest, cinnamon sugar", price: "$4.50" },
  { name: "Cardamom knot", detail: "Our Saturday bestseller", price: "$4.75" },
  { name: "Celebration cake, 8 inch", detail: "Chocolate, lemon or carrot — order 48 hours ahead", price: "$48.00" },
];

function menuItem(item: Item, orderable: boolean): string {
  return `<div class="item">
  <h3>${item.name}</h3>
  <p>${item.detail}</p>
  <p class="price">${item.price}</p>${
    orderable
      ? `\n  <form method="post" action="/order"><input type="hidden" name="item" value="${item.name}"><button type="submit">Add to order</button></form>`
      : ""
  }
</div>`;
}

const HOME = layout(
  "/",
  "Home",
  `<section class="hero">
  <div>
    <h1>Good bread, every morning.</h1>
    <p>Cornerstone is a small neighborhood bakery on Maple Avenue. We mill some of our own flour, ferment our doughs slowly and bake everything on site, starting at 3 a.m.</p>
    <p><a href="/order">Order online for pickup</a> — ready from 8 a.m. the next day.</p>
  </div>
  <div class="box">
    <h2>Find us</h2>
    <p>1842 Maple Avenue<br>Evanston, IL 60201<br>USA</p>
    <p>Tue–Fri 7 a.m.–3 p.m.<br>Sat–Sun 7 a.m.–1 p.m.<br>Closed Mondays</p>
  </div>
</section>
<h2>This week's favorites</h2>
<div class="menu">
${[...BREAD.slice(0, 2), ...PASTRY.slice(0, 2)].map((i) => menuItem(i, false)).join("\n")}
</div>
<p><a href="/order">See the full menu and order online</a></p>`,
  jsonLdScript(BAKERY),
);

const ORDER = layout(
  "/order",
  "Order online",
  `<h1>Order online for pickup</h1>
<p>Orders placed by 6 p.m. are ready for pickup at the bakery from 8 a.m. the next day. We don't deliver — come and say hello. Questions? Call <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a>.</p>
<h2>Bread</h2>
<div class="menu">
${BREAD.map((i) => menuItem(i, true)).join("\n")}
</div>
<h2>Pastry &amp; cakes</h2>
<div class="menu">
${PASTRY.map((i) => menuItem(i, true)).join("\n")}
</div>
<div class="panel">
  <h2>Your order</h2>
  <p>Nothing added yet.</p>
  <p><button type="button" disabled>Checkout</button></p>
  <p><small>Payment by card at checkout. Cancellations up to 12 hours before pickup are refunded in full.</small></p>
</div>`,
);

const ABOUT = layout(
  "/about",
  "About",
  `<div class="panel">
<h1>About Cornerstone</h1>
<p>Cornerstone Bakery opened in 2015 in a former hardware store at 1842 Maple Avenue. Founder and head baker Rosa Delgado trained in Lyon and spent ten years baking in Chicago before opening her own shop a few blocks from where she grew up.</p>
<p>Today a team of eleven bakes around 400 loaves and 1,000 pastries a day. We buy flour from Illinois and Wisconsin farms, butter from a Wisconsin creamery, and fruit from the Evanston farmers' market in season.</p>
<h2>Wholesale</h2>
<p>We supply bread to a handful of local restaurants and cafés. If you'd like to carry our bread, <a href="/contact">contact us</a>.</p>
</div>`,
);

const CONTACT = layout(
  "/contact",
  "Contact & hours",
  `<h1>Contact &amp; hours</h1>
<div class="hero">
  <div class="panel">
    <h2>Bakery &amp; pickup</h2>
    <address>${BRAND}<br>1842 Maple Avenue<br>Evanston, IL 60201<br>USA</address>
    <p>Phone: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a><br>E-mail: <a href="mailto:${EMAIL}">${EMAIL}</a></p>
    <p>Street parking on Maple Avenue; two blocks from the Davis Street CTA and Metra stations.</p>
  </div>
  <div class="panel">
    <h2>Hours</h2>
    <table class="hours">
      <tr><td>Monday</td><td>Closed</td></tr>
      <tr><td>Tuesday – Friday</td><td>7 a.m. – 3 p.m.</td></tr>
      <tr><td>Saturday – Sunday</td><td>7 a.m. – 1 p.m.</td></tr>
    </table>
    <p>Holiday hours are posted in the shop window and on our <a href="/">home page</a>.</p>
  </div>
</div>`,
);

export const cornerstoneBakery: DemoSite = {
  domain: "cornerstone-bakery.com",
  title: BRAND,
  kind: "US neighbourhood bakery with online ordering",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "Sells online (order for pickup, prices in $) and gives a street address, phone and schema.org Bakery data, but nothing outside the site corroborates them.",
  },
  pages: {
    "/": HOME,
    "/order": ORDER,
    "/about": ABOUT,
    "/contact": CONTACT,
  },
  robotsTxt: "User-agent: *\nAllow: /\n",
};
