/** @module Corpus sites in the United Kingdom, Ireland and the United States. */
import { gbVat } from "./check-digits.ts";
import { offersLd, p, type SiteDef, site } from "./site.ts";

const UK_SHOPIFY_LINKS: [string, string][] = [
  ["/pages/contact", "Contact us"],
  ["/policies/refund-policy", "Refund policy"],
  ["/policies/privacy-policy", "Privacy policy"],
  ["/policies/terms-of-service", "Terms of service"],
  ["/policies/shipping-policy", "Shipping policy"],
];

export const ANGLO_SITES: SiteDef[] = [
  site(
    {
      domain: "hollins-leather.co.uk",
      name: "Hollins & Sons Leather",
      platform: "shopify",
      country: "GB",
      language: "en-GB",
      kind: "Shopify leather goods maker, company number in the footer, listed at Companies House",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Walsall address and company number 08123456; Companies House lists it under this name at WS1 2AB → gate:verified",
      },
      register: {
        register: "companies-house",
        number: "08123456",
        name: "Hollins & Sons Leather Ltd",
        postcode: "WS1 2AB",
      },
    },
    {
      nav: [
        ["/collections/belts", "Belts"],
        ["/collections/wallets", "Wallets"],
        ["/pages/our-story", "Our story"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Hollins &amp; Sons Leather Ltd<br>Unit 3, Tannery Yard<br>Walsall<br>WS1 2AB</p><p>Registered in England &amp; Wales No. 08123456 · VAT ${gbVat("2345678")}</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Hollins & Sons Leather",
        main: products("Bestsellers", [
          p("Bridle leather belt 35 mm", "£65.00 GBP", "65.00", "GBP"),
          p("Card wallet, oak bark", "£48.00 GBP", "48.00", "GBP"),
          p("Watch strap 20 mm", "£39.00 GBP", "39.00", "GBP"),
        ]),
      },
      "/pages/contact": {
        title: "Contact",
        main: `<div class="page-width"><h1 class="main-page-title page-title h0">Contact</h1><div class="rte"><p>Workshop visits by appointment. Call 01922 612 345 or email workshop@hollins-leather.co.uk.</p></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "ashworth-clocks.co.uk",
      name: "Ashworth Clockmakers",
      platform: "handwritten",
      country: "GB",
      language: "en-GB",
      kind: "hand-written clockmaker's shop over https with an EV certificate issued to its company",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Settle address and 'Ashworth Clockmakers Ltd' on the site; the EV certificate is issued to that company → gate:verified",
      },
      tls: { validation: "EV", organization: "Ashworth Clockmakers Ltd", country: "GB" },
    },
    {
      nav: [
        ["/", "Home"],
        ["/clocks/", "Clocks for sale"],
        ["/restoration/", "Restoration"],
        ["/contact/", "Contact"],
      ],
      footerLinks: [
        ["/terms/", "Terms & conditions"],
        ["/privacy/", "Privacy"],
        ["/contact/", "Contact"],
      ],
      footer: `<p>Ashworth Clockmakers Ltd · 12 Duke Street · Settle · North Yorkshire · BD24 9DJ · 01729 822 410</p><p>Company no. 04567891 · VAT ${gbVat("7654321")}</p>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: `<h1>Longcase, bracket and wall clocks, restored in the Dales</h1>${products("Clocks for sale", [p("Yorkshire longcase, c. 1790", "£4,850", "4850.00", "GBP"), p("Vienna regulator", "£1,275", "1275.00", "GBP")])}`,
      },
      "/contact/": {
        title: "Contact",
        main: `<h1>Contact</h1><address>Ashworth Clockmakers Ltd<br>12 Duke Street<br>Settle<br>North Yorkshire<br>BD24 9DJ</address><p>Tel 01729 822 410</p>`,
      },
    }),
  ),

  site(
    {
      domain: "prairie-outfitters.com",
      name: "Prairie Outfitters",
      platform: "bigcommerce",
      country: "US",
      language: "en-US",
      kind: "BigCommerce outdoor store over https with an OV certificate issued to its company",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Omaha street address and 'Prairie Outfitters, Inc.' on the site; the OV certificate is issued to that company → gate:verified",
      },
      tls: { validation: "OV", organization: "Prairie Outfitters, Inc.", country: "US" },
    },
    {
      nav: [
        ["/camping/", "Camping"],
        ["/fishing/", "Fishing"],
        ["/sale/", "Sale"],
      ],
      footerLinks: [
        ["/shipping-returns/", "Shipping & Returns"],
        ["/contact-us/", "Contact Us"],
        ["/about-us/", "About Us"],
        ["/terms-conditions/", "Terms & Conditions"],
      ],
      footer: `<address>Prairie Outfitters, Inc.<br>1420 Harney St<br>Omaha, NE 68102</address><strong>Call us at (402) 555-0142</strong>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Prairie Outfitters",
        main: products("Featured Products", [
          p("Canvas bell tent 4m", "$649.00", "649.00", "USD"),
          p("Fly rod 9' 5wt", "$219.95", "219.95", "USD"),
          p("Wool camp blanket", "$89.00", "89.00", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "greenway-gardens.co.uk",
      name: "Greenway Gardens",
      platform: "woocommerce",
      country: "GB",
      language: "en-GB",
      kind: "WooCommerce garden centre behind a CDN whose OV certificate names Cloudflare, Inc.",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "address stated; the OV certificate names the CDN, not the business → no corroboration, gate:unverified",
      },
      tls: { validation: "OV", organization: "Cloudflare, Inc.", country: "US" },
    },
    {
      nav: [
        ["/shop/", "Shop"],
        ["/plants/", "Plants"],
        ["/visit-us/", "Visit us"],
      ],
      footerLinks: [
        ["/delivery-returns/", "Delivery & returns"],
        ["/terms-and-conditions/", "Terms and conditions"],
        ["/privacy-policy/", "Privacy policy"],
        ["/contact/", "Contact"],
      ],
      footer: `<p>Greenway Gardens Ltd<br>Station Road<br>Ashford<br>Kent TN23 1PP</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("This week's plants", [
          p("Hydrangea 'Annabelle' 3L", "£18.99", "18.99", "GBP"),
          p("Olive tree 1.2m", "£79.00", "79.00", "GBP"),
          p("Compost 50L", "£7.49", "7.49", "GBP"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "hamilton-trading.co.uk",
      name: "Hamilton Trading",
      platform: "bigcommerce",
      country: "GB",
      language: "en-GB",
      kind: "BigCommerce homeware shop still trading under a company Companies House lists as dissolved",
      expected: {
        rating: "X",
        ratingInfo: "negative_info",
        why: "the company number it gives belongs to a dissolved company of this name: a dissolved company is negative information (issue 13) → gate:negative_info",
      },
      register: {
        register: "companies-house",
        number: "06987654",
        name: "Hamilton Trading Ltd",
        postcode: "G2 4JR",
        status: "dissolved",
      },
    },
    {
      nav: [
        ["/kitchen/", "Kitchen"],
        ["/lighting/", "Lighting"],
      ],
      footerLinks: [
        ["/shipping-returns/", "Shipping & Returns"],
        ["/contact-us/", "Contact Us"],
        ["/terms-conditions/", "Terms & Conditions"],
      ],
      footer: `<address>Hamilton Trading Ltd<br>145 West George Street<br>Glasgow G2 4JR</address><p>Company No. 06987654</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Hamilton Trading",
        main: products("Clearance", [
          p("Copper pan set", "£89.00", "89.00", "GBP"),
          p("Brass table lamp", "£54.00", "54.00", "GBP"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "cheap-goods-warehouse.com",
      name: "Cheap Goods Warehouse",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify store on the blacklist feed (reported non-delivery)",
      expected: {
        rating: "X",
        ratingInfo: "negative_info",
        why: "listed by the blacklist feed → gate:negative_info, whatever the address",
      },
      blacklisted: "non-delivery fraud reports",
    },
    {
      nav: [
        ["/collections/all", "Shop all"],
        ["/collections/deals", "Deals"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Cheap Goods Warehouse · 2200 Industrial Blvd · Houston, TX 77023</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Cheap Goods Warehouse",
        main: products("Daily deals", [
          p("Air fryer 6 qt", "$39.99 USD", "39.99", "USD"),
          p("Robot vacuum", "$79.99 USD", "79.99", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "the-button-box.co.uk",
      name: "The Button Box",
      platform: "woocommerce",
      country: "GB",
      language: "en-GB",
      kind: "WooCommerce haberdashery, UK address with unit and business park in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Stockport business-park address with SK4 postcode in the footer → gate:unverified",
      },
    },
    {
      nav: [
        ["/shop/", "Shop"],
        ["/product-category/buttons/", "Buttons"],
        ["/product-category/ribbons/", "Ribbons"],
      ],
      footerLinks: [
        ["/delivery/", "Delivery"],
        ["/returns/", "Returns"],
        ["/terms-conditions/", "Terms & Conditions"],
        ["/contact-us/", "Contact us"],
      ],
      footer: `<p>The Button Box<br>Unit 7, Mill Lane Business Park<br>Heaton Mersey<br>Stockport<br>SK4 3DF</p><p>Tel: 0161 432 7788</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("New in", [
          p("Horn buttons 20 mm (pack of 6)", "£4.80", "4.80", "GBP"),
          p("Velvet ribbon 10 m", "£6.50", "6.50", "GBP"),
          p("Mother of pearl buttons", "£7.20", "7.20", "GBP"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "seaside-surf-co.co.uk",
      name: "Seaside Surf Co.",
      platform: "bigcommerce",
      country: "GB",
      language: "en-GB",
      kind: "BigCommerce surf shop, address in the Cornerstone storeInfo footer block",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Newquay street address with TR7 postcode in the storeInfo block → gate:unverified",
      },
    },
    {
      nav: [
        ["/wetsuits/", "Wetsuits"],
        ["/boards/", "Boards"],
      ],
      footerLinks: [
        ["/shipping-returns/", "Shipping & Returns"],
        ["/contact-us/", "Contact Us"],
        ["/about-us/", "About Us"],
      ],
      footer: `<address>Seaside Surf Co.<br>8 Fore Street<br>Newquay, Cornwall TR7 1HA<br>United Kingdom</address><strong>Call us at 01637 870 123</strong>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Seaside Surf Co.",
        main: products("Featured", [
          p("Winter wetsuit 5/4", "£249.00", "249.00", "GBP"),
          p("Foam board 8'", "£169.00", "169.00", "GBP"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "wicklow-wool.ie",
      name: "Wicklow Wool",
      platform: "shopify",
      country: "IE",
      language: "en-IE",
      kind: "Shopify knitwear shop over https with a DV certificate, Eircode address in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Bray address with Eircode; a DV certificate corroborates nothing → gate:unverified",
      },
      tls: { validation: "DV" },
    },
    {
      nav: [
        ["/collections/jumpers", "Jumpers"],
        ["/collections/throws", "Throws"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Wicklow Wool<br>14 Main Street<br>Bray, Co. Wicklow<br>A98 K2X3<br>Ireland</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Wicklow Wool",
        main: products("Bestsellers", [
          p("Aran jumper", "€139,00 EUR", "139.00", "EUR"),
          p("Merino throw", "€95,00 EUR", "95.00", "EUR"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "cedar-and-sage-candles.com",
      name: "Cedar & Sage Candle Co.",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify candle maker: the seller's address appears only in Product offers.seller JSON-LD",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "the seller's street address is given in offers.seller → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/candles", "Candles"],
        ["/collections/gift-sets", "Gift sets"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Hand-poured in small batches</p>`,
      banner: "shopify",
    },
    ({ products }) => {
      const items = [
        p("Cedar & Sage 8 oz", "$28.00 USD", "28.00", "USD"),
        p("Smoked Vanilla 8 oz", "$28.00 USD", "28.00", "USD"),
        p("Gift set of 3", "$72.00 USD", "72.00", "USD"),
      ];
      return {
        "/": {
          title: "Cedar & Sage Candle Co.",
          main: products("Shop candles", items),
          jsonLd: [
            offersLd(items, {
              "@type": "Organization",
              name: "Cedar & Sage Candle Co. LLC",
              address: {
                "@type": "PostalAddress",
                streetAddress: "318 N Main St",
                addressLocality: "Asheville",
                addressRegion: "NC",
                postalCode: "28801",
                addressCountry: "US",
              },
            }),
          ],
        },
      };
    },
  ),

  site(
    {
      domain: "brooklyn-bike-repair.com",
      name: "Brooklyn Bike Repair",
      platform: "squarespace",
      country: "US",
      language: "en-US",
      kind: "Squarespace repair shop (no online sales): LocalBusiness JSON-LD with a plain-string address",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Brooklyn street address (LocalBusiness address string and footer) → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/services", "Services"],
        ["/about", "About"],
        ["/contact", "Contact"],
      ],
      footerLinks: [["/contact", "Contact"]],
      footer: `<p class="" style="white-space:pre-wrap;">412 Atlantic Ave, Brooklyn, NY 11217 · (718) 555-0199</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Brooklyn Bike Repair",
        main: `<section class="page-section"><div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h1 style="white-space:pre-wrap;">Same-day tune-ups in Boerum Hill</h1><p class="" style="white-space:pre-wrap;">Walk-ins welcome Tue–Sun.</p></div></div></section>`,
        jsonLd: [
          {
            address: "412 Atlantic Ave\nBrooklyn, NY 11217\nUnited States",
            image: "https://images.squarespace-cdn.com/content/v1/x/logo.png",
            name: "Brooklyn Bike Repair",
            openingHours: "Tu 10:00-19:00, We 10:00-19:00, Th 10:00-19:00, Fr 10:00-19:00, Sa 09:00-18:00",
            "@context": "http://schema.org",
            "@type": "LocalBusiness",
          },
        ],
      },
      "/services": {
        title: "Services",
        main: `<section class="page-section"><div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h2>Services</h2><p class="" style="white-space:pre-wrap;">Tune-up $95 · Flat fix $20 · Wheel true $35</p></div></div></section>`,
      },
    }),
  ),

  site(
    {
      domain: "desert-bloom-botanicals.com",
      name: "Desert Bloom Botanicals",
      platform: "woocommerce",
      country: "US",
      language: "en-US",
      kind: "WooCommerce skincare shop, US address (suite) on the contact page",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Tucson street address with suite and ZIP on the contact page → gate:unverified",
      },
    },
    {
      nav: [
        ["/shop/", "Shop"],
        ["/about/", "About"],
        ["/contact/", "Contact"],
      ],
      footerLinks: [
        ["/shipping-policy/", "Shipping policy"],
        ["/refund-policy/", "Refund policy"],
        ["/privacy-policy/", "Privacy policy"],
      ],
      footer: `<p>Small-batch skincare from the Sonoran Desert</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Best sellers", [
          p("Prickly pear face oil", "$34.00", "34.00", "USD"),
          p("Creosote balm", "$18.00", "18.00", "USD"),
        ]),
      },
      "/contact/": {
        title: "Contact",
        main: `<h1 class="entry-title">Contact</h1><div class="entry-content"><p>Desert Bloom Botanicals LLC<br>2940 N Campbell Ave, Suite 120<br>Tucson, AZ 85719</p><p>hello@desert-bloom-botanicals.com · (520) 555-0173</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "vermont-maple-farm.com",
      name: "Green Mountain Sugarhouse",
      platform: "handwritten",
      country: "US",
      language: "en-US",
      kind: "hand-written farm shop with microdata (itemscope/itemprop) Organization and address",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Vermont road address with ZIP in microdata and visible text → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Home"],
        ["/order.html", "Order syrup"],
        ["/visit.html", "Visit"],
      ],
      footerLinks: [["/visit.html", "Visit the sugarhouse"]],
      footer: `<div itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Green Mountain Sugarhouse</span> · <span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="streetAddress">1820 Sugarbush Rd</span>, <span itemprop="addressLocality">Stowe</span>, <span itemprop="addressRegion">VT</span> <span itemprop="postalCode">05672</span></span> · <span itemprop="telephone">(802) 555-0110</span></div>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: `<h1>Pure Vermont maple syrup since 1952</h1>${products("Order syrup", [p("Grade A Amber, quart", "$24.00", "24.00", "USD"), p("Maple cream 8 oz", "$12.00", "12.00", "USD")])}`,
      },
      "/visit.html": {
        title: "Visit",
        main: `<h1>Visit the sugarhouse</h1><p>Open weekends in March and April for sugaring season.</p>`,
      },
    }),
  ),

  site(
    {
      domain: "northwind-fishing-supplies.com",
      name: "Northwind Fishing Supplies",
      platform: "bigcommerce",
      country: "US",
      language: "en-US",
      kind: "BigCommerce tackle shop with a PO Box for mail and a street address for the store",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "a street address (Duluth store) besides the PO Box → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/lures/", "Lures"],
        ["/reels/", "Reels"],
      ],
      footerLinks: [
        ["/shipping-returns/", "Shipping & Returns"],
        ["/contact-us/", "Contact Us"],
      ],
      footer: `<address>Northwind Fishing Supplies<br>Store: 602 E Superior St<br>Duluth, MN 55802</address><p>Mail: PO Box 1187, Duluth, MN 55801</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Northwind Fishing Supplies",
        main: products("Top picks", [
          p("Walleye jig kit", "$24.99", "24.99", "USD"),
          p("Spinning reel 3000", "$79.99", "79.99", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "trendy-gadgets-store.com",
      name: "Trendy Gadgets",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify dropshipping store, contact form and e-mail only",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells (Shopify cart, quick-add forms) and gives no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/collections/all", "Shop all"],
        ["/pages/track-order", "Track order"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>support@trendy-gadgets-store.com · 24/7 support</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Trendy Gadgets",
        main: products("🔥 Trending now", [
          p("Mini projector 4K", "$59.99 USD", "59.99", "USD"),
          p("Magnetic phone mount", "$19.99 USD", "19.99", "USD"),
          p("LED galaxy lamp", "$29.99 USD", "29.99", "USD"),
        ]),
      },
      "/pages/contact": {
        title: "Contact",
        main: `<div class="page-width"><h1>Contact</h1><form method="post" action="/contact#ContactForm" id="ContactForm"><input type="hidden" name="form_type" value="contact"><input name="contact[email]" type="email"><textarea name="contact[body]"></textarea><button type="submit" class="button">Send</button></form></div>`,
      },
    }),
  ),

  site(
    {
      domain: "smart-home-deals.co.uk",
      name: "Smart Home Deals",
      platform: "bigcommerce",
      country: "GB",
      language: "en-GB",
      kind: "BigCommerce electronics store with an empty storeInfo block",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "BigCommerce cart and prices, no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/smart-plugs/", "Smart plugs"],
        ["/cameras/", "Cameras"],
      ],
      footerLinks: [
        ["/shipping-returns/", "Shipping & Returns"],
        ["/contact-us/", "Contact Us"],
      ],
      footer: `<address>Smart Home Deals</address><strong>Email us at help@smart-home-deals.co.uk</strong>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Smart Home Deals",
        main: products("Deals", [
          p("Wi-Fi smart plug 4-pack", "£24.99", "24.99", "GBP"),
          p("Doorbell camera", "£49.99", "49.99", "GBP"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "summit-supplements-direct.com",
      name: "Summit Supplements Direct",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify supplement store whose only address is a PO Box in Wyoming",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "it sells; the only address is PO Box 1234 — a mail drop is no place of business → gate:no_location",
      },
    },
    {
      nav: [
        ["/collections/all", "Shop"],
        ["/pages/about", "About"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Summit Supplements Direct<br>PO Box 1234<br>Sheridan, WY 82801</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Summit Supplements Direct",
        main: products("Best sellers", [
          p("Keto burn capsules", "$49.95 USD", "49.95", "USD"),
          p("Collagen peptides", "$39.95 USD", "39.95", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "ergo-chairs-direct.co.uk",
      name: "Ergo Chairs Direct",
      platform: "woocommerce",
      country: "GB",
      language: "en-GB",
      kind: "WooCommerce reseller: the only address is the manufacturer's, in Product manufacturer JSON-LD",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells; the only address belongs to the chairs' manufacturer, not the seller → no seller address, gate:no_location",
      },
    },
    {
      nav: [
        ["/shop/", "Shop"],
        ["/contact/", "Contact"],
      ],
      footerLinks: [
        ["/delivery/", "Delivery"],
        ["/returns/", "Returns"],
      ],
      footer: `<p>Free UK delivery · sales@ergo-chairs-direct.co.uk</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Office chairs", [
          p("Ergo Pro mesh chair", "£289.00", "289.00", "GBP"),
          p("Ergo Lite task chair", "£149.00", "149.00", "GBP"),
        ]),
        jsonLd: [
          {
            "@context": "https://schema.org/",
            "@type": "Product",
            name: "Ergo Pro mesh chair",
            sku: "EP-200",
            brand: { "@type": "Brand", name: "Ergotek" },
            manufacturer: {
              "@type": "Organization",
              name: "Ergotek Seating GmbH",
              address: {
                "@type": "PostalAddress",
                streetAddress: "Industriestraße 14",
                postalCode: "32049",
                addressLocality: "Herford",
                addressCountry: "DE",
              },
            },
            offers: {
              "@type": "Offer",
              price: "289.00",
              priceCurrency: "GBP",
              availability: "https://schema.org/InStock",
              url: "https://ergo-chairs-direct.co.uk/product/ergo-pro-mesh-chair/",
            },
          },
        ],
      },
    }),
  ),

  site(
    {
      domain: "minimal-prints-studio.com",
      name: "Minimal Prints Studio",
      platform: "squarespace",
      country: "US",
      language: "en-US",
      kind: "Squarespace print shop with add-to-cart buttons and no address",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "Squarespace add-to-cart and prices, no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/shop", "Shop"],
        ["/about", "About"],
      ],
      footerLinks: [["/faq", "FAQ"]],
      footer: `<p class="" style="white-space:pre-wrap;">Questions? hi@minimal-prints-studio.com</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Minimal Prints Studio",
        main: products("Prints", [
          p("Line art print A3", "$35.00", "35.00", "USD"),
          p("Botanical set of 3", "$79.00", "79.00", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "rayban-sunglasses-outlet-store.com",
      name: "Sunglasses Outlet Store",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify shop imitating Ray-Ban inside a longer domain name, no address",
      expected: {
        rating: "X",
        ratingInfo: "negative_info",
        why: "the domain carries the Ray-Ban brand and the shop poses as its outlet → gate:negative_info",
      },
    },
    {
      nav: [
        ["/collections/aviator", "Aviator"],
        ["/collections/wayfarer", "Wayfarer"],
      ],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: `<p>Official Ray-Ban outlet – up to 80% off</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Ray-Ban Outlet",
        main: products("Ray-Ban sale", [
          p("Ray-Ban Aviator Classic", "$29.99 USD", "29.99", "USD"),
          p("Ray-Ban Wayfarer", "$24.99 USD", "24.99", "USD"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "sourdough-diaries.com",
      name: "The Sourdough Diaries",
      platform: "wordpress",
      country: "US",
      language: "en-US",
      kind: "WordPress baking blog, no shop, no address",
      expected: {
        rating: "U",
        ratingInfo: "non_commercial",
        why: "nothing for sale and no postal address → gate:non_commercial",
      },
    },
    {
      nav: [
        ["/", "Recipes"],
        ["/about/", "About"],
      ],
      footerLinks: [
        ["/about/", "About"],
        ["/privacy-policy/", "Privacy policy"],
      ],
      footer: `<p>Baked and written in my kitchen.</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Recipes",
        main: `<article class="post"><h2><a href="/2026/11/rye-starter/">A rye starter that forgives you</a></h2><p>Feed it twice a day for a week.</p></article><article class="post"><h2><a href="/2026/10/focaccia/">Overnight focaccia</a></h2><p>Dimples, olive oil, patience.</p></article>`,
      },
    }),
  ),

  site(
    {
      domain: "private-preview-shop.com",
      name: "Private Preview",
      platform: "shopify",
      country: "US",
      language: "en-US",
      kind: "Shopify store whose robots.txt disallows every crawler",
      expected: {
        rating: "U",
        ratingInfo: "blocked",
        why: "robots.txt forbids reading the site → gate:blocked",
      },
      robotsTxt: "User-agent: *\nDisallow: /\n",
    },
    {
      nav: [["/collections/all", "Shop"]],
      footerLinks: UK_SHOPIFY_LINKS,
      footer: "",
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Private Preview",
        main: products("Members only", [p("Preview item", "$10.00 USD", "10.00", "USD")]),
      },
    }),
  ),
];
