/** @module Corpus sites in Sweden, Denmark, Poland, Czechia, Japan and Brazil. */
import { brCnpj, czIco, jpCorporate, luhnComplete, plNip, seOrgNr } from "./check-digits.ts";
import { offersLd, p, type SiteDef, site } from "./site.ts";

const glasbruk = seOrgNr("556712345");
const skogsbruna = seOrgNr("559104321");
const hradek = czIco("2712345");
const knihy = czIco("0567891");
const soba = jpCorporate("100001234567");
const kyoto = jpCorporate("313000987654");
const cvr = luhnComplete("3812345").slice(0, 8);

export const EAST_SITES: SiteDef[] = [
  site(
    {
      domain: "sormlands-glasbruk.se",
      name: "Sörmlands Glasbruk",
      platform: "woocommerce",
      country: "SE",
      language: "sv-SE",
      kind: "WooCommerce glassworks, Swedish org.nr in the footer, listed at Bolagsverket",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Storgatan address and org.nr on the köpvillkor page; Bolagsverket lists it under this name at 611 30 → gate:verified",
      },
      register: { register: "bolagsverket", number: glasbruk, name: "Sörmlands Glasbruk AB", postcode: "611 30" },
    },
    {
      nav: [
        ["/butik/", "Butik"],
        ["/om-oss/", "Om oss"],
        ["/kontakt/", "Kontakt"],
      ],
      footerLinks: [
        ["/kopvillkor/", "Köpvillkor"],
        ["/integritetspolicy/", "Integritetspolicy"],
        ["/kontakt/", "Kontakt"],
      ],
      footer: `<p>Sörmlands Glasbruk AB<br>Storgatan 14<br>611 30 Nyköping<br>Org.nr ${glasbruk}</p>`,
      banner: "cookiebot",
    },
    ({ products }) => ({
      "/": {
        title: "Hem",
        main: products("Populära produkter", [
          p("Vinglas Sörmland 2-pack", "449 kr", "449.00", "SEK"),
          p("Karaff munblåst", "895 kr", "895.00", "SEK"),
          p("Skål Nyköpingsån", "1 250 kr", "1250.00", "SEK"),
        ]),
      },
      "/kopvillkor/": {
        title: "Köpvillkor",
        main: `<h1 class="entry-title">Köpvillkor</h1><div class="entry-content"><p>Dessa villkor gäller för köp från Sörmlands Glasbruk AB, org.nr ${glasbruk}, Storgatan 14, 611 30 Nyköping (nedan "vi").</p><p>Ångerrätt: Du har 14 dagars ångerrätt enligt distansavtalslagen.</p><p>Företaget innehar F-skattsedel. Momsreg.nr SE${glasbruk.replace("-", "")}01.</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "herbaciarnia-zielna.pl",
      name: "Herbaciarnia Zielna",
      platform: "shopify",
      country: "PL",
      language: "pl-PL",
      kind: "Shopify tea shop, KRS and NIP in the regulamin, listed in the KRS",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "ul. Mokotowska address, sp. z o.o. name and KRS in the regulamin; the KRS lists it under this name at 00-561 → gate:verified",
      },
      register: { register: "krs", number: "0000712345", name: "Zielna sp. z o.o.", postcode: "00-561" },
    },
    {
      nav: [
        ["/collections/herbaty", "Herbaty"],
        ["/collections/akcesoria", "Akcesoria"],
      ],
      footerLinks: [
        ["/pages/regulamin", "Regulamin"],
        ["/policies/privacy-policy", "Polityka prywatności"],
        ["/pages/kontakt", "Kontakt"],
        ["/policies/refund-policy", "Zwroty"],
      ],
      footer: `<p>Darmowa dostawa od 199 zł</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Herbaciarnia Zielna",
        main: products("Bestsellery", [
          p("Sencha Japońska 100 g", "39,00 zł", "39.00", "PLN"),
          p("Zestaw do parzenia Kyusu", "149,00 zł", "149.00", "PLN"),
          p("Rooibos Waniliowy 100 g", "24,90 zł", "24.90", "PLN"),
        ]),
      },
      "/pages/regulamin": {
        title: "Regulamin",
        main: `<div class="page-width page-width--narrow"><h1 class="main-page-title page-title h0">Regulamin sklepu internetowego</h1><div class="rte"><h2>§1 Postanowienia ogólne</h2><p>Sklep internetowy działający pod adresem herbaciarnia-zielna.pl prowadzony jest przez Zielna sp. z o.o. z siedzibą w Warszawie, ul. Mokotowska 12 lok. 4, 00-561 Warszawa, wpisaną do rejestru przedsiębiorców Krajowego Rejestru Sądowego prowadzonego przez Sąd Rejonowy dla m.st. Warszawy w Warszawie, XII Wydział Gospodarczy KRS, pod numerem KRS 0000712345, NIP ${plNip("525271234")}, REGON 369123456, kapitał zakładowy 5 000 zł.</p><h2>§2 Składanie zamówień</h2><p>Zamówienia można składać 24 godziny na dobę.</p></div></div>`,
      },
      "/pages/kontakt": {
        title: "Kontakt",
        main: `<div class="page-width"><h1>Kontakt</h1><p>Napisz do nas: sklep@herbaciarnia-zielna.pl</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "pivovar-hradek.cz",
      name: "Pivovar Hrádek",
      platform: "handwritten",
      country: "CZ",
      language: "cs-CZ",
      kind: "hand-written brewery e-shop, IČO in the obchodní podmínky, listed in the obchodní rejstřík",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "Velké náměstí address and IČO in the obchodní podmínky; the register lists it under this name at 500 03 → gate:verified",
      },
      register: { register: "or-justice", number: hradek, name: "Pivovar Hrádek s.r.o.", postcode: "500 03" },
    },
    {
      nav: [
        ["/", "Úvod"],
        ["/eshop/", "E-shop"],
        ["/kontakty/", "Kontakty"],
      ],
      footerLinks: [
        ["/obchodni-podminky/", "Obchodní podmínky"],
        ["/ochrana-osobnich-udaju/", "Ochrana osobních údajů"],
        ["/kontakty/", "Kontakty"],
      ],
      footer: `<p>© 2026 Pivovar Hrádek s.r.o.</p>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Úvod",
        main: `<h1>Minipivovar v srdci Hradce</h1>${products("E-shop", [p("Hrádecká 11° – 6 lahví", "294 Kč", "294.00", "CZK"), p("Dárková sada IPA", "390 Kč", "390.00", "CZK")])}`,
      },
      "/obchodni-podminky/": {
        title: "Obchodní podmínky",
        main: `<h1>Obchodní podmínky</h1><p>Prodávající: Pivovar Hrádek s.r.o., se sídlem Velké náměstí 5, 500 03 Hradec Králové, IČO: ${hradek}, DIČ: CZ${hradek}, zapsaná v obchodním rejstříku vedeném Krajským soudem v Hradci Králové, oddíl C, vložka 28731.</p><p>Prodej alkoholu osobám mladším 18 let je zakázán.</p>`,
      },
      "/kontakty/": {
        title: "Kontakty",
        main: `<h1>Kontakty</h1><p>Pivovar Hrádek s.r.o.<br>Velké náměstí 5<br>500 03 Hradec Králové</p><p>Tel.: +420 495 512 330<br>E-mail: pivo@pivovar-hradek.cz</p>`,
      },
    }),
  ),

  site(
    {
      domain: "ceramika-boleslawiec-sklep.pl",
      name: "Ceramika Bolesławiec Sklep",
      platform: "shopify",
      country: "PL",
      language: "pl-PL",
      kind: "Shopify pottery shop, prices in zł, address in the regulamin",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "ul. Kościuszki address with NIP in the regulamin; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/kubki", "Kubki"],
        ["/collections/talerze", "Talerze"],
      ],
      footerLinks: [
        ["/pages/regulamin", "Regulamin"],
        ["/policies/privacy-policy", "Polityka prywatności"],
        ["/policies/shipping-policy", "Dostawa"],
      ],
      footer: `<p>Ręcznie malowana ceramika z Bolesławca</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Ceramika Bolesławiec Sklep",
        main: products("Nowości", [
          p("Kubek Pawie Oczko 350 ml", "69,00 zł", "69.00", "PLN"),
          p("Talerz obiadowy 26 cm", "119,00 zł", "119.00", "PLN"),
          p("Dzbanek 1,5 l", "229,00 zł", "229.00", "PLN"),
        ]),
      },
      "/pages/regulamin": {
        title: "Regulamin",
        main: `<div class="page-width"><h1>Regulamin</h1><div class="rte"><p>Sprzedawcą jest Anna Nowak prowadząca działalność gospodarczą pod firmą Ceramika Bolesławiec Sklep Anna Nowak, ul. Kościuszki 22, 59-700 Bolesławiec, NIP ${plNip("612178901")}, REGON 021234567, wpisana do CEIDG.</p></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "kwiaciarnia-roza-krakow.pl",
      name: "Kwiaciarnia Róża",
      platform: "woocommerce",
      country: "PL",
      language: "pl-PL",
      kind: "WooCommerce florist in Kraków, address on the kontakt page",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "ul. Karmelicka street address on the kontakt page → gate:unverified",
      },
    },
    {
      nav: [
        ["/sklep/", "Sklep"],
        ["/kontakt/", "Kontakt"],
      ],
      footerLinks: [
        ["/regulamin/", "Regulamin"],
        ["/polityka-prywatnosci/", "Polityka prywatności"],
      ],
      footer: `<p>Dostawa kwiatów w Krakowie w 3 godziny</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Strona główna",
        main: products("Bukiety", [
          p("Bukiet 25 róż", "189,00 zł", "189.00", "PLN"),
          p("Flowerbox Pastel", "149,00 zł", "149.00", "PLN"),
        ]),
      },
      "/kontakt/": {
        title: "Kontakt",
        main: `<h1 class="entry-title">Kontakt</h1><div class="entry-content"><p>Kwiaciarnia Róża<br>ul. Karmelicka 35<br>31-131 Kraków</p><p>tel. 12 633 41 20<br>kwiaty@kwiaciarnia-roza-krakow.pl</p><p>Pn–Sb 8:00–20:00</p></div>`,
      },
    }),
  ),

  site(
    {
      domain: "tanie-perfumy-hurt.pl",
      name: "Tanie Perfumy Hurt",
      platform: "shopify",
      country: "PL",
      language: "pl-PL",
      kind: "Shopify perfume discounter, zł prices and Offer JSON-LD, no address",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells (cart, Offer data) without any postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/collections/damskie", "Damskie"],
        ["/collections/meskie", "Męskie"],
      ],
      footerLinks: [
        ["/policies/terms-of-service", "Regulamin"],
        ["/policies/refund-policy", "Zwroty"],
      ],
      footer: `<p>Kontakt: sklep@tanie-perfumy-hurt.pl</p>`,
      banner: "shopify",
    },
    ({ products }) => {
      const items = [
        p("Woda perfumowana Amber Noir 100 ml", "79,99 zł", "79.99", "PLN"),
        p("Zestaw miniatur 5×10 ml", "59,99 zł", "59.99", "PLN"),
      ];
      return {
        "/": { title: "Tanie Perfumy Hurt", main: products("Promocje", items), jsonLd: [offersLd(items)] },
      };
    },
  ),

  site(
    {
      domain: "skogsbruna-kaffe.se",
      name: "Skogsbruna Kaffe",
      platform: "shopify",
      country: "SE",
      language: "sv-SE",
      kind: "Shopify coffee roaster: the address is only in a top-level JSON-LD array",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "street address with postal code in the JSON-LD array's Organization → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/kaffe", "Kaffe"],
        ["/collections/prenumeration", "Prenumeration"],
      ],
      footerLinks: [
        ["/policies/terms-of-service", "Köpvillkor"],
        ["/policies/privacy-policy", "Integritetspolicy"],
      ],
      footer: `<p>Rostat i Umeå ☕</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Skogsbruna Kaffe",
        main: products("Våra kaffen", [
          p("Mellanrost Björk 450 g", "149 kr", "149.00", "SEK"),
          p("Espresso Tall 1 kg", "299 kr", "299.00", "SEK"),
          p("Prenumeration 3 mån", "249 kr", "249.00", "SEK"),
        ]),
        jsonLd: [
          [
            {
              "@context": "https://schema.org",
              "@type": "WebSite",
              name: "Skogsbruna Kaffe",
              url: "https://skogsbruna-kaffe.se",
            },
            {
              "@context": "https://schema.org",
              "@type": "Organization",
              name: "Skogsbruna Kaffe AB",
              taxID: skogsbruna,
              address: {
                "@type": "PostalAddress",
                streetAddress: "Kungsgatan 52",
                postalCode: "903 26",
                addressLocality: "Umeå",
                addressCountry: "SE",
              },
            },
          ],
        ],
      },
    }),
  ),

  site(
    {
      domain: "keramik-nielsen.dk",
      name: "Keramik Nielsen",
      platform: "squarespace",
      country: "DK",
      language: "da-DK",
      kind: "Squarespace ceramics studio with a shop; CVR and address in the handelsbetingelser",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Danish street address and CVR in the handelsbetingelser; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/shop", "Shop"],
        ["/om", "Om"],
        ["/kontakt", "Kontakt"],
      ],
      footerLinks: [
        ["/handelsbetingelser", "Handelsbetingelser"],
        ["/kontakt", "Kontakt"],
      ],
      footer: `<p class="" style="white-space:pre-wrap;">Keramik Nielsen · håndlavet i Aarhus</p>`,
      banner: "custom",
    },
    ({ products }) => ({
      "/": {
        title: "Keramik Nielsen",
        main: products("Nyheder", [
          p("Kop, sandglasur", "295,00 kr.", "295.00", "DKK"),
          p("Skål, stor", "650,00 kr.", "650.00", "DKK"),
        ]),
      },
      "/handelsbetingelser": {
        title: "Handelsbetingelser",
        main: `<div class="sqs-block html-block sqs-block-html"><div class="sqs-block-content"><h2>Handelsbetingelser</h2><p class="" style="white-space:pre-wrap;">Keramik Nielsen v/ Mette Nielsen<br>Mejlgade 48, st.<br>8000 Aarhus C<br>CVR-nr.: ${cvr}<br>E-mail: mette@keramik-nielsen.dk</p><p class="" style="white-space:pre-wrap;">Fortrydelsesret: 14 dage.</p></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "knihkupectvi-u-mostu.cz",
      name: "Knihkupectví U Mostu",
      platform: "woocommerce",
      country: "CZ",
      language: "cs-CZ",
      kind: "WooCommerce bookshop in Prague, prices in Kč, address in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Mostecká street address with Czech postcode 118 00 in the footer; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/obchod/", "Obchod"],
        ["/o-nas/", "O nás"],
      ],
      footerLinks: [
        ["/obchodni-podminky/", "Obchodní podmínky"],
        ["/kontakt/", "Kontakt"],
      ],
      footer: `<p>Knihkupectví U Mostu s.r.o.<br>Mostecká 16<br>118 00 Praha 1<br>IČO: ${knihy}</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Úvod",
        main: products("Novinky", [
          p("Bohumil Hrabal: Příliš hlučná samota", "279 Kč", "279.00", "CZK"),
          p("Záložka Karlův most", "49 Kč", "49.00", "CZK"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "nordic-hiking-journal.se",
      name: "Nordic Hiking Journal",
      platform: "wordpress",
      country: "SE",
      language: "sv-SE",
      kind: "WordPress hiking magazine, nothing sold; the publisher's address is in Article JSON-LD",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "non-commercial, but the publisher's street address is stated (Article publisher) → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Artiklar"],
        ["/om-oss/", "Om oss"],
      ],
      footerLinks: [["/integritetspolicy/", "Integritetspolicy"]],
      footer: `<p>Nordic Hiking Journal – oberoende sedan 2014</p>`,
      banner: "none",
    },
    () => ({
      "/": {
        title: "Artiklar",
        main: `<article class="post"><h2><a href="/2026/09/kungsleden/">Kungsleden på tio dagar</a></h2><p>Från Abisko till Nikkaluokta.</p></article>`,
        jsonLd: [
          {
            "@context": "https://schema.org",
            "@type": "Article",
            headline: "Kungsleden på tio dagar",
            datePublished: "2026-09-12",
            author: { "@type": "Person", name: "Elin Sandberg" },
            publisher: {
              "@type": "Organization",
              name: "Fjällmedia AB",
              logo: { "@type": "ImageObject", url: "https://nordic-hiking-journal.se/logo.png" },
              address: {
                "@type": "PostalAddress",
                streetAddress: "Storgatan 33",
                postalCode: "831 30",
                addressLocality: "Östersund",
                addressCountry: "SE",
              },
            },
          },
        ],
      },
    }),
  ),

  site(
    {
      domain: "shinshu-soba-honpo.jp",
      name: "信州そば本舗",
      platform: "handwritten",
      country: "JP",
      language: "ja-JP",
      kind: "hand-written soba shop, 特定商取引法に基づく表記 with 法人番号, listed in the corporate-number register",
      expected: {
        rating: "A",
        ratingInfo: "",
        why: "株式会社 name, 〒 address and 法人番号 in the 特定商取引法 page; the register lists that number under this name at 〒380-0841 → gate:verified",
      },
      register: { register: "houjin-bangou", number: soba, name: "株式会社信州そば本舗", postcode: "380-0841" },
    },
    {
      nav: [
        ["/", "トップ"],
        ["/shop/", "オンラインショップ"],
        ["/company/", "会社概要"],
      ],
      footerLinks: [
        ["/law/", "特定商取引法に基づく表記"],
        ["/privacy/", "プライバシーポリシー"],
        ["/company/", "会社概要"],
      ],
      footer: `<p>Copyright © 信州そば本舗 All Rights Reserved.</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "トップ",
        main: `<h1>信州の手打ちそば</h1>${products("人気商品", [p("十割そば 4人前", "¥3,980", "3980", "JPY"), p("そばつゆセット", "¥1,280", "1280", "JPY")])}`,
      },
      "/law/": {
        title: "特定商取引法に基づく表記",
        main: `<h1>特定商取引法に基づく表記</h1><table class="law"><tr><th>販売業者</th><td>株式会社信州そば本舗</td></tr><tr><th>運営統括責任者</th><td>小林 誠</td></tr><tr><th>所在地</th><td>〒380-0841 長野県長野市大門町52</td></tr><tr><th>電話番号</th><td>026-232-1188</td></tr><tr><th>法人番号</th><td>${soba}</td></tr><tr><th>販売価格</th><td>各商品ページに記載（税込）</td></tr><tr><th>返品・交換</th><td>商品の性質上、お客様都合による返品はお受けできません。</td></tr></table>`,
      },
      "/company/": {
        title: "会社概要",
        main: `<h1>会社概要</h1><dl><dt>会社名</dt><dd>株式会社信州そば本舗</dd><dt>設立</dt><dd>1998年4月</dd><dt>所在地</dt><dd>長野県長野市大門町52</dd></dl>`,
      },
    }),
  ),

  site(
    {
      domain: "kyoto-chaya-honpo.jp",
      name: "京都茶屋本舗",
      platform: "shopify",
      country: "JP",
      language: "ja",
      kind: "Shopify tea shop, yen prices, Shopify's legal-notice policy titled 特定商取引法に基づく表記",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "〒 address in Kyoto in the 特定商取引法 notice; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/collections/matcha", "抹茶"],
        ["/collections/sencha", "煎茶"],
        ["/collections/gift", "ギフト"],
      ],
      footerLinks: [
        ["/policies/legal-notice", "特定商取引法に基づく表記"],
        ["/policies/privacy-policy", "プライバシーポリシー"],
        ["/policies/terms-of-service", "利用規約"],
      ],
      footer: `<p>京都・宇治の銘茶をお届けします</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "京都茶屋本舗",
        main: products("おすすめ", [
          p("宇治抹茶 雅 40g", "¥3,980", "3980", "JPY"),
          p("玉露 100g", "¥2,700", "2700", "JPY"),
          p("ほうじ茶ティーバッグ", "¥980", "980", "JPY"),
        ]),
      },
      "/policies/legal-notice": {
        title: "特定商取引法に基づく表記",
        main: `<div class="shopify-policy__container"><div class="shopify-policy__title"><h1>特定商取引法に基づく表記</h1></div><div class="shopify-policy__body"><div class="rte"><p>販売業者：株式会社京都茶屋本舗</p><p>代表者：山本 京子</p><p>所在地：〒604-8005 京都府京都市中京区河原町通三条上る恵比須町427</p><p>電話番号：075-211-3344（受付時間 10:00〜17:00）</p><p>メールアドレス：info@kyoto-chaya-honpo.jp</p><p>法人番号：${kyoto}</p><p>商品代金以外の必要料金：送料（全国一律660円）</p></div></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "tokyo-stationery-lab.jp",
      name: "東京文具ラボ",
      platform: "handwritten",
      country: "JP",
      language: "ja-JP",
      kind: "hand-written stationery shop, address with 〒 on the 会社概要 page and a basket form",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "〒 address in Shibuya on the 会社概要 page → identity stated, gate:unverified",
      },
    },
    {
      nav: [
        ["/", "ホーム"],
        ["/items/", "商品一覧"],
        ["/about/", "会社概要"],
        ["/contact/", "お問い合わせ"],
      ],
      footerLinks: [
        ["/about/", "会社概要"],
        ["/tokusho/", "特定商取引法表記"],
      ],
      footer: `<p>© 東京文具ラボ</p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "ホーム",
        main: products("新商品", [
          p("万年筆 ブルーブラック", "¥12,100", "12100", "JPY"),
          p("方眼ノート A5", "¥880", "880", "JPY"),
        ]),
      },
      "/about/": {
        title: "会社概要",
        main: `<h1>会社概要</h1><table><tr><th>社名</th><td>有限会社東京文具ラボ</td></tr><tr><th>所在地</th><td>〒150-0001<br>東京都渋谷区神宮前5-10-1 青山ビル3F</td></tr><tr><th>TEL</th><td>03-5468-1234</td></tr><tr><th>事業内容</th><td>文具の企画・販売</td></tr></table>`,
      },
      "/tokusho/": {
        title: "特定商取引法表記",
        main: `<h1>特定商取引法表記</h1><p>販売業者：有限会社東京文具ラボ<br>所在地：会社概要をご覧ください</p>`,
      },
    }),
  ),

  site(
    {
      domain: "kawaii-zakka-shop.jp",
      name: "かわいい雑貨ショップ",
      platform: "shopify",
      country: "JP",
      language: "ja",
      kind: "Shopify zakka shop whose 特商法 page says the address is disclosed only on request",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells in yen; the legal notice withholds the address (「請求があれば遅滞なく開示」) → no address, gate:no_location",
      },
    },
    {
      nav: [
        ["/collections/all", "すべての商品"],
        ["/collections/new", "新着"],
      ],
      footerLinks: [
        ["/policies/legal-notice", "特定商取引法に基づく表記"],
        ["/policies/privacy-policy", "プライバシーポリシー"],
      ],
      footer: `<p>Instagram @kawaii_zakka_shop</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "かわいい雑貨ショップ",
        main: products("人気アイテム", [
          p("うさぎマグカップ", "¥1,650", "1650", "JPY"),
          p("ねこポーチ", "¥1,320", "1320", "JPY"),
        ]),
      },
      "/policies/legal-notice": {
        title: "特定商取引法に基づく表記",
        main: `<div class="shopify-policy__container"><h1>特定商取引法に基づく表記</h1><div class="shopify-policy__body"><div class="rte"><p>販売業者：かわいい雑貨ショップ</p><p>所在地：請求があれば遅滞なく開示いたします</p><p>電話番号：請求があれば遅滞なく開示いたします</p><p>メールアドレス：hello@kawaii-zakka-shop.jp</p></div></div></div>`,
      },
    }),
  ),

  site(
    {
      domain: "cafe-serra-mineira.com.br",
      name: "Café Serra Mineira",
      platform: "woocommerce",
      country: "BR",
      language: "pt-BR",
      kind: "WooCommerce coffee shop, R$ prices, CNPJ and CEP address in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Rua address with CEP in Belo Horizonte and CNPJ in the footer; no register answer → gate:unverified",
      },
    },
    {
      nav: [
        ["/loja/", "Loja"],
        ["/sobre/", "Sobre"],
        ["/contato/", "Contato"],
      ],
      footerLinks: [
        ["/termos-de-uso/", "Termos de uso"],
        ["/politica-de-privacidade/", "Política de privacidade"],
        ["/trocas-e-devolucoes/", "Trocas e devoluções"],
      ],
      footer: `<p>Café Serra Mineira Ltda. – CNPJ ${brCnpj("23456789")}<br>Rua Sergipe, 1230 – Savassi, Belo Horizonte – MG, 30130-171</p>`,
      banner: "complianz",
    },
    ({ products }) => ({
      "/": {
        title: "Início",
        main: products("Mais vendidos", [
          p("Café especial Bourbon Amarelo 250 g", "R$ 49,90", "49.90", "BRL"),
          p("Café em grãos 1 kg", "R$ 129,90", "129.90", "BRL"),
          p("Kit presente Serra", "R$ 189,00", "189.00", "BRL"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "moda-praia-rio.com.br",
      name: "Moda Praia Rio",
      platform: "wix",
      country: "BR",
      language: "pt-BR",
      kind: "Wix beachwear store, address split across rich-text lines in the footer",
      expected: {
        rating: "Q",
        ratingInfo: "unverified",
        why: "Rua Visconde de Pirajá address with CEP in the footer → gate:unverified",
      },
    },
    {
      nav: [
        ["/", "Início"],
        ["/loja", "Loja"],
      ],
      footerLinks: [
        ["/politica-de-trocas", "Política de trocas"],
        ["/contato", "Contato"],
      ],
      footer: `<p class="font_8 wixui-rich-text__text"><span class="wixui-rich-text__text">Moda Praia Rio</span></p><p class="font_8 wixui-rich-text__text"><span class="wixui-rich-text__text">Rua Visconde de Pirajá, 414 - Loja 3</span></p><p class="font_8 wixui-rich-text__text"><span class="wixui-rich-text__text">Ipanema, Rio de Janeiro - RJ</span></p><p class="font_8 wixui-rich-text__text"><span class="wixui-rich-text__text">CEP 22410-002</span></p>`,
      banner: "none",
    },
    ({ products }) => ({
      "/": {
        title: "Início",
        main: products("Coleção Verão", [
          p("Biquíni Arpoador", "R$ 179,90", "179.90", "BRL"),
          p("Saída de praia Leblon", "R$ 229,00", "229.00", "BRL"),
        ]),
      },
    }),
  ),

  site(
    {
      domain: "ofertas-eletronicos-br.com.br",
      name: "Ofertas Eletrônicos",
      platform: "shopify",
      country: "BR",
      language: "pt-BR",
      kind: "Shopify dropshipping electronics, R$ prices, WhatsApp only, no address",
      expected: {
        rating: "X",
        ratingInfo: "no_location",
        why: "sells (cart, prices) with no postal address → gate:no_location",
      },
    },
    {
      nav: [
        ["/collections/fones", "Fones"],
        ["/collections/ofertas", "Ofertas"],
      ],
      footerLinks: [
        ["/policies/refund-policy", "Política de reembolso"],
        ["/pages/rastreio", "Rastrear pedido"],
      ],
      footer: `<p>Atendimento via WhatsApp</p>`,
      banner: "shopify",
    },
    ({ products }) => ({
      "/": {
        title: "Ofertas Eletrônicos",
        main: products("Queima de estoque", [
          p("Fone Bluetooth Pro", "R$ 89,90", "89.90", "BRL"),
          p("Smartwatch Ultra", "R$ 149,90", "149.90", "BRL"),
        ]),
      },
    }),
  ),
];
