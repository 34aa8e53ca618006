/** @module Corpus sites in Germany, Austria and Switzerland: Impressum pages, Postfach, HRB/FN/UID, e.V. */
import { atUid, chUid, deVat } from "./check-digits.ts";
import { offersLd, p, type SiteDef, site } from "./site.ts";

const DE_FOOTER_LINKS: [string, string][] = [
  ["/policies/legal-notice", "Impressum"],
  ["/policies/privacy-policy", "Datenschutzerklärung"],
  ["/policies/terms-of-service", "AGB"],
  ["/policies/refund-policy", "Widerrufsbelehrung"],
  ["/pages/kontakt", "Kontakt"],
];

export const DACH_SITES: SiteDef[] = [
  site(
    {
      domain: "kaffeeroesterei-brandt.de",
      name: "Kaffeerösterei Brandt",
      platform: "shopware",
      country: "DE",
      language: "de-DE",
      kind: "Shopware roastery, HRB in the Impressum, listed in the register",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "street address and HRB on the Impressum; the register lists that HRB under this name at 10999 → gate:verified",
      },
      register: {
        register: "handelsregister",
        number: "HRB 187342 B",
        name: "Kaffeerösterei Brandt GmbH",
        postcode: "10999",
      },
    },
    {
      nav: [
        ["/Kaffee/", "Kaffee"],
        ["/Espresso/", "Espresso"],
        ["/Zubehoer/", "Zubehör"],
        ["/Geschenke/", "Geschenke"],
      ],
      footerLinks: [
        ["/Informationen/Impressum/", "Impressum"],
        ["/Informationen/Datenschutz/", "Datenschutz"],
        ["/Informationen/AGB/", "AGB"],
        ["/Informationen/Widerrufsrecht/", "Widerrufsrecht"],
        ["/Informationen/Versand-und-Zahlung/", "Versand und Zahlung"],
        ["/Informationen/Kontakt/", "Kontaktformular"],
      ],
      footer: `<p class="footer-contact-hotline">Unterstützung und Beratung unter:<br><a href="tel:+4930616589230" class="footer-contact-link">030 616 589 230</a><br>Mo-Fr, 09:00 - 17:00 Uhr</p><p class="footer-contact-form">Oder über unser <a href="/Informationen/Kontakt/" class="footer-contact-link">Kontaktformular</a>.</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Startseite",
        main: `<div class="cms-section"><div class="cms-block cms-block-image-text"><h1>Frisch geröstet in Kreuzberg</h1><p>Seit 2011 rösten wir Spezialitätenkaffee in kleinen Chargen – direkt gehandelt, schonend im Trommelröster.</p></div></div>
${products("Unsere Bestseller", [p("Kreuzberg Blend 500 g", "14,90 €", "14.90", "EUR"), p("Espresso Oranienstraße 1 kg", "27,50 €", "27.50", "EUR"), p("Äthiopien Guji 250 g", "11,90 €", "11.90", "EUR"), p("Handfilter Keramik", "29,00 €", "29.00", "EUR")])}`,
      },
      "/Informationen/Impressum/": {
        title: "Impressum",
        main: `<div class="cms-element-text"><h1>Impressum</h1>
<p><strong>Kaffeerösterei Brandt GmbH</strong><br>Oranienstraße 185<br>10999 Berlin</p>
<p>Vertreten durch den Geschäftsführer: Jonas Brandt</p>
<p>Telefon: +49 30 616589230<br>E-Mail: hallo@kaffeeroesterei-brandt.de</p>
<p>Registergericht: Amtsgericht Charlottenburg<br>Registernummer: HRB 187342 B</p>
<p>Umsatzsteuer-Identifikationsnummer gemäß § 27 a Umsatzsteuergesetz: ${deVat("27481933")}</p>
<p>Plattform der EU-Kommission zur Online-Streitbeilegung: <a href="https://ec.europa.eu/consumers/odr" rel="nofollow">https://ec.europa.eu/consumers/odr</a>. Wir sind zur Teilnahme an einem Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle weder verpflichtet noch bereit.</p></div>`,
      },
      "/Informationen/Kontakt/": {
        title: "Kontakt",
        main: `<div class="cms-element-form"><h1>Kontaktformular</h1><form action="/form/contact" method="post" class="needs-validation"><div class="form-row"><label class="form-label" for="form-Salutation">Anrede*</label><select name="salutationId" id="form-Salutation" class="form-select contact-select" required><option disabled selected value="">Anrede eingeben ...</option><option value="1">Herr</option><option value="2">Frau</option></select></div><div class="form-row"><label for="form-email">E-Mail-Adresse*</label><input name="email" type="email" id="form-email" required class="form-control"></div><div class="form-row"><label for="form-comment">Kommentar*</label><textarea name="comment" id="form-comment" class="form-control" rows="8" required></textarea></div><button type="submit" class="btn btn-primary">Absenden</button></form></div>`,
      },
    }),
  ),

  site(
    {
      domain: "tischlerei-gruber.at",
      name: "Tischlerei Gruber",
      platform: "woocommerce",
      country: "AT",
      language: "de-AT",
      kind: "WooCommerce joinery in Linz, Firmenbuch number in the Impressum, listed in the register",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Landstraße address and FN 456789 x in the Impressum, the Firmenbuch lists it under this name at 4020 → gate:verified",
      },
      register: { register: "firmenbuch", number: "FN 456789 x", name: "Gruber Tischlerei GmbH", postcode: "4020" },
    },
    {
      nav: [
        ["/", "Start"],
        ["/shop/", "Shop"],
        ["/massanfertigung/", "Maßanfertigung"],
        ["/ueber-uns/", "Über uns"],
        ["/kontakt/", "Kontakt"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutz"],
        ["/agb/", "AGB"],
        ["/versand/", "Versand & Lieferung"],
      ],
      footer: `<p><strong>Gruber Tischlerei GmbH</strong><br>Landstraße 22<br>4020 Linz<br>Tel. +43 732 771245</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Start",
        main: `<div class="entry-content"><h1 class="wp-block-heading">Möbel aus Oberösterreich</h1><p>Massivholzmöbel aus heimischer Eiche und Zirbe, gefertigt in unserer Werkstatt in Linz.</p></div>
${products("Neu im Shop", [p("Zirbenbett Traun 160×200", "€ 1.890,00", "1890.00", "EUR"), p("Schneidbrett Eiche", "€ 49,00", "49.00", "EUR"), p("Couchtisch Pöstlingberg", "€ 1.299,00", "1299.00", "EUR")])}`,
      },
      "/impressum/": {
        title: "Impressum",
        main: `<article class="page type-page status-publish hentry"><header class="entry-header"><h1 class="entry-title">Impressum</h1></header><div class="entry-content">
<p>Informationspflicht laut § 5 E-Commerce Gesetz, § 14 Unternehmensgesetzbuch, § 63 Gewerbeordnung und Offenlegungspflicht laut § 25 Mediengesetz.</p>
<p>Gruber Tischlerei GmbH<br>Landstraße 22,<br>4020 Linz,<br>Österreich</p>
<p><strong>Unternehmensgegenstand:</strong> Tischlerei<br><strong>UID-Nummer:</strong> ${atUid("6123457")}<br><strong>Firmenbuchnummer:</strong> FN 456789 x<br><strong>Firmenbuchgericht:</strong> Landesgericht Linz<br><strong>Firmensitz:</strong> 4020 Linz</p>
<p><strong>Tel.:</strong> +43 732 771245<br><strong>E-Mail:</strong> <a href="mailto:office@tischlerei-gruber.at">office@tischlerei-gruber.at</a></p>
<p><strong>Mitglied bei:</strong> WKO, Landesinnung der Tischler OÖ<br><strong>Berufsrecht:</strong> Gewerbeordnung: www.ris.bka.gv.at</p>
<p><strong>Aufsichtsbehörde/Gewerbebehörde:</strong> Magistrat der Stadt Linz<br><strong>Berufsbezeichnung:</strong> Tischler<br><strong>Verleihungsstaat:</strong> Österreich</p>
<p><strong>Geschäftsführer</strong><br>Markus Gruber</p></div></article>`,
      },
      "/kontakt/": {
        title: "Kontakt",
        main: `<h1 class="entry-title">Kontakt</h1><div class="wpcf7 no-js" id="wpcf7-f12-p34-o1" lang="de-DE" dir="ltr"><form action="/kontakt/#wpcf7-f12-p34-o1" method="post" class="wpcf7-form init" novalidate="novalidate"><p><label> Ihr Name<br><span class="wpcf7-form-control-wrap" data-name="your-name"><input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" name="your-name" type="text"></span></label></p><p><label> Ihre Nachricht<br><textarea cols="40" rows="10" class="wpcf7-form-control wpcf7-textarea" name="your-message"></textarea></label></p><p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Senden"></p></form></div>`,
      },
    }),
  ),

  site(
    {
      domain: "velo-manufaktur-bern.ch",
      name: "Velomanufaktur Bern",
      platform: "shopify",
      country: "CH",
      language: "de-CH",
      kind: "Shopify bicycle maker, CHF prices, UID in the Impressum, listed in the commercial register",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Länggassstrasse address and UID on the legal notice; the register lists that UID under this name at 3012 → gate:verified",
      },
      register: { register: "zefix", number: chUid("11654321"), name: "Velomanufaktur Bern AG", postcode: "3012" },
    },
    {
      nav: [
        ["/collections/velos", "Velos"],
        ["/collections/zubehoer", "Zubehör"],
        ["/pages/werkstatt", "Werkstatt"],
        ["/pages/ueber-uns", "Über uns"],
      ],
      footerLinks: [
        ["/policies/legal-notice", "Impressum"],
        ["/policies/privacy-policy", "Datenschutz"],
        ["/policies/terms-of-service", "AGB"],
        ["/policies/shipping-policy", "Versand"],
      ],
      footer: `<p>Werkstatt &amp; Showroom: Di–Sa, 10–18 Uhr</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Velomanufaktur Bern",
        main: `<div class="banner__content page-width"><div class="banner__box content-container"><h2 class="banner__heading inline-richtext h0">Handgemacht in Bern</h2><div class="banner__text rte"><p>Stahlrahmen, gelötet in der Länggasse.</p></div></div></div>
${products("Aktuelle Modelle", [p("Stadtvelo Aare", "CHF 2'450.00", "2450.00", "CHF"), p("Gravel Gurten", "CHF 3'190.00", "3190.00", "CHF"), p("Klingel Messing", "CHF 49.–", "49.00", "CHF")])}`,
        jsonLd: [
          {
            "@context": "http://schema.org",
            "@type": "Organization",
            name: "Velomanufaktur Bern",
            logo: "https://velo-manufaktur-bern.ch/cdn/shop/files/logo.png?v=1699999999&width=500",
            sameAs: ["https://www.instagram.com/velomanufakturbern"],
            url: "https://velo-manufaktur-bern.ch",
          },
          {
            "@context": "http://schema.org",
            "@type": "WebSite",
            name: "Velomanufaktur Bern",
            potentialAction: {
              "@type": "SearchAction",
              target: "https://velo-manufaktur-bern.ch/search?q={search_term_string}",
              "query-input": "required name=search_term_string",
            },
            url: "https://velo-manufaktur-bern.ch",
          },
        ],
      },
      "/policies/legal-notice": {
        title: "Impressum",
        main: `<div class="shopify-policy__container"><div class="shopify-policy__title"><h1>Impressum</h1></div><div class="shopify-policy__body"><div class="rte">
<p>Velomanufaktur Bern AG<br>Länggassstrasse 40<br>3012 Bern<br>Schweiz</p>
<p>E-Mail: velo@velo-manufaktur-bern.ch<br>Telefon: +41 31 302 18 44</p>
<p>Handelsregistereintrag<br>Eingetragener Firmenname: Velomanufaktur Bern AG<br>Unternehmens-Nr: ${chUid("11654321")}</p>
<p>Mehrwertsteuernummer: ${chUid("11654321")} MWST</p>
<p>Vertretungsberechtigte Person: Nadine Aebersold, Geschäftsführerin</p></div></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "tennisclub-blau-weiss-rheine.de",
      name: "TC Blau-Weiß Rheine e.V.",
      platform: "wordpress",
      country: "DE",
      language: "de-DE",
      kind: "WordPress tennis club, registered association, Vereinsregister entry listed",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "a club sells nothing, but it states its address and VR number and the Vereinsregister lists it at 48431 → identity corroborated, gate:verified",
      },
      register: {
        register: "vereinsregister",
        number: "VR 1187",
        name: "Tennisclub Blau-Weiß Rheine e.V.",
        postcode: "48431",
      },
    },
    {
      nav: [
        ["/", "Aktuelles"],
        ["/mannschaften/", "Mannschaften"],
        ["/training/", "Training"],
        ["/mitglied-werden/", "Mitglied werden"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutz"],
      ],
      footer: `<p>Tennisclub Blau-Weiß Rheine e.V. · Am Sportpark 3 · 48431 Rheine</p>`,
      banner: "borlabs",
    },
    () => ({
      "/": {
        title: "Aktuelles",
        main: `<div class="wp-block-query"><ul class="wp-block-post-template"><li class="wp-block-post post-412 post type-post status-publish format-standard category-aktuelles"><h2 class="wp-block-post-title"><a href="/2026/11/saisonabschluss/">Saisonabschluss und Jahreshauptversammlung</a></h2><div class="wp-block-post-date"><time datetime="2026-11-02T18:00:00+01:00">2. November 2026</time></div><div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">Die Jahreshauptversammlung findet am 28. November im Clubhaus statt. Alle Mitglieder sind herzlich eingeladen …</p></div></li>
<li class="wp-block-post post-398 post type-post status-publish format-standard category-jugend"><h2 class="wp-block-post-title"><a href="/2026/10/jugend-meister/">U15 wird Kreismeister</a></h2><div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">Unsere U15-Juniorinnen haben sich ungeschlagen den Titel gesichert.</p></div></li></ul></div>`,
      },
      "/impressum/": {
        title: "Impressum",
        main: `<h1 class="wp-block-post-title">Impressum</h1><div class="entry-content wp-block-post-content">
<p>Angaben gemäß § 5 DDG</p>
<p>Tennisclub Blau-Weiß Rheine e.V.<br>Am Sportpark 3<br>48431 Rheine</p>
<p><strong>Vertreten durch den Vorstand:</strong><br>Claudia Terhorst (1. Vorsitzende)<br>Bernd Schulte-Althoff (2. Vorsitzender)</p>
<p><strong>Registereintrag:</strong><br>Eintragung im Vereinsregister.<br>Registergericht: Amtsgericht Steinfurt<br>Registernummer: VR 1187</p>
<p><strong>Kontakt:</strong><br>Telefon: 05971 54321<br>E-Mail: vorstand@tennisclub-blau-weiss-rheine.de</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "moebel-lindner-shop.de",
      name: "Möbel Lindner",
      platform: "woocommerce",
      country: "DE",
      language: "de-DE",
      kind: "WooCommerce furniture shop whose Impressum gives another company's HRB (copied imprint)",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "address stated; the HRB it prints is registered to Bergmann Logistik GmbH, so no corroboration → gate:unverified (never A)",
      },
      register: { register: "handelsregister", number: "HRB 72215", name: "Bergmann Logistik GmbH", postcode: "30159" },
    },
    {
      nav: [
        ["/shop/", "Alle Möbel"],
        ["/kategorie/sofas/", "Sofas"],
        ["/kategorie/tische/", "Tische"],
        ["/kontakt/", "Kontakt"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutzerklärung"],
        ["/agb/", "AGB"],
        ["/widerrufsrecht/", "Widerrufsrecht"],
      ],
      footer: `<p>Versandkostenfrei ab 99 €<br>Lieferzeit 3–5 Werktage</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Möbel Lindner",
        main: `${products("Sale – bis zu 60 % reduziert", [p("Ecksofa Malmö grau", "499,00 €", "499.00", "EUR"), p("Esstisch Eiche massiv 180 cm", "389,00 €", "389.00", "EUR"), p("Sessel Samt grün", "149,90 €", "149.90", "EUR")])}`,
      },
      "/impressum/": {
        title: "Impressum",
        main: `<h1 class="entry-title">Impressum</h1><div class="entry-content"><p>Angaben gemäß § 5 TMG:</p>
<p>Möbel Lindner GmbH<br>Lister Meile 40<br>30161 Hannover</p>
<p>Handelsregister: HRB 72215<br>Registergericht: Amtsgericht Hannover</p>
<p>Vertreten durch: Thomas Lindner</p><p>Kontakt: E-Mail: service@moebel-lindner-shop.de</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "outdoor-kraft.de",
      name: "Outdoor Kraft",
      platform: "shopify",
      country: "DE",
      language: "de-DE",
      kind: "Shopify outdoor shop; its HRB is registered under its name but at an office in another town",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "address in Freiburg stated; the register has the company at 80331 München, not the site's postcode → no match, gate:unverified",
      },
      register: { register: "handelsregister", number: "HRB 219876", name: "Outdoor Kraft GmbH", postcode: "80331" },
    },
    {
      nav: [
        ["/collections/zelte", "Zelte"],
        ["/collections/rucksaecke", "Rucksäcke"],
        ["/collections/sale", "Sale"],
      ],
      footerLinks: DE_FOOTER_LINKS,
      footer: `<p>Outdoor Kraft GmbH · Kaiser-Joseph-Straße 210 · 79098 Freiburg im Breisgau</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Outdoor Kraft",
        main: products("Beliebt", [
          p("Trekkingrucksack 45 L", "€129,95 EUR", "129.95", "EUR"),
          p("Kuppelzelt 2P", "€219,00 EUR", "219.00", "EUR"),
          p("Stirnlampe 400 lm", "€34,90 EUR", "34.90", "EUR"),
        ]),
      },
      "/policies/legal-notice": {
        title: "Impressum",
        main: `<div class="shopify-policy__container"><h1 class="shopify-policy__title">Impressum</h1><div class="shopify-policy__body"><div class="rte"><p>Outdoor Kraft GmbH<br>Kaiser-Joseph-Straße 210<br>79098 Freiburg im Breisgau<br>Deutschland</p><p>Geschäftsführer: Lukas Kraft<br>Amtsgericht München, HRB 219876<br>USt-IdNr.: ${deVat("31415926")}</p><p>Tel.: +49 761 4587 220<br>E-Mail: info@outdoor-kraft.de</p></div></div></div>`,
      },
      "/pages/kontakt": { title: "Kontakt", main: `<h1>Kontakt</h1><p>Schreib uns: info@outdoor-kraft.de</p>` },
    }),
  ),

  site(
    {
      domain: "strickwaren-hansen.de",
      name: "Strickwaren Hansen",
      platform: "shopify",
      country: "DE",
      language: "de-DE",
      kind: "Shopify knitwear shop of a sole trader, Impressum under Shopify's legal-notice policy",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Inhaberin and Flensburg street address in the Impressum, no register entry → gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/pullover", "Pullover"],
        ["/collections/muetzen-schals", "Mützen & Schals"],
        ["/collections/wolle", "Wolle"],
        ["/pages/ueber-uns", "Über uns"],
      ],
      footerLinks: DE_FOOTER_LINKS,
      footer: `<p>Gestrickt an der Förde 🧶</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Strickwaren Hansen",
        main: products("Neu eingetroffen", [
          p("Fischerpullover Norderstrand", "€189,00 EUR", "189.00", "EUR"),
          p("Mütze Glücksburg", "€39,00 EUR", "39.00", "EUR"),
          p("Merinowolle 100 g", "€12,50 EUR", "12.50", "EUR"),
        ]),
        jsonLd: [
          {
            "@context": "http://schema.org",
            "@type": "Organization",
            name: "Strickwaren Hansen",
            url: "https://strickwaren-hansen.de",
          },
        ],
      },
      "/policies/legal-notice": {
        title: "Impressum",
        main: `<div class="shopify-policy__container"><div class="shopify-policy__title"><h1>Impressum</h1></div><div class="shopify-policy__body"><div class="rte"><p><strong>Strickwaren Hansen</strong><br>Inhaberin: Inga Hansen<br>Norderhofenden 9<br>24937 Flensburg</p><p>Telefon: 0461 1502277<br>E-Mail: moin@strickwaren-hansen.de</p><p>Umsatzsteuer-ID: ${deVat("28761430")}</p><p>Verbraucherstreitbeilegung: Wir sind nicht bereit oder verpflichtet, an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.</p></div></div></div>`,
      },
      "/pages/kontakt": {
        title: "Kontakt",
        main: `<div class="page-width"><h1 class="main-page-title page-title h0">Kontakt</h1><form method="post" action="/contact#ContactForm" id="ContactForm" accept-charset="UTF-8" class="isolate"><input type="hidden" name="form_type" value="contact"><input type="hidden" name="utf8" value="✓"><div class="field"><input class="field__input" autocomplete="name" type="text" id="ContactForm-name" name="contact[Name]" placeholder="Name"><label class="field__label" for="ContactForm-name">Name</label></div><div class="field"><textarea rows="10" id="ContactForm-body" class="text-area field__input" name="contact[Kommentar]" placeholder="Kommentar"></textarea></div><div class="contact__button"><button type="submit" class="button">Senden</button></div></form></div>`,
      },
    }),
  ),

  site(
    {
      domain: "baeckerei-wolf-bamberg.de",
      name: "Bäckerei Wolf",
      platform: "wix",
      country: "DE",
      language: "de-DE",
      kind: "Wix site of a local bakery, no shop, address in rich-text footer spans",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "a street address in Bamberg in the footer and Impressum; nothing corroborates it → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Start"],
        ["/sortiment", "Sortiment"],
        ["/filialen", "Filialen"],
        ["/impressum", "Impressum"],
      ],
      footerLinks: [
        ["/impressum", "Impressum"],
        ["/datenschutz", "Datenschutz"],
      ],
      footer: `<p class="font_8 wixui-rich-text__text" style="text-align:center;"><span style="letter-spacing:normal;" class="wixui-rich-text__text"><span class="color_15 wixui-rich-text__text">Bäckerei Wolf</span></span></p>
<p class="font_8 wixui-rich-text__text" style="text-align:center;"><span class="wixui-rich-text__text">Obere Königstraße 17</span></p>
<p class="font_8 wixui-rich-text__text" style="text-align:center;"><span class="wixui-rich-text__text">96052 Bamberg</span></p>
<p class="font_8 wixui-rich-text__text" style="text-align:center;"><span class="wixui-rich-text__text">Tel. 0951 23456</span></p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Start",
        main: `<section id="comp-lp1" class="wixui-section"><div id="comp-lp1a" class="KcpHeO tz5f0K wixui-rich-text" data-testid="richTextElement"><h1 class="font_0 wixui-rich-text__text" style="font-size:48px;"><span class="wixui-rich-text__text">Seit 1921 backen wir in Bamberg</span></h1><p class="font_8 wixui-rich-text__text">Brot, Brötchen und fränkische Spezialitäten – täglich frisch ab 6 Uhr.</p></div></section>`,
      },
      "/impressum": {
        title: "Impressum",
        main: `<section class="wixui-section"><div class="KcpHeO tz5f0K wixui-rich-text" data-testid="richTextElement"><h2 class="font_2 wixui-rich-text__text">Impressum</h2><p class="font_8 wixui-rich-text__text">Bäckerei Wolf</p><p class="font_8 wixui-rich-text__text">Inhaber: Georg Wolf, Bäckermeister</p><p class="font_8 wixui-rich-text__text">Obere Königstraße 17</p><p class="font_8 wixui-rich-text__text">96052 Bamberg</p><p class="font_8 wixui-rich-text__text">&nbsp;</p><p class="font_8 wixui-rich-text__text">Telefon: 0951 23456</p><p class="font_8 wixui-rich-text__text">E-Mail: info@baeckerei-wolf-bamberg.de</p><p class="font_8 wixui-rich-text__text">Zuständige Kammer: Handwerkskammer für Oberfranken</p></div></section>`,
      },
    }),
  ),

  site(
    {
      domain: "weinbau-hofer.at",
      name: "Weinbau Hofer",
      platform: "woocommerce",
      country: "AT",
      language: "de-AT",
      kind: "WooCommerce winery shop, Austrian price format, Impressum per ECG",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Kellergasse address in footer and Impressum, sole trader without register entry → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Start"],
        ["/weine/", "Unsere Weine"],
        ["/heuriger/", "Heuriger"],
        ["/kontakt/", "Kontakt"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutz"],
        ["/agb/", "AGB"],
      ],
      footer: `<p>Weinbau Hofer<br>Kellergasse 12<br>A-3482 Gösing am Wagram</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Start",
        main: `<p>Grüner Veltliner und Roter Veltliner vom Wagram – ab Hof und online.</p>
${products("Unsere Weine", [p("Grüner Veltliner Ried Fumberg 2025", "€ 12,90", "12.90", "EUR"), p("Roter Veltliner Reserve 2024", "€ 18,50", "18.50", "EUR"), p("Probierpaket 6 Flaschen", "€ 69,00", "69.00", "EUR")])}`,
      },
      "/impressum/": {
        title: "Impressum",
        main: `<h1 class="entry-title">Impressum</h1><div class="entry-content"><p>Weinbau Hofer<br>Johann Hofer<br>Kellergasse 12<br>3482 Gösing am Wagram<br>Österreich</p><p>UID: ${atUid("5877411")}<br>Tel.: +43 2738 2291<br>E-Mail: wein@weinbau-hofer.at</p><p>Mitglied der Wirtschaftskammer Niederösterreich, Landwirtschaftskammer NÖ.</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "kaesehandel-zimmermann.ch",
      name: "Käsehandel Zimmermann",
      platform: "shopware",
      country: "CH",
      language: "de-CH",
      kind: "Shopware cheese shop in Lucerne, prices written CHF 49.–, UID not in any register feed",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "company and CH-6004 Luzern address in the Impressum; no register match provided → gate:unverified",
      },
    },
    {
      nav: [
        ["/Hartkaese/", "Hartkäse"],
        ["/Weichkaese/", "Weichkäse"],
        ["/Geschenkkoerbe/", "Geschenkkörbe"],
      ],
      footerLinks: [
        ["/Impressum/", "Impressum"],
        ["/Datenschutz/", "Datenschutz"],
        ["/AGB/", "AGB"],
        ["/Kontakt/", "Kontakt"],
      ],
      footer: `<p><a href="tel:+41412101122">041 210 11 22</a><br>Mo–Fr 8–12 Uhr</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Käsehandel Zimmermann",
        main: products("Spezialitäten", [
          p("Sbrinz AOP 24 Monate, 500 g", "CHF 19.80", "19.80", "CHF"),
          p("Emmentaler Höhlengereift, 1 kg", "CHF 42.–", "42.00", "CHF"),
          p("Geschenkkorb Pilatus", "CHF 89.–", "89.00", "CHF"),
        ]),
      },
      "/Impressum/": {
        title: "Impressum",
        main: `<div class="cms-element-text"><h1>Impressum</h1><p>Zimmermann Käsehandel GmbH<br>Hertensteinstrasse 8<br>CH-6004 Luzern</p><p>Geschäftsführung: Beat Zimmermann<br>Handelsregister des Kantons Luzern<br>UID: ${chUid("10987651")}</p><p>E-Mail: bestellung@kaesehandel-zimmermann.ch</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "uhrmacher-gerber.ch",
      name: "Uhrmacher Gerber",
      platform: "handwritten",
      country: "CH",
      language: "de-CH",
      kind: "hand-written watchmaker's site, French-Swiss address on the contact page only, no shop",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "workshop street address on the contact page; nothing sold, nothing corroborated → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Atelier"],
        ["/service.html", "Revision & Reparatur"],
        ["/kontakt.html", "Kontakt"],
      ],
      footerLinks: [["/kontakt.html", "Kontakt"]],
      footer: `<p>© 2026 Uhrmacher Gerber</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Atelier",
        main: `<h1>Uhrmacheratelier Gerber</h1><p>Revision, Restaurierung und Reparatur mechanischer Uhren seit drei Generationen.</p><p>Termine nach Vereinbarung.</p>`,
      },
      "/service.html": {
        title: "Revision & Reparatur",
        main: `<h1>Revision &amp; Reparatur</h1><table><tr><td>Revision Handaufzug</td><td>ab Fr. 280.–</td></tr><tr><td>Revision Automatik</td><td>ab Fr. 350.–</td></tr></table><p>Kostenvoranschlag gratis.</p>`,
      },
      "/kontakt.html": {
        title: "Kontakt",
        main: `<h1>Kontakt</h1><p>Atelier Gerber<br>Thomas Gerber, Uhrmachermeister<br>Rue du Seyon 11<br>2000 Neuchâtel</p><p>Tel. 032 724 18 90<br><a href="mailto:atelier@uhrmacher-gerber.ch">atelier@uhrmacher-gerber.ch</a></p><p>Öffnungszeiten: Mi–Fr 14–18 Uhr, Sa 9–12 Uhr</p>`,
      },
    }),
  ),

  site(
    {
      domain: "mode-outlet-lina.de",
      name: "LINA Mode",
      platform: "shopify",
      country: "DE",
      language: "de-DE",
      kind: "Shopify fashion store whose only address is in JSON-LD: a Store with a parentOrganization",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "the operator's street address is given in structured data (parentOrganization of the Store) → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/neu", "Neu"],
        ["/collections/kleider", "Kleider"],
        ["/collections/sale", "Sale"],
      ],
      footerLinks: [
        ["/policies/privacy-policy", "Datenschutz"],
        ["/policies/terms-of-service", "AGB"],
        ["/policies/refund-policy", "Widerruf"],
      ],
      footer: `<p>Newsletter abonnieren und 10 % sparen</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "LINA Mode",
        main: products("Trends", [
          p("Strickkleid Alva", "€59,95 EUR", "59.95", "EUR"),
          p("Bluse Ella", "€39,95 EUR", "39.95", "EUR"),
          p("Wollmantel Mira", "€149,00 EUR", "149.00", "EUR"),
        ]),
        jsonLd: [
          {
            "@context": "https://schema.org",
            "@type": "ClothingStore",
            name: "LINA Mode",
            url: "https://mode-outlet-lina.de",
            parentOrganization: {
              "@type": "Organization",
              name: "Lina Textilhandel GmbH",
              address: {
                "@type": "PostalAddress",
                streetAddress: "Hohe Straße 118",
                postalCode: "50667",
                addressLocality: "Köln",
                addressCountry: "DE",
              },
            },
          },
        ],
      },
    }),
  ),

  site(
    {
      domain: "vitalkraft-versand.de",
      name: "VitalKraft Versand",
      platform: "woocommerce",
      country: "DE",
      language: "de-DE",
      kind: "WooCommerce supplement shop whose Impressum gives only a Postfach",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "it sells; the only address is Postfach 10 12 34 — a mail drop is no place of business → gate:no_location",
      },
    },
    {
      nav: [
        ["/shop/", "Shop"],
        ["/kategorie/vitamine/", "Vitamine"],
        ["/kategorie/mineralstoffe/", "Mineralstoffe"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutz"],
        ["/agb/", "AGB"],
        ["/widerruf/", "Widerrufsbelehrung"],
      ],
      footer: `<p>Schneller Versand mit DHL · Kauf auf Rechnung</p>`,
      banner: "borlabs",
    },
    ({ products }) => ({
      "/": {
        title: "VitalKraft",
        main: products("Bestseller", [
          p("Vitamin D3 + K2 Tropfen", "19,90 €", "19.90", "EUR"),
          p("Magnesium 400 Kapseln", "14,95 €", "14.95", "EUR"),
          p("Zink Bisglycinat", "12,49 €", "12.49", "EUR"),
        ]),
      },
      "/impressum/": {
        title: "Impressum",
        main: `<h1 class="entry-title">Impressum</h1><div class="entry-content"><p>VitalKraft Versand<br>Inhaber: D. Peters<br>Postfach 10 12 34<br>20008 Hamburg</p><p>E-Mail: service@vitalkraft-versand.de</p><p>USt-IdNr.: ${deVat("29384756")}</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "sportnahrung-profi.de",
      name: "Sportnahrung Profi",
      platform: "shopware",
      country: "DE",
      language: "de-DE",
      kind: "Shopware sports nutrition shop whose Impressum gives a name, phone and e-mail but no address",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells (cart, buy forms, prices) and gives no postal address anywhere → gate:no_location",
      },
    },
    {
      nav: [
        ["/Protein/", "Protein"],
        ["/Riegel/", "Riegel"],
        ["/Vitamine/", "Vitamine"],
      ],
      footerLinks: [
        ["/Impressum/", "Impressum"],
        ["/Datenschutz/", "Datenschutz"],
        ["/AGB/", "AGB"],
      ],
      footer: `<p>WhatsApp-Support täglich 9–21 Uhr</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Sportnahrung Profi",
        main: products("Angebote", [
          p("Whey Protein 1 kg Schoko", "24,99 €", "24.99", "EUR"),
          p("Creatin Monohydrat 500 g", "17,99 €", "17.99", "EUR"),
          p("Proteinriegel 12er", "19,49 €", "19.49", "EUR"),
        ]),
      },
      "/Impressum/": {
        title: "Impressum",
        main: `<div class="cms-element-text"><h1>Impressum</h1><p>Sportnahrung Profi<br>Verantwortlich: M. Yilmaz</p><p>Telefon: +49 176 20431188<br>E-Mail: kontakt@sportnahrung-profi.de</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "elektro-discount-24.at",
      name: "Elektro Discount 24",
      platform: "magento",
      country: "AT",
      language: "de-AT",
      kind: "Magento electronics discounter with tocart forms and no address anywhere",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "Magento tocart forms and prices, no postal address on any page → gate:no_location",
      },
    },
    {
      nav: [
        ["/fernseher.html", "Fernseher"],
        ["/haushalt.html", "Haushalt"],
        ["/angebote.html", "Angebote"],
      ],
      footerLinks: [
        ["/kontakt", "Kontakt"],
        ["/datenschutz", "Datenschutz"],
        ["/agb", "AGB"],
      ],
      footer: `<p>Zahlung: Vorkasse, Sofortüberweisung</p>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Top-Angebote", [
          p('Smart-TV 55" 4K', "€ 379,00", "379.00", "EUR"),
          p("Kaffeevollautomat", "€ 249,00", "249.00", "EUR"),
          p("Staubsauger-Roboter", "€ 159,00", "159.00", "EUR"),
        ]),
      },
      "/kontakt": {
        title: "Kontakt",
        main: `<h1 class="page-title"><span class="base">Kontakt</span></h1><form class="form contact" action="/contact/index/post/" id="contact-form" method="post"><fieldset class="fieldset"><legend class="legend"><span>Schreiben Sie uns</span></legend><div class="field email required"><label class="label" for="email"><span>E-Mail</span></label><input name="email" id="email" type="email"></div><div class="field comment required"><textarea name="comment" id="comment" cols="5" rows="3"></textarea></div></fieldset><div class="actions-toolbar"><button type="submit" class="action submit primary"><span>Senden</span></button></div></form>`,
      },
    }),
  ),

  site(
    {
      domain: "nike-schuhe-sale-outlet.de",
      name: "Sneaker Outlet",
      platform: "shopify",
      country: "DE",
      language: "de-DE",
      kind: "Shopify shop imitating Nike inside a longer domain name, 70 % off, with an address",
      expected: {
        rating: "X",
        ratingInfo: "negative_info",
        why: "the domain carries the Nike brand and the shop poses as its outlet; imitating a brand is negative information whatever address it prints → gate:negative_info",
      },
    },
    {
      nav: [
        ["/collections/air-max", "Air Max"],
        ["/collections/jordan", "Jordan"],
        ["/collections/sale", "SALE -70%"],
      ],
      footerLinks: DE_FOOTER_LINKS,
      footer: `<p>Offizieller Nike Outlet Store Deutschland</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Nike Outlet",
        main: products("NIKE SALE bis -70%", [
          p("Nike Air Max 90", "€49,99 EUR", "49.99", "EUR"),
          p("Nike Air Force 1 '07", "€44,99 EUR", "44.99", "EUR"),
          p("Air Jordan 1 Mid", "€59,99 EUR", "59.99", "EUR"),
        ]),
        jsonLd: [
          offersLd([
            p("Nike Air Max 90", "€49,99 EUR", "49.99", "EUR"),
            p("Nike Air Force 1 '07", "€44,99 EUR", "44.99", "EUR"),
          ]),
        ],
      },
      "/policies/legal-notice": {
        title: "Impressum",
        main: `<div class="shopify-policy__container"><h1>Impressum</h1><div class="shopify-policy__body"><div class="rte"><p>Nike Outlet Store<br>Friedrichstraße 68<br>10117 Berlin</p><p>E-Mail: support@nike-schuhe-sale-outlet.de</p></div></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "wanderlust-notizen.de",
      name: "Wanderlust Notizen",
      platform: "wordpress",
      country: "DE",
      language: "de-DE",
      kind: "WordPress hiking blog, no shop, no address (e-mail only)",
      expected: {
        rating: "U",
        ratingInfo: "non_commercial",
        why: "nothing for sale and no postal address → gate:non_commercial",
      },
    },
    {
      nav: [
        ["/", "Blog"],
        ["/touren/", "Touren"],
        ["/ueber-mich/", "Über mich"],
      ],
      footerLinks: [
        ["/ueber-mich/", "Über mich"],
        ["/datenschutz/", "Datenschutz"],
      ],
      footer: `<p>Ein privates Wanderblog. Schreib mir: hallo@wanderlust-notizen.de</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Blog",
        main: `<article class="post"><h2 class="wp-block-post-title"><a href="/2026/10/allgaeuer-hochalpen/">Drei Tage über den Heilbronner Weg</a></h2><p>Der Heilbronner Weg gilt als einer der schönsten Höhenwege der Allgäuer Alpen …</p></article><article class="post"><h2 class="wp-block-post-title"><a href="/2026/09/saechsische-schweiz/">Malerweg im Herbst</a></h2><p>Acht Etappen, Sandstein und Nebel.</p></article>`,
      },
      "/ueber-mich/": {
        title: "Über mich",
        main: `<h1>Über mich</h1><p>Ich bin Jana, wandere seit zwanzig Jahren und schreibe hier über meine Touren. Keine Werbung, keine Affiliate-Links.</p>`,
      },
    }),
  ),

  site(
    {
      domain: "schachverein-springer-koeln.de",
      name: "Schachverein Springer Köln 1952 e.V.",
      platform: "wordpress",
      country: "DE",
      language: "de-DE",
      kind: "WordPress chess club with an address in its Impressum; its register entry is not in any feed",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "non-commercial, but an address is stated; with no register answer the identity is stated, not corroborated → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Neuigkeiten"],
        ["/spielabende/", "Spielabende"],
        ["/jugend/", "Jugend"],
      ],
      footerLinks: [
        ["/impressum/", "Impressum"],
        ["/datenschutz/", "Datenschutz"],
      ],
      footer: `<p>Spiellokal: Bürgerhaus Kalk, Kalk-Mülheimer Str. 58, 51103 Köln – freitags ab 19 Uhr</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Neuigkeiten",
        main: `<article class="post"><h2><a href="/2026/11/vereinsmeisterschaft/">Vereinsmeisterschaft 2026: Endstand</a></h2><p>Mit 6,5 aus 7 gewinnt Aylin Demir die Vereinsmeisterschaft.</p></article>`,
      },
      "/impressum/": {
        title: "Impressum",
        main: `<h1>Impressum</h1><p>Schachverein Springer Köln 1952 e.V.<br>c/o Dr. Peter Wirtz<br>Deutz-Mülheimer Straße 127<br>51063 Köln</p><p>Vereinsregister: Amtsgericht Köln, VR 4512</p><p>Vorstand: Dr. Peter Wirtz, Aylin Demir</p><p>E-Mail: vorstand@schachverein-springer-koeln.de</p>`,
      },
    }),
  ),

  site(
    {
      domain: "fotograf-kessler.de",
      name: "Anna Kessler Fotografie",
      platform: "squarespace",
      country: "DE",
      language: "de-DE",
      kind: "Squarespace photographer portfolio: Organization JSON-LD with the address as one plain string",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "the address is stated (Impressum and JSON-LD address string); no corroboration → gate:unverified",
      },
    },
    {
      nav: [
        ["/hochzeiten", "Hochzeiten"],
        ["/portraits", "Portraits"],
        ["/kontakt", "Kontakt"],
      ],
      footerLinks: [
        ["/impressum", "Impressum"],
        ["/datenschutz", "Datenschutz"],
      ],
      footer: `<p class="" style="white-space:pre-wrap;">Anna Kessler Fotografie — Leipzig &amp; überall</p>`,
      banner: "custom",
    },
    () => ({
      "/": {
        title: "Anna Kessler Fotografie",
        main: `<section class="page-section"><div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h1 style="white-space:pre-wrap;">Hochzeits- und Portraitfotografie in Leipzig</h1><p class="" style="white-space:pre-wrap;">Natürliche Bilder, ehrliche Momente.</p></div></div></section>`,
        jsonLd: [
          {
            url: "https://fotograf-kessler.de",
            name: "Anna Kessler Fotografie",
            "@context": "http://schema.org",
            "@type": "WebSite",
          },
          {
            legalName: "Anna Kessler Fotografie",
            address: "Karl-Liebknecht-Straße 93\n04275 Leipzig\nDeutschland",
            email: "mail@fotograf-kessler.de",
            telephone: "+49 341 3018877",
            sameAs: [],
            "@context": "http://schema.org",
            "@type": "Organization",
          },
        ],
      },
      "/impressum": {
        title: "Impressum",
        main: `<section class="page-section"><div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h2 style="white-space:pre-wrap;">Impressum</h2><p class="" style="white-space:pre-wrap;">Anna Kessler<br>Karl-Liebknecht-Straße 93<br>04275 Leipzig</p><p class="" style="white-space:pre-wrap;">Telefon: 0341 3018877<br>E-Mail: mail@fotograf-kessler.de</p><p class="" style="white-space:pre-wrap;">Steuernummer: 231/264/07712</p></div></div></section>`,
      },
      "/kontakt": {
        title: "Kontakt",
        main: `<div class="sqs-block form-block sqs-block-form"><div class="sqs-block-content"><div class="form-wrapper"><form data-form-id="6a1b"><input type="text" name="fname" aria-label="Vorname"><input type="email" name="email"><textarea name="message"></textarea><button type="submit" class="button sqs-system-button sqs-editable-button sqs-button-element--primary">Senden</button></form></div></div></div>`,
      },
    }),
  ),
];
