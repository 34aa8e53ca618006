/** @module mega-deals-outlet.com — a shop that sells hard but never says who or where it is: no location (X). */
import { htmlDocument, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Mega Deals Outlet";
const EMAIL = "megadealsoutlet.help@gmail.com";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;background:#f2f2f2;color:#111}
a{color:#d40000}
.flash{background:#ffe600;color:#111;font-weight:800;text-align:center;padding:.5rem;letter-spacing:.02em}
.flash time{font-family:monospace;font-size:1.1rem;background:#111;color:#ffe600;padding:.1rem .4rem;border-radius:3px}
header.site{background:#d40000;color:#fff;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.8rem 1.5rem}
.logo{color:#fff;font-size:1.8rem;font-weight:900;text-decoration:none;text-transform:uppercase;font-style:italic}
nav.main a{color:#fff;margin-right:1rem;font-weight:700;text-decoration:none}
nav.main a[aria-current]{text-decoration:underline}
.cart{background:#111;color:#ffe600;padding:.5rem 1rem;border-radius:4px;font-weight:800;text-decoration:none}
main{max-width:76rem;margin:0 auto;padding:1rem 1.5rem}
.banner{background:#111;color:#fff;padding:1.5rem;border-radius:6px;text-align:center}
.banner strong{color:#ffe600;font-size:2rem;display:block}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.8rem;margin-top:1rem}
.deal{background:#fff;border-radius:6px;padding:.9rem;position:relative;border:1px solid #ddd}
.off{position:absolute;top:.5rem;right:.5rem;background:#d40000;color:#fff;font-weight:800;border-radius:3px;padding:.1rem .4rem}
.deal h3{font-size:.95rem;margin:1.6rem 0 .4rem}
.now{color:#d40000;font-size:1.35rem;font-weight:900}
.was{text-decoration:line-through;color:#888;margin-left:.4rem}
.sold{font-size:.8rem;color:#555}
.bar{height:6px;background:#eee;border-radius:3px;overflow:hidden;margin:.3rem 0 .6rem}
.bar span{display:block;height:100%;background:#d40000}
button{width:100%;background:#ffb400;border:0;border-radius:4px;padding:.6rem;font-weight:800;cursor:pointer}
.panel{background:#fff;border-radius:6px;padding:1.2rem 1.5rem;margin:1rem 0}
label{display:block;margin:.6rem 0 .2rem;font-weight:700}
input,textarea,select{width:100%;padding:.5rem;border:1px solid #bbb;border-radius:4px;font:inherit}
footer.site{background:#111;color:#aaa;padding:1.5rem;margin-top:2rem;font-size:.85rem;text-align:center}
footer.site a{color:#fff;margin:0 .6rem}
`;

const COUNTDOWN = `<script>
(function () {
  var end = Date.now() + 2 * 3600e3 + 14 * 60e3 + 37e3;
  function tick() {
    var s = Math.max(0, Math.floor((end - Date.now()) / 1000));
    var t = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map(function (n) { return (n < 10 ? "0" : "") + n; }).join(":");
    var el = document.getElementById("countdown");
    if (el) el.textContent = t;
  }
  setInterval(tick, 1000);
})();
</script>`;

function layout(path: string, title: string, main: string): string {
  const body = `<div class="flash">⚡ FLASH SALE — UP TO 80% OFF — ENDS IN <time id="countdown">02:14:37</time> ⚡</div>
<header class="site">
  <a class="logo" href="/">MegaDeals Outlet</a>
  <nav class="main" aria-label="Main">
    ${navLink("/", "Today's deals", path)}
    ${navLink("/shipping", "Shipping", path)}
    ${navLink("/faq", "FAQ", path)}
    ${navLink("/contact", "Contact", path)}
  </nav>
  <a class="cart" href="/cart">🛒 Cart (0)</a>
</header>
<main>
${main}
</main>
<footer class="site">
  <p><a href="/shipping">Shipping info</a><a href="/faq">FAQ</a><a href="/contact">Contact us</a><a href="/cart">My cart</a></p>
  <p>Secure checkout · All major cards accepted · © 2026 MegaDeals Outlet. All rights reserved.</p>
</footer>`;
  return htmlDocument({
    lang: "en",
    title: path === "/" ? `${BRAND} | Up to 80% Off Everything – Today Only!` : `${title} | ${BRAND}`,
    description: "Unbeatable flash deals on electronics, home and fashion. Limited stock — order now!",
    css: CSS,
    head: path === "/" ? COUNTDOWN : "",
    body,
  });
}

interface Deal {
  name: string;
  now: string;
  was: string;
  off: number;
  sold: number;
}

const DEALS: Deal[] = [
  { name: "Wireless Earbuds Pro with Charging Case", now: "$19.99", was: "$89.99", off: 78, sold: 91 },
  { name: "Smart Watch Ultra, Fitness & Heart Rate", now: "$29.99", was: "$149.99", off: 80, sold: 87 },
  { name: "Cordless Stick Vacuum 25000Pa", now: "$59.99", was: "$249.99", off: 76, sold: 64 },
  { name: "Air Fryer XL 6.5 Quart Digital", now: "$39.99", was: "$129.99", off: 69, sold: 73 },
  { name: "Designer Sunglasses, Polarized", now: "$12.99", was: "$59.99", off: 78, sold: 95 },
  { name: "Portable Projector Full HD", now: "$49.99", was: "$199.99", off: 75, sold: 58 },
  { name: "Memory Foam Pillow, Set of 2", now: "$17.99", was: "$69.99", off: 74, sold: 82 },
  { name: "Electric Massage Gun, 30 Speeds", now: "$24.99", was: "$119.99", off: 79, sold: 89 },
];

function dealCard(d: Deal): string {
  return `<article class="deal">
  <span class="off">-${d.off}%</span>
  <h3>${d.name}</h3>
  <p><span class="now">${d.now}</span><span class="was">${d.was}</span></p>
  <div class="sold">${d.sold}% claimed — hurry!</div>
  <div class="bar"><span style="width:${d.sold}%"></span></div>
  <form method="post" action="/cart"><input type="hidden" name="deal" value="${d.name}"><button type="submit">Add to cart</button></form>
</article>`;
}

const HOME = layout(
  "/",
  "Today's deals",
  `<section class="banner">
  <strong>MEGA FLASH SALE</strong>
  Prices this low won't last. Free shipping on orders over $49. <a href="/cart" style="color:#ffe600">Go to checkout</a>
</section>
<h2>🔥 Today's hottest deals</h2>
<div class="grid">
${DEALS.map(dealCard).join("\n")}
</div>
<section class="panel">
  <h2>Why shop with MegaDeals?</h2>
  <ul>
    <li>✔ Over 2 million happy customers worldwide</li>
    <li>✔ 100% satisfaction guaranteed</li>
    <li>✔ Secure SSL checkout</li>
    <li>✔ Fast worldwide shipping — <a href="/shipping">see shipping times</a></li>
  </ul>
  <p>Questions? Read our <a href="/faq">FAQ</a> or <a href="/contact">contact us</a>.</p>
</section>`,
);

const CART = layout(
  "/cart",
  "Your cart",
  `<div class="panel">
<h1>Your cart</h1>
<p>Your cart is empty. Don't miss out — these deals end soon!</p>
<p><a href="/">Back to today's deals</a></p>
<p><button type="button" disabled>Proceed to checkout</button></p>
<p><small>We accept Visa, Mastercard, Amex and PayPal.</small></p>
</div>`,
);

const CONTACT = layout(
  "/contact",
  "Contact us",
  `<div class="panel">
<h1>Contact us</h1>
<p>Our customer happiness team answers every message within 3–5 business days. Please check our <a href="/faq">FAQ</a> first — most questions are answered there.</p>
<p>E-mail: <a href="mailto:${EMAIL}">${EMAIL}</a></p>
<form method="post" action="/contact">
  <label for="name">Name</label><input id="name" name="name">
  <label for="email">E-mail</label><input id="email" name="email" type="email">
  <label for="topic">Topic</label>
  <select id="topic" name="topic"><option>Where is my order?</option><option>Return or refund</option><option>Other</option></select>
  <label for="message">Message</label><textarea id="message" name="message" rows="5"></textarea>
  <p><button type="submit">Send</button></p>
</form>
</div>`,
);

const SHIPPING = layout(
  "/shipping",
  "Shipping",
  `<div class="panel">
<h1>Shipping information</h1>
<p>All orders ship from our partner warehouses. Because of high demand, processing takes 3–7 business days, and delivery takes a further 7–21 business days depending on your location.</p>
<ul>
  <li>Standard shipping: $6.99 — free on orders over $49</li>
  <li>Priority handling: $14.99</li>
</ul>
<p>Items in one order may arrive in separate packages. Tracking numbers are e-mailed once your order leaves the warehouse; updates can take up to 10 days to appear.</p>
<p>See also our <a href="/faq">FAQ</a>.</p>
</div>`,
);

const FAQ = layout(
  "/faq",
  "FAQ",
  `<div class="panel">
<h1>Frequently asked questions</h1>
<h2>Are these deals real?</h2>
<p>Yes! We buy overstock in bulk and pass the savings on to you. Quantities are limited, so order now.</p>
<h2>Where is my order?</h2>
<p>Please allow up to 30 business days for delivery. See <a href="/shipping">shipping information</a>.</p>
<h2>Can I return an item?</h2>
<p>Returns are accepted within 14 days for unused items in original packaging. Please <a href="/contact">contact us</a> for return instructions before sending anything back. Return shipping is paid by the customer. Refunds are issued as store credit.</p>
<h2>Is checkout secure?</h2>
<p>Our checkout uses 256-bit SSL encryption.</p>
</div>`,
);

export const megaDealsOutlet: DemoSite = {
  domain: "mega-deals-outlet.com",
  title: BRAND,
  kind: "anonymous discount shop (prices, cart, countdown; no address)",
  expected: {
    rating: "X",
    ratingInfo: "no_location",
    why: "Sells hard (prices, add-to-cart, checkout, countdown deals) but names no company and gives no postal address or phone — only a contact form and a free-mail address.",
  },
  pages: {
    "/": HOME,
    "/cart": CART,
    "/contact": CONTACT,
    "/shipping": SHIPPING,
    "/faq": FAQ,
  },
};
