/** @module Corpus sites in France, Spain, Italy, Portugal, Belgium and the Netherlands. */
import { beEnterprise, esCif, frSiren, itPiva, nlBtw, ptNif } from "./check-digits.ts";
import { offersLd, p, type SiteDef, site } from "./site.ts";

const marius = frSiren("81234567");
const lumiere = frSiren("90211834");
const vietresi = itPiva("0512345065");
const dellarte = itPiva("0743218063");
const bianchi = itPiva("1098765001");

export const WEST_SITES: SiteDef[] = [
  site(
    {
      domain: "savonnerie-marius.fr",
      name: "Savonnerie Marius",
      platform: "prestashop",
      country: "FR",
      language: "fr-FR",
      kind: "PrestaShop soap maker in Marseille, SIREN/RCS in the mentions légales, listed in the register",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "rue Sainte address and RCS Marseille SIREN in the mentions légales; the register lists that SIREN under this name at 13001 → gate:verified",
      },
      register: { register: "rcs", number: marius.siren, name: "Savonnerie Marius SAS", postcode: "13001" },
    },
    {
      nav: [
        ["/3-savons", "Savons"],
        ["/4-coffrets", "Coffrets"],
        ["/5-maison", "Maison"],
      ],
      footerLinks: [
        ["/content/1-livraison", "Livraison"],
        ["/content/2-mentions-legales", "Mentions légales"],
        ["/content/3-conditions-utilisation", "Conditions d'utilisation"],
        ["/content/4-a-propos", "A propos"],
        ["/nous-contacter", "Contactez-nous"],
      ],
      footer: `Savonnerie Marius<br>14 rue Sainte<br>13001 Marseille<br>France<br>Appelez-nous : <span>04 91 33 52 10</span><br>Écrivez-nous : <a href="mailto:bonjour@savonnerie-marius.fr" class="dropdown">bonjour@savonnerie-marius.fr</a>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Accueil",
        main: products("Produits populaires", [
          p("Savon de Marseille 72 % huile d'olive 300 g", "6,90 €", "6.90", "EUR"),
          p("Coffret découverte 4 savons", "24,00 €", "24.00", "EUR"),
          p("Copeaux de savon 1 kg", "12,50 €", "12.50", "EUR"),
        ]),
      },
      "/content/2-mentions-legales": {
        title: "Mentions légales",
        main: `<section id="content" class="page-content page-cms page-cms-2"><h1>Mentions légales</h1>
<h2>Éditeur du site</h2><p>Le site savonnerie-marius.fr est édité par la société Savonnerie Marius SAS, société par actions simplifiée au capital de 20 000 €, immatriculée au Registre du Commerce et des Sociétés de Marseille sous le numéro ${marius.siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3")}, dont le siège social est situé 14 rue Sainte, 13001 Marseille.</p>
<p>Numéro de TVA intracommunautaire : ${marius.vat}<br>Directeur de la publication : Camille Roux, Présidente</p>
<h2>Hébergement</h2><p>OVH SAS, 2 rue Kellermann, 59100 Roubaix, France.</p></section>`,
      },
      "/nous-contacter": {
        title: "Contactez-nous",
        main: `<section class="contact-form"><form action="/nous-contacter" method="post" enctype="multipart/form-data"><section class="form-fields"><div class="form-group row"><div class="col-md-9 col-md-offset-3"><h3>Contactez-nous</h3></div></div><div class="form-group row"><label class="col-md-3 form-control-label" for="email">Adresse e-mail</label><div class="col-md-6"><input id="email" class="form-control" name="from" type="email" placeholder="votre@email.com"></div></div><div class="form-group row"><label class="col-md-3 form-control-label" for="contactform-message">Message</label><div class="col-md-9"><textarea id="contactform-message" class="form-control" name="message" rows="3"></textarea></div></div></section><footer class="form-footer text-sm-right"><input class="btn btn-primary" type="submit" name="submitMessage" value="Envoyer"></footer></form></section>`,
      },
    }),
  ),

  site(
    {
      domain: "ceramiche-vietresi.it",
      name: "Ceramiche Vietresi",
      platform: "magento",
      country: "IT",
      language: "it-IT",
      kind: "Magento ceramics shop on the Amalfi coast, REA and P.IVA in the footer, listed in the Registro Imprese",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Via Costiera address, S.r.l. name and REA in note legali; the register lists that REA under this name at 84019 → gate:verified",
      },
      register: {
        register: "registro-imprese",
        number: "SA-412345",
        name: "Ceramiche Vietresi S.r.l.",
        postcode: "84019",
      },
    },
    {
      nav: [
        ["/piatti.html", "Piatti"],
        ["/vasi.html", "Vasi"],
        ["/piastrelle.html", "Piastrelle"],
      ],
      footerLinks: [
        ["/note-legali", "Note legali"],
        ["/privacy-policy-cookie-restriction-mode", "Privacy e Cookie Policy"],
        ["/condizioni-di-vendita", "Condizioni di vendita"],
        ["/contact", "Contattaci"],
        ["/chi-siamo", "Chi siamo"],
      ],
      footer: `<p>Ceramiche Vietresi S.r.l. – Via Costiera 22, 84019 Vietri sul Mare (SA) – P.IVA ${vietresi}</p>`,
      banner: "onetrust",
    },
    ({ products }) => ({
      "/": {
        title: "Home page",
        main: products("I più venduti", [
          p("Piatto da portata Limoni Ø 35 cm", "€ 68,00", "68.00", "EUR"),
          p("Set 6 tazzine da caffè", "€ 54,00", "54.00", "EUR"),
          p("Vaso Amalfi blu", "€ 120,00", "120.00", "EUR"),
        ]),
      },
      "/note-legali": {
        title: "Note legali",
        main: `<h1 class="page-title"><span class="base" data-ui-id="page-title-wrapper">Note legali</span></h1><div class="cms-content"><p>Il presente sito è di proprietà di <strong>Ceramiche Vietresi S.r.l.</strong></p><p>Sede legale: Via Costiera 22 – 84019 Vietri sul Mare (SA) – Italia<br>Capitale sociale € 50.000,00 i.v.<br>Registro Imprese di Salerno – REA SA-412345<br>Codice Fiscale e Partita IVA: ${vietresi}<br>PEC: ceramichevietresi@pec.it</p></div>`,
      },
      "/contact": {
        title: "Contattaci",
        main: `<h1 class="page-title"><span class="base">Contattaci</span></h1><form class="form contact" action="/contact/index/post/" id="contact-form" method="post"><fieldset class="fieldset"><div class="field name required"><label class="label" for="name"><span>Nome</span></label><input name="name" id="name" type="text"></div><div class="field comment required"><textarea name="comment" id="comment"></textarea></div></fieldset><button type="submit" class="action submit primary"><span>Invia</span></button></form>`,
      },
    }),
  ),

  site(
    {
      domain: "fietsenmakerij-dekker.nl",
      name: "Fietsenmakerij Dekker",
      platform: "woocommerce",
      country: "NL",
      language: "nl-NL",
      kind: "WooCommerce bicycle shop, KvK number on the bedrijfsgegevens page, listed at the KvK",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Overtoom address and KvK 34123456 on the bedrijfsgegevens page; the KvK lists it under this name at 1054 HN → gate:verified",
      },
      register: { register: "kvk", number: "34123456", name: "Fietsenmakerij Dekker B.V.", postcode: "1054 HN" },
    },
    {
      nav: [
        ["/winkel/", "Winkel"],
        ["/reparatie/", "Reparatie"],
        ["/over-ons/", "Over ons"],
        ["/contact/", "Contact"],
      ],
      footerLinks: [
        ["/bedrijfsgegevens/", "Bedrijfsgegevens"],
        ["/algemene-voorwaarden/", "Algemene voorwaarden"],
        ["/privacyverklaring/", "Privacyverklaring"],
        ["/retourneren/", "Retourneren"],
      ],
      footer: `<p>Fietsenmakerij Dekker<br>Overtoom 120<br>1054 HN Amsterdam<br>020 612 34 56</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Uitgelicht", [
          p("Stadsfiets Jordaan 7v", "€ 749,00", "749.00", "EUR"),
          p("Fietsslot ART-2", "€ 59,95", "59.95", "EUR"),
          p("Fietstas dubbel", "€ 89,00", "89.00", "EUR"),
        ]),
      },
      "/bedrijfsgegevens/": {
        title: "Bedrijfsgegevens",
        main: `<h1 class="entry-title">Bedrijfsgegevens</h1><div class="entry-content"><p>Fietsenmakerij Dekker B.V.<br>Overtoom 120<br>1054 HN Amsterdam</p><p>KvK-nummer: 34123456<br>Btw-nummer: ${nlBtw("81234567")}<br>IBAN: NL91 ABNA 0417 1643 00</p><p>E-mail: info@fietsenmakerij-dekker.nl<br>Telefoon: 020 612 34 56</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "atelier-lumiere-nantes.fr",
      name: "Atelier Lumière",
      platform: "wix",
      country: "FR",
      language: "fr-FR",
      kind: "Wix lamp workshop with a Wix Stores gallery, address in the mentions légales",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "SARL name, SIRET and a Nantes street address in the mentions légales; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Accueil"],
        ["/boutique", "Boutique"],
        ["/atelier", "L'atelier"],
      ],
      footerLinks: [
        ["/mentions-legales", "Mentions légales"],
        ["/cgv", "CGV"],
        ["/contact", "Contact"],
      ],
      footer: `<p class="font_9 wixui-rich-text__text"><span class="wixui-rich-text__text">© 2026 Atelier Lumière · Fait main à Nantes</span></p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Accueil",
        main: products("Nouveautés", [
          p("Lampe Ardoise", "145,00 €", "145.00", "EUR"),
          p("Suspension Loire", "210,00 €", "210.00", "EUR"),
        ]),
      },
      "/mentions-legales": {
        title: "Mentions légales",
        main: `<section class="wixui-section"><div class="wixui-rich-text" data-testid="richTextElement"><h2 class="font_2 wixui-rich-text__text">Mentions légales</h2><p class="font_8 wixui-rich-text__text">Atelier Lumière SARL – capital 5 000 €</p><p class="font_8 wixui-rich-text__text">Siège : 7 rue Kervégan, 44000 Nantes</p><p class="font_8 wixui-rich-text__text">SIRET : ${lumiere.siren}00014 – RCS Nantes</p><p class="font_8 wixui-rich-text__text">TVA : ${lumiere.vat}</p><p class="font_8 wixui-rich-text__text">Hébergeur : Wix.com Ltd., 40 Namal Tel Aviv St., Tel Aviv 6350671, Israël</p></div></section>`,
      },
    }),
  ),

  site(
    {
      domain: "librairie-du-quai.fr",
      name: "Librairie du Quai",
      platform: "woocommerce",
      country: "FR",
      language: "fr-FR",
      kind: "WooCommerce bookshop, Yoast @graph without address, address in the footer widget",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "quai des Chartrons street address in the footer → identity stated, not corroborated → gate:unverified",
      },
    },
    {
      nav: [
        ["/boutique/", "Boutique"],
        ["/rencontres/", "Rencontres"],
        ["/la-librairie/", "La librairie"],
      ],
      footerLinks: [
        ["/mentions-legales/", "Mentions légales"],
        ["/cgv/", "Conditions générales de vente"],
        ["/politique-de-confidentialite/", "Politique de confidentialité"],
      ],
      footer: `<p><strong>Librairie du Quai</strong><br>35, quai des Chartrons<br>33000 Bordeaux<br>05 56 44 12 90<br>Du mardi au samedi, 10h–19h</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Accueil",
        main: products("Coups de cœur", [
          p("Le Mage du Kremlin – Giuliano da Empoli", "22,00 €", "22.00", "EUR"),
          p("Carnet de lecture", "9,50 €", "9.50", "EUR"),
          p("Carte cadeau 30 €", "30,00 €", "30.00", "EUR"),
        ]),
        jsonLd: [
          {
            "@context": "https://schema.org",
            "@graph": [
              {
                "@type": "WebPage",
                "@id": "https://librairie-du-quai.fr/",
                url: "https://librairie-du-quai.fr/",
                name: "Librairie du Quai",
                isPartOf: { "@id": "https://librairie-du-quai.fr/#website" },
                inLanguage: "fr-FR",
              },
              {
                "@type": "WebSite",
                "@id": "https://librairie-du-quai.fr/#website",
                url: "https://librairie-du-quai.fr/",
                name: "Librairie du Quai",
                publisher: { "@id": "https://librairie-du-quai.fr/#organization" },
              },
              {
                "@type": "Organization",
                "@id": "https://librairie-du-quai.fr/#organization",
                name: "Librairie du Quai",
                url: "https://librairie-du-quai.fr/",
                logo: {
                  "@type": "ImageObject",
                  url: "https://librairie-du-quai.fr/wp-content/uploads/logo.png",
                },
              },
            ],
          },
        ],
      },
      "/mentions-legales/": {
        title: "Mentions légales",
        main: `<h1 class="entry-title">Mentions légales</h1><div class="entry-content"><p>Le site est édité par Hélène Marchand, entrepreneuse individuelle, immatriculée au RCS de Bordeaux. Contact : contact@librairie-du-quai.fr. Hébergement : o2switch, Chemin des Pardiaux, 63000 Clermont-Ferrand.</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "aceites-sierra-magina.es",
      name: "Aceites Sierra Mágina",
      platform: "prestashop",
      country: "ES",
      language: "es-ES",
      kind: "PrestaShop olive-oil shop, CIF and address in its aviso legal",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "S.L. name, CIF and Cambil (Jaén) street address in the aviso legal; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/3-aceite-de-oliva", "Aceite de oliva"],
        ["/4-lotes-regalo", "Lotes regalo"],
      ],
      footerLinks: [
        ["/content/1-envios", "Envíos"],
        ["/content/2-aviso-legal", "Aviso legal"],
        ["/content/3-condiciones-de-uso", "Condiciones de uso"],
        ["/contactenos", "Contacte con nosotros"],
      ],
      footer: `Aceites Sierra Mágina<br>España<br>Correo electrónico: <a href="mailto:pedidos@aceites-sierra-magina.es">pedidos@aceites-sierra-magina.es</a>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Inicio",
        main: products("Productos destacados", [
          p("AOVE Picual 5 L", "42,90 €", "42.90", "EUR"),
          p("AOVE Temprano 500 ml", "11,50 €", "11.50", "EUR"),
          p("Lote regalo Mágina", "35,00 €", "35.00", "EUR"),
        ]),
      },
      "/content/2-aviso-legal": {
        title: "Aviso legal",
        main: `<section id="content" class="page-content page-cms page-cms-2"><h1>Aviso legal</h1><p>En cumplimiento del artículo 10 de la Ley 34/2002, de 11 de julio, de Servicios de la Sociedad de la Información y Comercio Electrónico (LSSI-CE), se informa:</p><p>Titular: Aceites Sierra Mágina, S.L.<br>CIF: ${esCif("2345678")}<br>Domicilio: Calle Real, 14, 23530 Cambil (Jaén)<br>Inscrita en el Registro Mercantil de Jaén, Tomo 512, Folio 88, Hoja J-14233<br>Teléfono: 953 30 12 45<br>Correo electrónico: pedidos@aceites-sierra-magina.es</p></section>`,
      },
    }),
  ),

  site(
    {
      domain: "zapateria-ortega.es",
      name: "Zapatería Ortega",
      platform: "shopify",
      country: "ES",
      language: "es-ES",
      kind: "Shopify shoe shop, Spanish street address with floor in the footer only",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "a Madrid street address in the footer → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/mujer", "Mujer"],
        ["/collections/hombre", "Hombre"],
        ["/collections/rebajas", "Rebajas"],
      ],
      footerLinks: [
        ["/policies/refund-policy", "Política de reembolso"],
        ["/policies/privacy-policy", "Política de privacidad"],
        ["/policies/terms-of-service", "Términos del servicio"],
        ["/pages/contacto", "Contacto"],
      ],
      footer: `<p>Zapatería Ortega<br>C/ de Velázquez, 45, local 2<br>28001 Madrid<br>Tel. 914 35 67 89</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Zapatería Ortega",
        main: products("Novedades", [
          p("Mocasín piel Castellano", "€129,00 EUR", "129.00", "EUR"),
          p("Botín ante Serrano", "€159,00 EUR", "159.00", "EUR"),
          p("Alpargata yute", "€39,90 EUR", "39.90", "EUR"),
        ]),
      },
      "/pages/contacto": {
        title: "Contacto",
        main: `<div class="page-width"><h1 class="main-page-title page-title h0">Contacto</h1><div class="rte"><p>Escríbenos a hola@zapateria-ortega.es o visítanos en la tienda.</p></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "pastificio-dellarte.it",
      name: "Pastificio Dell'Arte",
      platform: "woocommerce",
      country: "IT",
      language: "it-IT",
      kind: "WooCommerce pasta maker, address and P.IVA in the footer, note legali page",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Via dei Mille address with (NA) province in footer and note legali; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/negozio/", "Negozio"],
        ["/la-nostra-storia/", "La nostra storia"],
        ["/contatti/", "Contatti"],
      ],
      footerLinks: [
        ["/note-legali/", "Note legali"],
        ["/privacy-policy/", "Privacy Policy"],
        ["/termini-e-condizioni/", "Termini e condizioni"],
        ["/spedizioni-e-resi/", "Spedizioni e resi"],
      ],
      footer: `<p>Pastificio Dell'Arte di Gennaro Esposito &amp; C. s.a.s.<br>Via dei Mille 12 – 80121 Napoli (NA)<br>P.IVA ${dellarte}</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("I nostri formati", [
          p("Paccheri di Gragnano IGP 500 g", "3,90 €", "3.90", "EUR"),
          p("Fusilli lunghi bucati 500 g", "4,20 €", "4.20", "EUR"),
          p("Box degustazione 6 formati", "24,00 €", "24.00", "EUR"),
        ]),
      },
      "/note-legali/": {
        title: "Note legali",
        main: `<h1 class="entry-title">Note legali</h1><div class="entry-content"><p>Titolare del sito: Pastificio Dell'Arte di Gennaro Esposito &amp; C. s.a.s., con sede in Via dei Mille 12, 80121 Napoli (NA). P.IVA e C.F. ${dellarte}. Iscritta al Registro delle Imprese di Napoli, REA NA-998877.</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "ottica-bianchi-torino.it",
      name: "Ottica Bianchi",
      platform: "handwritten",
      country: "IT",
      language: "it-IT",
      kind: "hand-written optician's site with RDFa (vocab/typeof/property) LocalBusiness",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Via Garibaldi address in RDFa and visible text; nothing sold online, nothing corroborated → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Home"],
        ["/servizi.html", "Servizi"],
        ["/contatti.html", "Contatti"],
      ],
      footerLinks: [
        ["/privacy.html", "Privacy"],
        ["/contatti.html", "Contatti"],
      ],
      footer: `<p>P.IVA ${bianchi}</p>`,
      banner: "custom",
    },
    () => ({
      "/": {
        title: "Home",
        main: `<div vocab="https://schema.org/" typeof="Optician"><h1 property="name">Ottica Bianchi</h1><p property="description">Esami della vista, occhiali e lenti a contatto nel centro di Torino dal 1968.</p>
<div property="address" typeof="PostalAddress"><span property="streetAddress">Via Garibaldi 34</span>, <span property="postalCode">10122</span> <span property="addressLocality">Torino</span> (<span property="addressRegion">TO</span>)</div>
<p>Tel. <span property="telephone">+39 011 562 3344</span></p><meta property="openingHours" content="Tu-Sa 09:30-19:30"></div>`,
      },
      "/servizi.html": {
        title: "Servizi",
        main: `<h1>Servizi</h1><ul><li>Esame della vista gratuito</li><li>Lenti progressive</li><li>Riparazioni</li></ul>`,
      },
      "/contatti.html": {
        title: "Contatti",
        main: `<h1>Contatti</h1><p>Ottica Bianchi di Bianchi Laura<br>Via Garibaldi 34<br>10122 Torino TO</p><p>info@ottica-bianchi-torino.it</p>`,
      },
    }),
  ),

  site(
    {
      domain: "kaasboerderij-van-den-berg.nl",
      name: "Kaasboerderij Van den Berg",
      platform: "magento",
      country: "NL",
      language: "nl-NL",
      kind: "Magento farm-cheese shop, address on a 'colofon' page",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Hoogeweg address with Dutch postcode on the colofon page; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/kaas.html", "Kaas"],
        ["/cadeaupakketten.html", "Cadeaupakketten"],
      ],
      footerLinks: [
        ["/colofon", "Colofon"],
        ["/algemene-voorwaarden", "Algemene voorwaarden"],
        ["/privacy", "Privacy"],
        ["/contact", "Contact"],
      ],
      footer: `<p>Gratis verzending vanaf € 50</p>`,
      banner: "onetrust",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Onze kazen", [
          p("Boerenkaas belegen 1 kg", "€ 16,95", "16.95", "EUR"),
          p("Oude Reypenaer-stijl 500 g", "€ 12,50", "12.50", "EUR"),
          p("Kaasplank cadeau", "€ 34,95", "34.95", "EUR"),
        ]),
      },
      "/colofon": {
        title: "Colofon",
        main: `<h1 class="page-title"><span class="base">Colofon</span></h1><div class="cms-content"><p>Kaasboerderij Van den Berg V.O.F.<br>Hoogeweg 12<br>2811 RE Reeuwijk</p><p>KvK 29087654<br>Btw ${nlBtw("80123457")}</p><p>Tel. 0182 39 44 21</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "chocolaterie-mertens.be",
      name: "Chocolaterie Mertens",
      platform: "shopify",
      country: "BE",
      language: "nl-BE",
      kind: "Shopify chocolatier: the address is only in a JSON-LD @graph (an app's LocalBusiness node)",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "street address in the @graph's LocalBusiness → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/pralines", "Pralines"],
        ["/collections/tabletten", "Tabletten"],
        ["/collections/geschenken", "Geschenken"],
      ],
      footerLinks: [
        ["/policies/refund-policy", "Terugbetalingsbeleid"],
        ["/policies/privacy-policy", "Privacybeleid"],
        ["/policies/terms-of-service", "Servicevoorwaarden"],
      ],
      footer: `<p>Handgemaakt in Gent sinds 1987</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Chocolaterie Mertens",
        main: products("Populair", [
          p("Pralines assortiment 250 g", "€19,50 EUR", "19.50", "EUR"),
          p("Tablet puur 72 %", "€5,90 EUR", "5.90", "EUR"),
          p("Geschenkdoos Gent", "€39,00 EUR", "39.00", "EUR"),
        ]),
        jsonLd: [
          {
            "@context": "https://schema.org",
            "@graph": [
              {
                "@type": "WebSite",
                "@id": "https://chocolaterie-mertens.be/#website",
                url: "https://chocolaterie-mertens.be",
                name: "Chocolaterie Mertens",
              },
              {
                "@type": ["LocalBusiness", "ConfectioneryStore"],
                "@id": "https://chocolaterie-mertens.be/#localbusiness",
                name: "Chocolaterie Mertens BV",
                vatID: `BE${beEnterprise("07123456").replace(/\./g, "")}`,
                telephone: "+32 9 225 43 10",
                address: {
                  "@type": "PostalAddress",
                  streetAddress: "Mageleinstraat 31",
                  addressLocality: "Gent",
                  postalCode: "9000",
                  addressCountry: { "@type": "Country", name: "BE" },
                },
                geo: { "@type": "GeoCoordinates", latitude: 51.0537, longitude: 3.7245 },
              },
            ],
          },
        ],
      },
    }),
  ),

  site(
    {
      domain: "conservas-do-porto.pt",
      name: "Conservas do Porto",
      platform: "prestashop",
      country: "PT",
      language: "pt-PT",
      kind: "PrestaShop tinned-fish shop in Porto, Portuguese postcode 4050-174, NIF in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Rua de Cedofeita street address in the store block; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/3-conservas", "Conservas"],
        ["/4-cabazes", "Cabazes"],
      ],
      footerLinks: [
        ["/content/1-entrega", "Entrega"],
        ["/content/2-termos-e-condicoes", "Termos e condições"],
        ["/content/4-sobre-nos", "Sobre nós"],
        ["/contacte-nos", "Contacte-nos"],
      ],
      footer: `Conservas do Porto, Lda.<br>Rua de Cedofeita 120<br>4050-174 Porto<br>Portugal<br>NIF ${ptNif("51487654")}<br>Ligue-nos: <span>+351 22 208 1144</span>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Início",
        main: products("Produtos em destaque", [
          p("Sardinhas em azeite 120 g", "3,80 €", "3.80", "EUR"),
          p("Cavala com tomate", "4,20 €", "4.20", "EUR"),
          p("Cabaz Ribeira", "29,90 €", "29.90", "EUR"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "mode-atelier-paris.fr",
      name: "Mode Atelier Paris",
      platform: "wix",
      country: "FR",
      language: "fr-FR",
      kind: "Wix Stores fashion shop with no address anywhere (contact form, Instagram)",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "Wix Stores prices and add-to-cart buttons, no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/", "Accueil"],
        ["/shop", "Shop"],
        ["/contact", "Contact"],
      ],
      footerLinks: [
        ["/cgv", "CGV"],
        ["/contact", "Contact"],
      ],
      footer: `<p class="font_9 wixui-rich-text__text">Suivez-nous sur Instagram @modeatelierparis</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Accueil",
        main: products("Collection hiver", [
          p("Pull col roulé cachemire", "89,00 €", "89.00", "EUR"),
          p("Manteau long laine", "159,00 €", "159.00", "EUR"),
          p("Sac cuir vegan", "59,00 €", "59.00", "EUR"),
        ]),
      },
      "/contact": {
        title: "Contact",
        main: `<section class="wixui-section"><form class="wixui-form"><input type="email" aria-label="Email" name="email"><textarea name="message"></textarea><button type="submit">Envoyer</button></form></section>`,
      },
    }),
  ),

  site(
    {
      domain: "tienda-moda-barata.es",
      name: "Tienda Moda Barata",
      platform: "prestashop",
      country: "ES",
      language: "es-ES",
      kind: "PrestaShop fashion shop without any address (the contact block shows only an e-mail)",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "prices and a PrestaShop cart, no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/3-mujer", "Mujer"],
        ["/4-ofertas", "Ofertas"],
      ],
      footerLinks: [
        ["/content/1-envios", "Envíos"],
        ["/content/3-condiciones-de-uso", "Condiciones de uso"],
        ["/contactenos", "Contacte con nosotros"],
      ],
      footer: `Tienda Moda Barata<br>Correo electrónico: <a href="mailto:ventas@tienda-moda-barata.es">ventas@tienda-moda-barata.es</a>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Inicio",
        main: products("Ofertas", [
          p("Vestido midi floral", "19,99 €", "19.99", "EUR"),
          p("Bolso bandolera", "14,99 €", "14.99", "EUR"),
          p("Zapatillas plataforma", "24,99 €", "24.99", "EUR"),
        ]),
        jsonLd: [
          offersLd([p("Vestido midi floral", "19,99 €", "19.99", "EUR")], {
            "@type": "Organization",
            name: "Tienda Moda Barata",
          }),
        ],
      },
    }),
  ),

  site(
    {
      domain: "club-ciclista-montes.es",
      name: "Club Ciclista Montes de Toledo",
      platform: "wordpress",
      country: "ES",
      language: "es-ES",
      kind: "WordPress cycling club, e-mail only, nothing for sale",
      expected: {
        rating: "U",
        ratingInfo: "non_commercial",
        why: "no postal address, nothing for sale → gate:non_commercial",
      },
    },
    {
      nav: [
        ["/", "Noticias"],
        ["/rutas/", "Rutas"],
        ["/hazte-socio/", "Hazte socio"],
      ],
      footerLinks: [["/privacidad/", "Privacidad"]],
      footer: `<p>Contacto: club@club-ciclista-montes.es</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Noticias",
        main: `<article class="post"><h2><a href="/2026/10/marcha-otono/">Marcha de otoño: 92 km por los Montes de Toledo</a></h2><p>Salida el domingo a las 8:00 desde la plaza.</p></article>`,
      },
      "/hazte-socio/": {
        title: "Hazte socio",
        main: `<h1>Hazte socio</h1><p>Rellena el formulario y te enviaremos la ficha. Cuota anual según asamblea.</p>`,
      },
    }),
  ),

  site(
    {
      domain: "amici-del-museo-civico.it",
      name: "Amici del Museo Civico",
      platform: "wordpress",
      country: "IT",
      language: "it-IT",
      kind: "WordPress friends-of-the-museum association whose only address is a Casella Postale",
      expected: {
        rating: "U",
        ratingInfo: "non_commercial",
        why: "sells nothing; its only address is a P.O. box, which is no place of business → no address, gate:non_commercial",
      },
    },
    {
      nav: [
        ["/", "Notizie"],
        ["/iscrizione/", "Iscrizione"],
      ],
      footerLinks: [["/privacy/", "Privacy"]],
      footer: `<p>Associazione Amici del Museo Civico – Casella Postale 45 – 50121 Firenze – C.F. 94012345678</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Notizie",
        main: `<article class="post"><h2><a href="/2026/11/visita-guidata/">Visita guidata ai depositi</a></h2><p>Sabato 14 dicembre, riservata ai soci.</p></article>`,
      },
    }),
  ),

  site(
    {
      domain: "boulangerie-dupont-lille.fr",
      name: "Boulangerie Dupont",
      platform: "handwritten",
      country: "FR",
      language: "fr-FR",
      kind: "a domain whose web server no longer answers",
      expected: { rating: "U", ratingInfo: "no_website", why: "nothing answers on port 80 or 443 → gate:no_website" },
      unreachable: true,
    },
    { nav: [], footerLinks: [], footer: "", banner: "none" },
    () => ({ "/": { title: "Accueil", main: "<h1>Boulangerie Dupont</h1>" } }),
  ),

  site(
    {
      domain: "groothandel-portaal.nl",
      name: "Groothandel Portaal",
      platform: "magento",
      country: "NL",
      language: "nl-NL",
      kind: "Magento B2B portal whose robots.txt answers 503",
      expected: {
        rating: "U",
        ratingInfo: "blocked",
        why: "robots.txt answers 5xx: assume complete disallow (RFC 9309) → gate:blocked",
      },
      robotsStatus: 503,
    },
    {
      nav: [["/catalogus.html", "Catalogus"]],
      footerLinks: [["/contact", "Contact"]],
      footer: `<p>Groothandel Portaal B.V. · Industrieweg 8 · 3542 AD Utrecht</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Home",
        main: products("Assortiment", [p("Kartonnen dozen 100 st.", "€ 42,00", "42.00", "EUR")]),
      },
    }),
  ),
];
