/** @module hartmann-werkzeuge.de — a German tool shop (GmbH) with a complete Impressum: identified, not corroborated (Q). */
import { htmlDocument, jsonLdScript, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

const BRAND = "Hartmann Werkzeuge";
const LEGAL_NAME = "Hartmann Werkzeuge GmbH";
const PHONE_TEXT = "+49 202 769 84 10";
const PHONE_TEL = "+492027698410";
const FAX_TEXT = "+49 202 769 84 19";
const EMAIL = "info@hartmann-werkzeuge.de";
/** ISO 7064 MOD 11,10 check digit 9: 2,7,4,1,9,3,6,5 → 9. */
export const HARTMANN_VAT_ID = "DE274193659";
const VAT_TEXT = "DE 274 193 659";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#1d2327;background:#f4f5f6;line-height:1.5}
a{color:#0b5394}
.topbar{background:#1d2327;color:#e8eaec;font-size:.85rem;padding:.35rem 1.5rem;display:flex;justify-content:space-between;flex-wrap:wrap}
.topbar a{color:#ffd24d}
header.site{background:#fff;border-bottom:4px solid #e8a000;padding:1rem 1.5rem;display:flex;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:1rem}
.logo{font-size:1.6rem;font-weight:800;letter-spacing:-.02em;color:#1d2327;text-decoration:none}
.logo span{color:#e8a000}
nav.main a{margin-right:1.1rem;text-decoration:none;font-weight:600;color:#1d2327}
nav.main a[aria-current]{color:#e8a000}
.cart{background:#e8a000;color:#1d2327;padding:.45rem .9rem;border-radius:4px;text-decoration:none;font-weight:700}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
.hero{background:#1d2327;color:#fff;padding:2rem;border-radius:6px;margin-bottom:1.5rem}
.hero h1{margin-top:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
.product{background:#fff;border:1px solid #d8dcdf;border-radius:6px;padding:1rem;display:flex;flex-direction:column}
.product h3{font-size:1.05rem;margin:.2rem 0 .4rem}
.sku{font-size:.8rem;color:#6b7378}
.price{font-size:1.35rem;font-weight:800;margin:.6rem 0 .1rem}
.tax{font-size:.8rem;color:#6b7378;margin:0 0 .8rem}
.stock{color:#2e7d32;font-size:.85rem}
button{background:#e8a000;border:0;border-radius:4px;padding:.6rem .9rem;font-weight:700;cursor:pointer;width:100%}
.usp{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:1rem;margin:1.5rem 0}
.usp div{background:#fff;border-left:4px solid #e8a000;padding:.8rem 1rem}
.panel{background:#fff;border:1px solid #d8dcdf;border-radius:6px;padding:1.25rem 1.5rem;margin-bottom:1rem}
address{font-style:normal}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e6e8}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input,textarea,select{width:100%;padding:.5rem;border:1px solid #b9c0c5;border-radius:4px;font:inherit}
footer.site{background:#1d2327;color:#c9ced2;margin-top:2rem;padding:2rem 1.5rem;font-size:.9rem}
footer.site a{color:#e8eaec}
.cols{max-width:72rem;margin:0 auto;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1.5rem}
footer.site ul{list-style:none;padding:0;margin:0}
.legal{max-width:72rem;margin:1.5rem auto 0;border-top:1px solid #3a4247;padding-top:1rem;font-size:.8rem}
`;

function layout(path: string, title: string, main: string, head = ""): string {
  const body = `<div class="topbar"><span>Versandkostenfrei ab 75,00 € innerhalb Deutschlands</span><span>Fachberatung: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a> (Mo–Fr 8–17 Uhr)</span></div>
<header class="site">
  <a class="logo" href="/">Hartmann<span>Werkzeuge</span></a>
  <nav class="main" aria-label="Hauptnavigation">
    ${navLink("/", "Sortiment", path)}
    ${navLink("/versand-und-rueckgabe", "Versand & Rückgabe", path)}
    ${navLink("/kontakt", "Kontakt", path)}
    ${navLink("/impressum", "Impressum", path)}
  </nav>
  <a class="cart" href="/warenkorb">Warenkorb (0)</a>
</header>
<main>
${main}
</main>
<footer class="site">
  <div class="cols">
    <div>
      <h4>${BRAND}</h4>
      <p>Werkzeug, Messtechnik und Werkstattbedarf für Handwerk und Industrie – aus Wuppertal, seit 1962.</p>
    </div>
    <div>
      <h4>Service</h4>
      <ul>
        <li><a href="/kontakt">Kontakt</a></li>
        <li><a href="/versand-und-rueckgabe">Versand und Rückgabe</a></li>
        <li><a href="/versand-und-rueckgabe#widerruf">Widerrufsbelehrung</a></li>
        <li><a href="/warenkorb">Warenkorb</a></li>
      </ul>
    </div>
    <div>
      <h4>Rechtliches</h4>
      <ul>
        <li><a href="/impressum">Impressum</a></li>
        <li><a href="/agb">AGB</a></li>
        <li><a href="/datenschutz">Datenschutzerklärung</a></li>
      </ul>
    </div>
    <div>
      <h4>Zahlungsarten</h4>
      <p>PayPal · Kauf auf Rechnung · Vorkasse · Kreditkarte (Visa, Mastercard) · SEPA-Lastschrift</p>
    </div>
  </div>
  <p class="legal">© 2026 ${LEGAL_NAME} · Alle Preise in Euro inkl. gesetzlicher MwSt., zzgl. <a href="/versand-und-rueckgabe">Versandkosten</a>.</p>
</footer>`;
  return htmlDocument({
    lang: "de",
    title: path === "/" ? `${BRAND} – Profi-Werkzeug aus Wuppertal` : `${title} | ${BRAND}`,
    description: "Hartmann Werkzeuge: Handwerkzeug, Elektrowerkzeug und Messtechnik für Profis. Versand aus Wuppertal.",
    css: CSS,
    head,
    body,
  });
}

interface Product {
  name: string;
  sku: string;
  price: string;
  note: string;
}

const PRODUCTS: Product[] = [
  { name: "Steckschlüsselsatz 1/2″, 24-teilig", sku: "HW-10241", price: "89,90 €", note: "Chrom-Vanadium, im Koffer" },
  { name: "Drehmomentschlüssel 40–200 Nm", sku: "HW-20418", price: "129,00 €", note: "kalibriert, mit Prüfschein" },
  { name: "Schraubendreher-Set VDE, 7-teilig", sku: "HW-30107", price: "44,95 €", note: "isoliert bis 1000 V" },
  { name: "Akku-Bohrschrauber 18 V, 2 Akkus", sku: "HW-40218", price: "219,00 €", note: "inkl. Ladegerät und L-Boxx" },
  { name: "Digitaler Messschieber 150 mm", sku: "HW-50150", price: "39,90 €", note: "Ablesung 0,01 mm, IP54" },
  {
    name: "Werkstattwagen, 7 Schubladen",
    sku: "HW-60707",
    price: "489,00 €",
    note: "leer, kugelgelagert, abschließbar",
  },
];

function productCard(p: Product): string {
  return `<article class="product">
  <h3>${p.name}</h3>
  <div class="sku">Art.-Nr. ${p.sku} · ${p.note}</div>
  <p class="price">${p.price}</p>
  <p class="tax">inkl. 19 % MwSt., zzgl. <a href="/versand-und-rueckgabe">Versand</a></p>
  <p class="stock">● Sofort lieferbar, 1–3 Werktage</p>
  <form method="post" action="/warenkorb"><input type="hidden" name="sku" value="${p.sku}"><button type="submit">In den Warenkorb</button></form>
</article>`;
}

const ORGANIZATION = {
  "@context": "https://schema.org",
  "@type": "Organization",
  name: BRAND,
  legalName: LEGAL_NAME,
  url: "http://hartmann-werkzeuge.de/",
  email: EMAIL,
  telephone: "+49 202 7698410",
  faxNumber: "+49 202 7698419",
  vatID: HARTMANN_VAT_ID,
  foundingDate: "1962",
  address: {
    "@type": "PostalAddress",
    streetAddress: "Industriestraße 12",
    postalCode: "42103",
    addressLocality: "Wuppertal",
    addressRegion: "Nordrhein-Westfalen",
    addressCountry: "DE",
  },
};

const HOME = layout(
  "/",
  "Sortiment",
  `<section class="hero">
  <h1>Profi-Werkzeug aus Wuppertal</h1>
  <p>Über 8.000 Artikel für Werkstatt, Baustelle und Industrie – geprüft von unseren Werkzeugmachermeistern und ab Lager Wuppertal versandt.</p>
</section>
<section class="usp" aria-label="Unsere Vorteile">
  <div><strong>Versand in 1–3 Werktagen</strong><br>Bestellungen bis 14 Uhr verlassen am selben Tag das Lager.</div>
  <div><strong>30 Tage Rückgaberecht</strong><br>Freiwillig verlängert – <a href="/versand-und-rueckgabe">Details zu Versand und Rückgabe</a>.</div>
  <div><strong>Kauf auf Rechnung</strong><br>Für Gewerbekunden und Privatkunden.</div>
</section>
<h2 id="angebote">Angebote der Woche</h2>
<div class="grid">
${PRODUCTS.map(productCard).join("\n")}
</div>
<section class="panel" style="margin-top:1.5rem">
  <h2>Fachhandel seit 1962</h2>
  <p>Die ${LEGAL_NAME} ist ein familiengeführter Werkzeughandel im Wuppertaler Osten. Was 1962 als Eisenwarenhandlung begann, ist heute ein Versandhandel für Handwerksbetriebe in ganz Deutschland und Europa. Unsere Ladenausstellung in der Industriestraße ist montags bis freitags geöffnet.</p>
  <p>Fragen zu einem Artikel? <a href="/kontakt">Kontaktieren Sie unsere Fachberatung</a>.</p>
</section>`,
  jsonLdScript(ORGANIZATION),
);

const IMPRESSUM = layout(
  "/impressum",
  "Impressum",
  `<div class="panel">
<h1>Impressum</h1>
<h2>Angaben gemäß § 5 DDG</h2>
<p>${LEGAL_NAME}<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</p>
<h2>Vertreten durch die Geschäftsführer</h2>
<p>Thomas Hartmann<br>Dr. Claudia Brenner</p>
<h2>Kontakt</h2>
<p>Telefon: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a><br>Telefax: ${FAX_TEXT}<br>E-Mail: <a href="mailto:${EMAIL}">${EMAIL}</a></p>
<h2>Registereintrag</h2>
<p>Eintragung im Handelsregister<br>Registergericht: Amtsgericht Wuppertal<br>Registernummer: HRB 12345</p>
<h2>Umsatzsteuer-ID</h2>
<p>Umsatzsteuer-Identifikationsnummer gemäß § 27 a Umsatzsteuergesetz:<br>${VAT_TEXT}</p>
<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>
<p>Thomas Hartmann<br>Industriestraße 12<br>42103 Wuppertal</p>
<h2>Verbraucherstreitbeilegung</h2>
<p>Wir sind nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.</p>
<h2>Haftung für Links</h2>
<p>Unser Angebot enthält Links zu externen Websites Dritter, auf deren Inhalte wir keinen Einfluss haben. Für die Inhalte der verlinkten Seiten ist stets der jeweilige Anbieter oder Betreiber der Seiten verantwortlich.</p>
</div>`,
);

const KONTAKT = layout(
  "/kontakt",
  "Kontakt",
  `<h1>Kontakt</h1>
<div class="grid">
  <div class="panel">
    <h2>Anschrift</h2>
    <address>${LEGAL_NAME}<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</address>
    <h2>Telefon und E-Mail</h2>
    <p>Telefon: <a href="tel:${PHONE_TEL}">${PHONE_TEXT}</a><br>Telefax: ${FAX_TEXT}<br>E-Mail: <a href="mailto:${EMAIL}">${EMAIL}</a></p>
    <h2>Öffnungszeiten</h2>
    <p>Fachberatung und Ladenausstellung:<br>Montag bis Freitag 8:00–17:00 Uhr<br>Samstag 9:00–13:00 Uhr</p>
    <h2>Anfahrt</h2>
    <p>Vom Hauptbahnhof Wuppertal mit den Buslinien 620 und 622 bis Haltestelle „Industriestraße“. Kundenparkplätze direkt vor der Ausstellung.</p>
  </div>
  <div class="panel">
    <h2>Schreiben Sie uns</h2>
    <form method="post" action="/kontakt">
      <label for="name">Name</label><input id="name" name="name" autocomplete="name">
      <label for="email">E-Mail</label><input id="email" name="email" type="email" autocomplete="email">
      <label for="bestellnummer">Bestellnummer (falls vorhanden)</label><input id="bestellnummer" name="bestellnummer">
      <label for="nachricht">Ihre Nachricht</label><textarea id="nachricht" name="nachricht" rows="6"></textarea>
      <p><small>Hinweise zur Verarbeitung Ihrer Daten finden Sie in unserer <a href="/datenschutz">Datenschutzerklärung</a>.</small></p>
      <button type="submit">Nachricht senden</button>
    </form>
  </div>
</div>`,
);

const AGB = layout(
  "/agb",
  "Allgemeine Geschäftsbedingungen",
  `<div class="panel">
<h1>Allgemeine Geschäftsbedingungen</h1>
<h2>§ 1 Geltungsbereich</h2>
<p>Diese Geschäftsbedingungen gelten für alle Bestellungen, die Verbraucher und Unternehmer über den Online-Shop der ${LEGAL_NAME}, Industriestraße 12, 42103 Wuppertal (nachfolgend „Verkäufer“), abschließen.</p>
<h2>§ 2 Vertragsschluss</h2>
<p>Die Darstellung der Produkte im Online-Shop stellt kein rechtlich bindendes Angebot dar. Durch Anklicken des Buttons „Zahlungspflichtig bestellen“ geben Sie eine verbindliche Bestellung ab. Der Vertrag kommt zustande, wenn wir Ihre Bestellung per E-Mail annehmen oder die Ware versenden.</p>
<h2>§ 3 Preise und Zahlung</h2>
<p>Alle Preise sind Endpreise und enthalten die gesetzliche Umsatzsteuer. Zusätzlich anfallende Versandkosten sind auf der Seite <a href="/versand-und-rueckgabe">Versand und Rückgabe</a> aufgeführt. Sie können per PayPal, Kreditkarte, SEPA-Lastschrift, Vorkasse oder auf Rechnung bezahlen.</p>
<h2>§ 4 Lieferung</h2>
<p>Wir liefern innerhalb Deutschlands und in die Mitgliedstaaten der Europäischen Union. Die Lieferzeit beträgt, sofern beim Artikel nicht anders angegeben, 1–3 Werktage.</p>
<h2>§ 5 Eigentumsvorbehalt</h2>
<p>Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.</p>
<h2>§ 6 Widerrufsrecht</h2>
<p>Verbrauchern steht ein Widerrufsrecht nach Maßgabe der <a href="/versand-und-rueckgabe#widerruf">Widerrufsbelehrung</a> zu.</p>
<h2>§ 7 Gewährleistung</h2>
<p>Es gilt das gesetzliche Mängelhaftungsrecht. Auf ausgewählte Markenwerkzeuge gewähren die Hersteller zusätzliche Garantien, deren Bedingungen dem jeweiligen Artikel beiliegen.</p>
<h2>§ 8 Schlussbestimmungen</h2>
<p>Es gilt das Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts. Ist der Kunde Kaufmann, ist Gerichtsstand Wuppertal.</p>
<p><small>Stand: Januar 2026</small></p>
</div>`,
);

const DATENSCHUTZ = layout(
  "/datenschutz",
  "Datenschutzerklärung",
  `<div class="panel">
<h1>Datenschutzerklärung</h1>
<h2>1. Verantwortlicher</h2>
<p>Verantwortlich für die Datenverarbeitung auf dieser Website im Sinne der Datenschutz-Grundverordnung (DSGVO) ist:</p>
<p>${LEGAL_NAME}<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</p>
<p>E-Mail: <a href="mailto:datenschutz@hartmann-werkzeuge.de">datenschutz@hartmann-werkzeuge.de</a></p>
<h2>2. Server-Logfiles</h2>
<p>Beim Aufruf unserer Website speichert unser Server vorübergehend die IP-Adresse, Datum und Uhrzeit des Zugriffs, die aufgerufene Seite und den verwendeten Browser. Rechtsgrundlage ist Art. 6 Abs. 1 lit. f DSGVO. Die Daten werden nach sieben Tagen gelöscht.</p>
<h2>3. Bestellungen</h2>
<p>Zur Abwicklung Ihrer Bestellung verarbeiten wir Name, Anschrift, E-Mail-Adresse und Zahlungsdaten (Art. 6 Abs. 1 lit. b DSGVO). Zur Zustellung geben wir Name und Lieferanschrift an das beauftragte Versandunternehmen weiter.</p>
<h2>4. Kontaktformular</h2>
<p>Wenn Sie uns über das <a href="/kontakt">Kontaktformular</a> schreiben, speichern wir Ihre Angaben zur Bearbeitung der Anfrage.</p>
<h2>5. Cookies</h2>
<p>Wir verwenden nur technisch notwendige Cookies für den Warenkorb. Tracking- oder Werbe-Cookies setzen wir nicht ein.</p>
<h2>6. Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei einer Aufsichtsbehörde, etwa der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen.</p>
</div>`,
);

const VERSAND = layout(
  "/versand-und-rueckgabe",
  "Versand und Rückgabe",
  `<div class="panel">
<h1>Versand und Rückgabe</h1>
<h2>Versandkosten</h2>
<table>
  <thead><tr><th>Lieferland</th><th>Versandkosten</th><th>Lieferzeit</th></tr></thead>
  <tbody>
    <tr><td>Deutschland</td><td>4,90 € (ab 75,00 € Bestellwert versandkostenfrei)</td><td>1–3 Werktage</td></tr>
    <tr><td>Österreich, Benelux</td><td>9,90 €</td><td>3–5 Werktage</td></tr>
    <tr><td>übrige EU-Länder</td><td>14,90 €</td><td>4–7 Werktage</td></tr>
    <tr><td>Speditionsware (z. B. Werkstattwagen)</td><td>39,00 €</td><td>3–6 Werktage</td></tr>
  </tbody>
</table>
<h2>Rückgabe</h2>
<p>Über das gesetzliche Widerrufsrecht hinaus gewähren wir ein freiwilliges Rückgaberecht von 30 Tagen ab Erhalt der Ware. Bitte legen Sie der Sendung den Lieferschein bei und senden Sie die Ware an:</p>
<p>${LEGAL_NAME}<br>Retourenabteilung<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</p>
<p>Den Kaufpreis erstatten wir innerhalb von 14 Tagen nach Eingang der Rücksendung auf dem ursprünglichen Zahlungsweg.</p>
<h2 id="widerruf">Widerrufsbelehrung</h2>
<p>Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag zu widerrufen. Die Widerrufsfrist beträgt vierzehn Tage ab dem Tag, an dem Sie oder ein von Ihnen benannter Dritter, der nicht der Beförderer ist, die Waren in Besitz genommen haben.</p>
<p>Um Ihr Widerrufsrecht auszuüben, müssen Sie uns (${LEGAL_NAME}, Industriestraße 12, 42103 Wuppertal, Telefon ${PHONE_TEXT}, E-Mail ${EMAIL}) mittels einer eindeutigen Erklärung (z. B. ein mit der Post versandter Brief oder eine E-Mail) über Ihren Entschluss, diesen Vertrag zu widerrufen, informieren.</p>
<h2>Folgen des Widerrufs</h2>
<p>Wenn Sie diesen Vertrag widerrufen, haben wir Ihnen alle Zahlungen, die wir von Ihnen erhalten haben, einschließlich der Lieferkosten, unverzüglich und spätestens binnen vierzehn Tagen zurückzuzahlen. Die unmittelbaren Kosten der Rücksendung tragen wir.</p>
</div>`,
);

const WARENKORB = layout(
  "/warenkorb",
  "Warenkorb",
  `<div class="panel">
<h1>Warenkorb</h1>
<p>Ihr Warenkorb ist leer.</p>
<p><a href="/#angebote">Weiter einkaufen</a> · <a href="/versand-und-rueckgabe">Versandkosten ansehen</a></p>
</div>`,
);

export const hartmannWerkzeuge: DemoSite = {
  domain: "hartmann-werkzeuge.de",
  title: BRAND,
  kind: "German tool shop (GmbH) with a full Impressum",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "Sells online and states its identity completely (Impressum: GmbH, address, Handelsregister, valid USt-IdNr., JSON-LD), but nothing outside the site corroborates it: VIES confirms the USt-IdNr. but Germany withholds the name.",
    reasons: ["gate:unverified", "registry_unverifiable"],
  },
  pages: {
    "/": HOME,
    "/impressum": IMPRESSUM,
    "/kontakt": KONTAKT,
    "/agb": AGB,
    "/datenschutz": DATENSCHUTZ,
    "/versand-und-rueckgabe": VERSAND,
    "/warenkorb": WARENKORB,
  },
  robotsTxt: "User-agent: *\nDisallow: /warenkorb\n",
  // Germany answers VIES without name or address ("---"): valid, but nothing to compare.
  registers: { vat: { vat: HARTMANN_VAT_ID, valid: true } },
};
