/** @module brightwater-outdoor.co.uk — a UK outdoor shop (Ltd) showing its Companies Act details: identified, not corroborated (Q). */
import { htmlDocument, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Brightwater Outdoor";
const LEGAL_NAME = "Brightwater Outdoor Ltd";
const PHONE_TEXT = "+44 1326 211470";
const PHONE_TEL = "+441326211470";
const EMAIL = "hello@brightwater-outdoor.co.uk";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:Georgia,"Times New Roman",serif;color:#17313b;background:#fbfaf6;line-height:1.55}
a{color:#0f6e73}
.notice{background:#0f6e73;color:#fff;text-align:center;font:600 .85rem/1.4 Arial,sans-serif;padding:.4rem}
header.site{padding:1.2rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #dcd8cc}
.logo{font-size:1.7rem;text-decoration:none;color:#17313b;font-weight:700}
.logo small{display:block;font:400 .75rem Arial,sans-serif;letter-spacing:.2em;text-transform:uppercase;color:#6b7d83}
nav.main{font-family:Arial,sans-serif}
nav.main a{margin:0 .7rem;text-decoration:none;color:#17313b}
nav.main a[aria-current]{border-bottom:2px solid #e07a3f}
.basket{font-family:Arial,sans-serif;background:#e07a3f;color:#fff;padding:.45rem .9rem;border-radius:999px;text-decoration:none}
main{max-width:70rem;margin:0 auto;padding:1.5rem}
.hero{background:linear-gradient(120deg,#17313b,#0f6e73);color:#fff;padding:2.5rem 2rem;border-radius:10px}
.hero a{color:#ffd9c2}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1.2rem;margin-top:1.5rem}
.card{background:#fff;border:1px solid #e2ded2;border-radius:10px;padding:1rem;font-family:Arial,sans-serif}
.card h3{font-family:Georgia,serif;margin:.2rem 0}
.price{font-size:1.3rem;font-weight:700;color:#17313b}
.was{text-decoration:line-through;color:#8a969a;margin-left:.4rem}
button{font:600 1rem Arial,sans-serif;background:#17313b;color:#fff;border:0;border-radius:6px;padding:.6rem 1rem;cursor:pointer;width:100%}
.panel{background:#fff;border:1px solid #e2ded2;border-radius:10px;padding:1.3rem 1.6rem;margin:1rem 0}
address{font-style:normal;line-height:1.6}
label{display:block;margin:.6rem 0 .2rem;font-family:Arial,sans-serif}
input,textarea{width:100%;padding:.5rem;border:1px solid #c5c0b2;border-radius:6px;font:inherit}
footer.site{background:#17313b;color:#cfdadd;padding:2rem 1.5rem;margin-top:2rem;font:.9rem/1.5 Arial,sans-serif}
footer.site a{color:#fff}
.cols{max-width:70rem;margin:0 auto;display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:1.5rem}
footer.site ul{list-style:none;margin:0;padding:0}
.company{max-width:70rem;margin:1.5rem auto 0;padding-top:1rem;border-top:1px solid #2f4d57;font-size:.8rem;color:#a9bbc0}
`;

function layout(path: string, title: string, main: string): string {
  const body = `<div class="notice">Free UK delivery on orders over £60 · 30-day no-quibble returns</div>
<header class="site">
  <a class="logo" href="/">Brightwater<small>Outdoor · Falmouth</small></a>
  <nav class="main" aria-label="Main">
    ${navLink("/", "Shop", path)}
    ${navLink("/about-us", "About us", path)}
    ${navLink("/returns", "Delivery & returns", path)}
    ${navLink("/contact-us", "Contact us", path)}
  </nav>
  <a class="basket" href="/basket">Basket (0)</a>
</header>
<main>
${main}
</main>
<footer class="site">
  <div class="cols">
    <div>
      <h4>Customer service</h4>
      <ul>
        <li><a href="/contact-us">Contact us</a></li>
        <li><a href="/returns">Returns &amp; refunds</a></li>
        <li><a href="/basket">Your basket</a></li>
      </ul>
    </div>
    <div>
      <h4>About Brightwater</h4>
      <ul>
        <li><a href="/about-us">Our story</a></li>
        <li><a href="/terms">Terms &amp; conditions</a></li>
        <li><a href="/privacy-policy">Privacy policy</a></li>
      </ul>
    </div>
    <div>
      <h4>Talk to us</h4>
      <p>Phone <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a><br>Mon–Sat 9am–5.30pm<br><a href="mailto:${EMAIL}">${EMAIL}</a></p>
    </div>
  </div>
  <p class="company">${LEGAL_NAME}, registered in England and Wales, company number 08123456, registered office: 14 Harbour Road, Falmouth, Cornwall, TR11 2AB, United Kingdom</p>
</footer>`;
  return htmlDocument({
    lang: "en-GB",
    title: path === "/" ? `${BRAND} – Outdoor clothing & camping kit from Cornwall` : `${title} | ${BRAND}`,
    description: "Tents, waterproofs and camping kit, tested on the Cornish coast and shipped from our Falmouth shop.",
    css: CSS,
    body,
  });
}

interface Product {
  name: string;
  detail: string;
  price: string;
  was?: string;
}

const PRODUCTS: Product[] = [
  {
    name: "Roseland 2 backpacking tent",
    detail: "2-person, 1.9 kg, 3000 mm flysheet",
    price: "£189.00",
    was: "£229.00",
  },
  { name: "Carrick waterproof jacket", detail: "3-layer, fully taped seams, men's & women's", price: "£139.00" },
  { name: "Helford down sleeping bag", detail: "Comfort −4 °C, 650 fill power, RDS down", price: "£165.00" },
  { name: "Lizard 35 L daypack", detail: "Ventilated back, rain cover included", price: "£74.99", was: "£89.99" },
  { name: "Trevose merino base layer", detail: "200 gsm, long sleeve", price: "£48.00" },
  { name: "Fal insulated flask 750 ml", detail: "Keeps hot 12 h, stainless steel", price: "£22.50" },
];

function card(p: Product): string {
  return `<article class="card">
  <h3>${p.name}</h3>
  <p>${p.detail}</p>
  <p><span class="price">${p.price}</span>${p.was ? `<span class="was">${p.was}</span>` : ""}</p>
  <form method="post" action="/basket"><input type="hidden" name="item" value="${p.name}"><button type="submit">Add to basket</button></form>
</article>`;
}

const HOME = layout(
  "/",
  "Shop",
  `<section class="hero">
  <h1>Kit that's been out in the weather</h1>
  <p>Everything we sell is tested on the South West Coast Path before it goes on the shelf. Order by 2pm for same-day dispatch from Falmouth — or call in at the shop on Harbour Road.</p>
  <p><a href="/about-us">Read about us</a></p>
</section>
<h2 id="new-season">New season favourites</h2>
<div class="grid">
${PRODUCTS.map(card).join("\n")}
</div>
<section class="panel">
  <h2>Why buy from Brightwater?</h2>
  <ul>
    <li>Independent, family-run shop on the Falmouth waterfront since 2012</li>
    <li>Free UK delivery on orders over £60, otherwise £4.95</li>
    <li>30-day returns — <a href="/returns">see our returns policy</a></li>
    <li>Real people on the phone: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a></li>
  </ul>
</section>`,
);

const CONTACT = layout(
  "/contact-us",
  "Contact us",
  `<h1>Contact us</h1>
<div class="grid">
  <div class="panel">
    <h2>Visit the shop</h2>
    <address>${LEGAL_NAME}<br>14 Harbour Road<br>Falmouth<br>Cornwall<br>TR11 2AB<br>United Kingdom</address>
    <p>Open Monday to Saturday, 9am–5.30pm; Sundays in July and August, 10am–4pm.</p>
  </div>
  <div class="panel">
    <h2>Phone and e-mail</h2>
    <p>Phone: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a><br>E-mail: <a href="mailto:${EMAIL}">${EMAIL}</a></p>
    <p>We answer e-mails within one working day. For returns, please see our <a href="/returns">returns page</a>.</p>
  </div>
  <div class="panel">
    <h2>Send us a message</h2>
    <form method="post" action="/contact-us">
      <label for="name">Your name</label><input id="name" name="name">
      <label for="email">E-mail address</label><input id="email" name="email" type="email">
      <label for="order">Order number (optional)</label><input id="order" name="order">
      <label for="message">Message</label><textarea id="message" name="message" rows="5"></textarea>
      <p><button type="submit">Send message</button></p>
    </form>
  </div>
</div>`,
);

const ABOUT = layout(
  "/about-us",
  "About us",
  `<div class="panel">
<h1>About us</h1>
<p>Brightwater Outdoor was started in 2012 by Jenna and Mark Polglase, two Falmouth sailors who were tired of driving to Plymouth for a decent waterproof. What began as a single rail of jackets in a harbourside loft is now a shop on Harbour Road and an online store shipping across the UK.</p>
<p>We are a small team of eight. Every tent we sell has been pitched on a windy headland by one of us, and every jacket has been worn through at least one Cornish winter.</p>
<h2>Our promises</h2>
<ul>
  <li>We only sell kit we would use ourselves.</li>
  <li>We repair what we can — ask about our zip and seam repair service.</li>
  <li>We answer the phone: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a>.</li>
</ul>
<h2>The company</h2>
<p>${LEGAL_NAME} is a private limited company registered in England and Wales, company number 08123456. Registered office and shop:</p>
<p>14 Harbour Road<br>Falmouth<br>Cornwall<br>TR11 2AB<br>United Kingdom</p>
<p>Any questions? <a href="/contact-us">Get in touch</a>.</p>
</div>`,
);

const RETURNS = layout(
  "/returns",
  "Delivery & returns",
  `<div class="panel">
<h1>Delivery &amp; returns</h1>
<h2>Delivery</h2>
<ul>
  <li>UK mainland standard (2–3 working days): £4.95, free over £60</li>
  <li>UK mainland next working day (order by 2pm): £7.95</li>
  <li>Highlands, islands and Northern Ireland: £9.95</li>
</ul>
<h2>Returns and refunds</h2>
<p>If you change your mind, you can return unused items within 30 days of delivery for a full refund. This is in addition to your statutory rights under the Consumer Contracts Regulations 2013 and the Consumer Rights Act 2015.</p>
<p>Please include your order number and send your return to:</p>
<address>Returns Department<br>${LEGAL_NAME}<br>14 Harbour Road<br>Falmouth<br>Cornwall<br>TR11 2AB<br>United Kingdom</address>
<p>We refund to your original payment method within 14 days of receiving the goods. Faulty items: we pay the return postage — <a href="/contact-us">contact us</a> first and we will send a prepaid label.</p>
</div>`,
);

const PRIVACY = layout(
  "/privacy-policy",
  "Privacy policy",
  `<div class="panel">
<h1>Privacy policy</h1>
<p>This policy explains how ${LEGAL_NAME} ("we") uses your personal data when you shop with us. We are the controller of your data for the purposes of the UK GDPR and the Data Protection Act 2018.</p>
<h2>What we collect</h2>
<p>Your name, delivery and billing address, e-mail address, phone number and order history. Card payments are handled by our payment provider; we never see or store your full card number.</p>
<h2>Why we use it</h2>
<p>To process and deliver your orders (contract), to answer your questions (legitimate interests) and, only if you opt in, to send our seasonal newsletter (consent).</p>
<h2>How long we keep it</h2>
<p>Order records are kept for six years for tax purposes. Newsletter subscriptions are kept until you unsubscribe.</p>
<h2>Your rights</h2>
<p>You can ask for a copy of your data, have it corrected or erased, or object to its use. Write to us at the address on our <a href="/contact-us">contact page</a> or e-mail <a href="mailto:privacy@brightwater-outdoor.co.uk">privacy@brightwater-outdoor.co.uk</a>. You may also complain to the Information Commissioner's Office.</p>
</div>`,
);

const TERMS = layout(
  "/terms",
  "Terms & conditions",
  `<div class="panel">
<h1>Terms &amp; conditions</h1>
<h2>1. About us</h2>
<p>This website is operated by ${LEGAL_NAME}, a company registered in England and Wales under company number 08123456, whose registered office is at 14 Harbour Road, Falmouth, Cornwall, TR11 2AB.</p>
<h2>2. Your order</h2>
<p>When you place an order we send an e-mail acknowledging it. The contract is formed when we dispatch the goods and send a dispatch confirmation.</p>
<h2>3. Prices and payment</h2>
<p>Prices are in pounds sterling and include VAT at the current rate. Delivery charges are shown in the basket and on our <a href="/returns">delivery &amp; returns page</a>.</p>
<h2>4. Cancellation</h2>
<p>You may cancel your contract within 14 days of receiving the goods, without giving a reason, in line with the Consumer Contracts Regulations 2013.</p>
<h2>5. Law</h2>
<p>These terms are governed by the law of England and Wales.</p>
<p><small>Last updated: March 2026</small></p>
</div>`,
);

const BASKET = layout(
  "/basket",
  "Your basket",
  `<div class="panel">
<h1>Your basket</h1>
<p>Your basket is empty.</p>
<p><a href="/#new-season">Continue shopping</a> · <a href="/returns">Delivery charges</a></p>
<p><button type="button" disabled>Checkout securely</button></p>
</div>`,
);

export const brightwaterOutdoor: DemoSite = {
  domain: "brightwater-outdoor.co.uk",
  title: BRAND,
  kind: "UK outdoor shop (Ltd) with Companies Act details",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "Sells online and states its registered name, company number and registered office, but nothing outside the site corroborates them.",
  },
  pages: {
    "/": HOME,
    "/contact-us": CONTACT,
    "/about-us": ABOUT,
    "/returns": RETURNS,
    "/privacy-policy": PRIVACY,
    "/terms": TERMS,
    "/basket": BASKET,
  },
  robotsTxt: "User-agent: *\nDisallow: /basket\nDisallow: /checkout\n",
};
