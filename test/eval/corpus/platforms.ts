/**
 * @module The page chrome each platform's default theme emits — Shopify (Dawn), WooCommerce (Storefront),
 * Magento 2 (Luma), BigCommerce (Cornerstone), PrestaShop 1.7 (classic), Shopware 6, Wix, Squarespace 7.1,
 * WordPress (block theme) and plain hand-written HTML — with their class names, cart links, product cards,
 * scripts and cookie banners, so the corpus looks to the rater like the real web does: noisy, and selling
 * through markup rather than words. Site-specific words (addresses, legal pages) come from the site files.
 */
import type { Platform } from "./types.ts";

export interface Product {
  name: string;
  /** As the shop prints it: "1.299,00 €", "CHF 49.–", "¥3,980", "R$ 129,90". */
  price: string;
  /** schema.org price: "1299.00". */
  amount: string;
  currency: string;
}

export interface Shell {
  platform: Platform;
  domain: string;
  name: string;
  lang: string;
  /** Header menu: [href, text]. */
  nav: [string, string][];
  /** Footer links (legal, service): [href, text]. */
  footerLinks: [string, string][];
  /** Extra footer HTML (an address block, a payment line …); "" for none. */
  footer: string;
  banner: "cookiebot" | "onetrust" | "complianz" | "borlabs" | "shopify" | "custom" | "none";
}

export interface PageSpec {
  path: string;
  title: string;
  main: string;
  /** JSON-LD blocks, each emitted as its own script element. */
  jsonLd?: unknown[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const CART_WORD: Record<string, [string, string]> = {
  de: ["Warenkorb", "In den Warenkorb"],
  fr: ["Panier", "Ajouter au panier"],
  es: ["Carrito", "Añadir al carrito"],
  it: ["Carrello", "Aggiungi al carrello"],
  nl: ["Winkelwagen", "In winkelwagen"],
  pl: ["Koszyk", "Dodaj do koszyka"],
  sv: ["Varukorg", "Lägg i varukorgen"],
  da: ["Kurv", "Læg i kurv"],
  en: ["Cart", "Add to cart"],
  ja: ["カート", "カートに追加"],
  pt: ["Carrinho", "Adicionar ao carrinho"],
  cs: ["Košík", "Přidat do košíku"],
};

/** The chrome's own words as each platform's language pack prints them (a Polish Dawn store says "Cena regularna"). */
const UI = {
  regularPrice: {
    de: "Normaler Preis",
    fr: "Prix habituel",
    es: "Precio habitual",
    it: "Prezzo di listino",
    nl: "Normale prijs",
    pl: "Cena regularna",
    sv: "Ordinarie pris",
    da: "Normalpris",
    ja: "通常価格",
    pt: "Preço normal",
    cs: "Běžná cena",
    en: "Regular price",
  },
  skip: {
    de: "Direkt zum Inhalt",
    fr: "Passer au contenu",
    es: "Ir directamente al contenido",
    it: "Vai direttamente ai contenuti",
    nl: "Meteen naar de content",
    pl: "Przejdź do treści",
    sv: "Gå vidare till innehållet",
    da: "Gå til indhold",
    ja: "コンテンツに進む",
    pt: "Pular para o conteúdo",
    cs: "Přeskočit na obsah",
    en: "Skip to content",
  },
  search: {
    de: "Suchen",
    fr: "Recherche",
    es: "Búsqueda",
    it: "Cerca",
    nl: "Zoeken",
    pl: "Szukaj",
    sv: "Sök",
    da: "Søg",
    ja: "検索",
    pt: "Pesquisar",
    cs: "Hledat",
    en: "Search",
  },
  login: {
    de: "Einloggen",
    fr: "Connexion",
    es: "Iniciar sesión",
    it: "Accedi",
    nl: "Inloggen",
    pl: "Zaloguj się",
    sv: "Logga in",
    da: "Log ind",
    ja: "ログイン",
    pt: "Entrar",
    cs: "Přihlásit se",
    en: "Log in",
  },
  payment: {
    de: "Zahlungsmethoden",
    fr: "Moyens de paiement",
    es: "Formas de pago",
    it: "Metodi di pagamento",
    nl: "Betaalmethoden",
    pl: "Metody płatności",
    sv: "Betalningsmetoder",
    da: "Betalingsmetoder",
    ja: "決済方法",
    pt: "Formas de pagamento",
    cs: "Platební metody",
    en: "Payment methods",
  },
  skipNav: {
    de: "Zur Navigation springen",
    fr: "Aller à la navigation",
    es: "Saltar a navegación",
    it: "Vai alla navigazione",
    nl: "Ga door naar navigatie",
    pl: "Przejdź do nawigacji",
    sv: "Hoppa till navigering",
    da: "Spring til navigation",
    ja: "ナビゲーションへ移動",
    pt: "Pular para navegação",
    cs: "Přejít na navigaci",
    en: "Skip to navigation",
  },
  createAccount: {
    de: "Kundenkonto anlegen",
    fr: "Créer un compte",
    es: "Crear una cuenta",
    it: "Crea un account",
    nl: "Account aanmaken",
    pl: "Załóż konto",
    sv: "Skapa konto",
    da: "Opret konto",
    ja: "アカウント作成",
    pt: "Criar uma conta",
    cs: "Vytvořit účet",
    en: "Create an Account",
  },
  wishlist: {
    de: "Wunschzettel",
    fr: "Liste d'envies",
    es: "Lista de deseos",
    it: "Lista dei desideri",
    nl: "Verlanglijst",
    pl: "Lista życzeń",
    sv: "Önskelista",
    da: "Ønskeliste",
    ja: "ほしい物リスト",
    pt: "Lista de desejos",
    cs: "Seznam přání",
    en: "Wish List",
  },
  price: {
    de: "Preis",
    fr: "Prix",
    es: "Precio",
    it: "Prezzo",
    nl: "Prijs",
    pl: "Cena",
    sv: "Pris",
    da: "Pris",
    ja: "価格",
    pt: "Preço",
    cs: "Cena",
    en: "Price",
  },
  quickView: {
    de: "Schnellansicht",
    fr: "Aperçu rapide",
    es: "Vista rápida",
    it: "Anteprima",
    nl: "Snelle weergave",
    pl: "Szybki podgląd",
    sv: "Snabbvy",
    da: "Hurtig visning",
    ja: "クイックビュー",
    pt: "Vista rápida",
    cs: "Rychlý náhled",
    en: "Quick view",
  },
  allProducts: {
    de: "Alle Artikel",
    fr: "Tous les produits",
    es: "Todos los productos",
    it: "Tutti i prodotti",
    nl: "Alle producten",
    pl: "Wszystkie produkty",
    sv: "Alla produkter",
    da: "Alle produkter",
    ja: "すべての商品",
    pt: "Todos os produtos",
    cs: "Všechny produkty",
    en: "All products",
  },
  ourCompany: {
    de: "Unser Unternehmen",
    fr: "Notre société",
    es: "Nuestra empresa",
    it: "La nostra azienda",
    nl: "Ons bedrijf",
    pl: "Nasza firma",
    sv: "Vårt företag",
    da: "Vores virksomhed",
    ja: "会社情報",
    pt: "A nossa empresa",
    cs: "Naše společnost",
    en: "Our company",
  },
  information: {
    de: "Shop-Informationen",
    fr: "Informations",
    es: "Información de la tienda",
    it: "Informazioni negozio",
    nl: "Winkelinformatie",
    pl: "Informacje",
    sv: "Butiksinformation",
    da: "Butiksinformation",
    ja: "ストア情報",
    pt: "Informações da loja",
    cs: "Informace o obchodu",
    en: "Store information",
  },
  poweredBy: {
    de: "Shop erstellt mit PrestaShop",
    fr: "Boutique propulsée par PrestaShop™",
    es: "Tienda creada con PrestaShop™",
    it: "Negozio creato con PrestaShop™",
    nl: "Webwinkel gemaakt met PrestaShop™",
    pl: "Sklep internetowy PrestaShop™",
    sv: "Butik skapad med PrestaShop™",
    da: "Butik lavet med PrestaShop™",
    ja: "PrestaShop™ で作成",
    pt: "Loja criada com PrestaShop™",
    cs: "Obchod vytvořen v PrestaShop™",
    en: "Ecommerce software by PrestaShop™",
  },
} as const;

function ui(lang: string, key: keyof typeof UI): string {
  const words: Record<string, string> = UI[key];
  return words[lang.slice(0, 2)] ?? words.en ?? key;
}

/** PrestaShop's friendly URLs of its own pages, per language. */
const PS_URLS: Record<string, { contact: string; account: string; home: string; cart: string }> = {
  fr: { contact: "/nous-contacter", account: "/mon-compte", home: "/2-accueil", cart: "/panier" },
  es: { contact: "/contactenos", account: "/mi-cuenta", home: "/2-inicio", cart: "/carrito" },
  pt: { contact: "/contacte-nos", account: "/a-minha-conta", home: "/2-pagina-inicial", cart: "/carrinho" },
};
const psUrls = (lang: string) => PS_URLS[lang.slice(0, 2)] ?? (PS_URLS.fr as (typeof PS_URLS)[string]);

export function cartWords(lang: string): [string, string] {
  return CART_WORD[lang.slice(0, 2)] ?? ["Cart", "Add to cart"];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .slice(0, 40) || "item";

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 16777619) >>> 0;
  return h;
}

function bannerHtml(kind: Shell["banner"], lang: string, domain: string): string {
  const id = hash(domain).toString(16);
  switch (kind) {
    case "cookiebot":
      return `<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="${id}-4e1c-4a2b-9f3e-0c1d2e3f4a5b" data-blockingmode="auto" type="text/javascript"></script>`;
    case "onetrust":
      return `<script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js" type="text/javascript" charset="UTF-8" data-domain-script="${id}-0000-4000-8000-000000000000"></script>
<script type="text/javascript">function OptanonWrapper() { }</script>`;
    case "complianz":
      return `<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner cmplz-hidden banner-1 optin cmplz-bottom-right cmplz-categories-type-view-preferences" aria-modal="true" data-nosnippet="true" role="dialog"><div class="cmplz-header"><div class="cmplz-title">Cookie</div></div><div class="cmplz-body"><div class="cmplz-message"><p>${lang.startsWith("de") ? "Wir verwenden Cookies, um unsere Website und unseren Service zu optimieren." : "We use cookies to optimise our website and our service."}</p></div></div><div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">OK</button><button class="cmplz-btn cmplz-deny">Deny</button></div></div></div>`;
    case "borlabs":
      return `<div data-nosnippet><script id="BorlabsCookieBoxWrap" type="text/template"><div id="BorlabsCookieBox" class="BorlabsCookie" role="dialog" aria-labelledby="CookieBoxTextHeadline" aria-describedby="CookieBoxTextDescription" aria-modal="true"><div class="middle-center" style="display: none;"><div class="_brlbs-box-wrap"><div class="_brlbs-box _brlbs-box-advanced"><div class="cookie-box"><div class="container"><div class="row"><div class="col-12"><div class="_brlbs-flex-center"><span role="heading" aria-level="3" class="_brlbs-h3" id="CookieBoxTextHeadline">Datenschutzeinstellungen</span></div><p id="CookieBoxTextDescription"><span class="_brlbs-paragraph _brlbs-text-description">Wir nutzen Cookies auf unserer Website. Einige von ihnen sind essenziell, während andere uns helfen, diese Website und Ihre Erfahrung zu verbessern.</span></p></div></div></div></div></div></div></div></div></script></div>`;
    case "shopify":
      return `<div id="shopify-pc__banner" class="shopify-pc__banner__dialog" role="alertdialog" aria-hidden="true"></div>`;
    case "custom":
      return `<div class="cookie-notice" id="cookie-notice" hidden><p>${lang.startsWith("en") ? "This site uses cookies." : "Cookies 🍪"}</p><button type="button" onclick="document.getElementById('cookie-notice').remove()">OK</button></div>`;
    case "none":
      return "";
  }
}

function ld(blocks: unknown[] | undefined): string {
  return (blocks ?? [])
    .map((b) => `<script type="application/ld+json">${JSON.stringify(b, null, 2).replace(/</g, "\\u003c")}</script>`)
    .join("\n");
}

function analytics(domain: string): string {
  const id = `G-${(hash(domain) % 9_000_000_000).toString(36).toUpperCase()}`;
  return `<script async src="https://www.googletagmanager.com/gtag/js?id=${id}"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', '${id}');</script>`;
}

/** Product cards in the platform's own markup, each with its add-to-cart control. */
export function productGrid(shell: Shell, products: Product[]): string {
  const [, add] = cartWords(shell.lang);
  return products
    .map((p, i) => {
      const id = 1000 + (hash(shell.domain + p.name) % 8000);
      const handle = slug(p.name);
      switch (shell.platform) {
        case "shopify":
          return `<li class="grid__item scroll-trigger animate--slide-in" data-cascade style="--animation-order: ${i + 1};">
<div class="card-wrapper product-card-wrapper underline-links-hover"><div class="card card--standard card--media" style="--ratio-percent: 100%;">
<div class="card__content"><div class="card__information"><h3 class="card__heading h5" id="title-template--${id}"><a href="/products/${handle}" id="CardLink-template--${id}" class="full-unstyled-link">${esc(p.name)}</a></h3>
<div class="card-information"><span class="caption-large light"></span><div class="price"><div class="price__container"><div class="price__regular"><span class="visually-hidden visually-hidden--inline">${esc(ui(shell.lang, "regularPrice"))}</span><span class="price-item price-item--regular">${esc(p.price)}</span></div></div></div></div></div>
<div class="quick-add no-js-hidden"><product-form data-section-id="template--${id}"><form method="post" action="/cart/add" id="quick-add-template--${id}" accept-charset="UTF-8" class="form" enctype="multipart/form-data" novalidate="novalidate" data-type="add-to-cart-form"><input type="hidden" name="form_type" value="product"><input type="hidden" name="utf8" value="✓"><input type="hidden" name="id" value="4${id}77${i}3" class="product-variant-id"><button id="quick-add-template--${id}-submit" type="submit" name="add" class="quick-add__submit button button--full-width button--secondary" aria-haspopup="dialog"><span>${esc(add)}</span><div class="loading__spinner hidden"></div></button></form></product-form></div>
</div></div></div></li>`;
        case "woocommerce":
          return `<li class="product type-product post-${id} status-publish ${i === 0 ? "first" : ""} instock product_cat-uncategorized has-post-thumbnail taxable shipping-taxable purchasable product-type-simple">
<a href="/product/${handle}/" class="woocommerce-LoopProduct-link woocommerce-loop-product__link"><img width="324" height="324" src="/wp-content/uploads/2024/03/${handle}-324x324.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" decoding="async" loading="lazy"><h2 class="woocommerce-loop-product__title">${esc(p.name)}</h2>
<span class="price"><span class="woocommerce-Price-amount amount"><bdi>${esc(p.price)}</bdi></span></span></a><a href="?add-to-cart=${id}" data-quantity="1" class="button wp-element-button product_type_simple add_to_cart_button ajax_add_to_cart" data-product_id="${id}" data-product_sku="" aria-label="${esc(add)}: &ldquo;${esc(p.name)}&rdquo;" rel="nofollow">${esc(add)}</a></li>`;
        case "magento":
          return `<li class="item product product-item"><div class="product-item-info" id="product-item-info_${id}" data-container="product-grid">
<a href="/${handle}.html" class="product photo product-item-photo" tabindex="-1"><span class="product-image-container product-image-container-${id}"><span class="product-image-wrapper"><img class="product-image-photo" src="/media/catalog/product/cache/1/small_image/240x300/${handle}.jpg" loading="lazy" width="240" height="300" alt="${esc(p.name)}"></span></span></a>
<div class="product details product-item-details"><strong class="product name product-item-name"><a class="product-item-link" href="/${handle}.html">${esc(p.name)}</a></strong>
<div class="price-box price-final_price" data-role="priceBox" data-product-id="${id}" data-price-box="product-id-${id}"><span class="price-container price-final_price tax weee"><span id="product-price-${id}" data-price-amount="${p.amount}" data-price-type="finalPrice" class="price-wrapper "><span class="price">${esc(p.price)}</span></span></span></div>
<div class="product-item-inner"><div class="product actions product-item-actions"><div class="actions-primary"><form data-role="tocart-form" data-product-sku="${handle.toUpperCase()}" action="/checkout/cart/add/uenc/aHR0cHM6Ly8/product/${id}/" method="post"><input type="hidden" name="product" value="${id}"><input type="hidden" name="uenc" value="aHR0cHM6Ly8"><input name="form_key" type="hidden" value="Xk2Lq8${id}"><button type="submit" title="${esc(add)}" class="action tocart primary" disabled><span>${esc(add)}</span></button></form></div>
<div data-role="add-to-links" class="actions-secondary"><a href="#" class="action towishlist" data-action="add-to-wishlist" role="button"><span>${esc(ui(shell.lang, "wishlist"))}</span></a></div></div></div></div></div></li>`;
        case "bigcommerce":
          return `<li class="product"><article class="card " data-test="card-${id}" data-event-type="list" data-entity-id="${id}" data-position="${i + 1}" data-name="${esc(p.name)}" data-product-category="" data-product-brand="" data-product-price="${p.amount}">
<figure class="card-figure"><a href="/${handle}/" class="card-figure__link" aria-label="${esc(p.name)}, ${esc(p.price)}" data-event-type="product-click"><div class="card-img-container"><img src="https://cdn11.bigcommerce.com/s-${id}x/images/stencil/500x659/products/${id}/${handle}.jpg" alt="${esc(p.name)}" class="card-image lazyload" data-sizes="auto"></div></a></figure>
<div class="card-body"><h3 class="card-title"><a aria-label="${esc(p.name)}, ${esc(p.price)}" href="/${handle}/" data-event-type="product-click">${esc(p.name)}</a></h3>
<div class="card-text" data-test-info-type="price"><div class="price-section price-section--withoutTax"><span class="price-label"></span><span data-product-price-without-tax class="price price--withoutTax">${esc(p.price)}</span></div></div>
<div class="card-figcaption-body"><a href="/cart.php?action=add&amp;product_id=${id}" data-event-type="product-click" data-button-type="add-cart" class="button button--small card-figcaption-button">${esc(add)}</a><span class="product-status-message aria-description--hidden">The item has been added</span></div></div></article></li>`;
        case "prestashop":
          return `<div class="js-product product col-xs-12 col-sm-6 col-xl-4"><article class="product-miniature js-product-miniature" data-id-product="${id}" data-id-product-attribute="0" itemscope itemtype="http://schema.org/Product">
<div class="thumbnail-container"><a href="/${id}-${handle}.html" class="thumbnail product-thumbnail"><img src="/${id}-home_default/${handle}.jpg" alt="${esc(p.name)}" loading="lazy" data-full-size-image-url="/${id}-large_default/${handle}.jpg" width="250" height="250"></a>
<div class="product-description"><h3 class="h3 product-title" itemprop="name"><a href="/${id}-${handle}.html" itemprop="url" content="/${id}-${handle}.html">${esc(p.name)}</a></h3>
<div class="product-price-and-shipping" itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span class="price" aria-label="${esc(ui(shell.lang, "price"))}" itemprop="price" content="${p.amount}">${esc(p.price)}</span><meta itemprop="priceCurrency" content="${p.currency}"><div class="hook-reviews"></div></div></div>
<div class="highlighted-informations no-variants hidden-sm-down"><a class="quick-view js-quick-view" href="#" data-link-action="quickview"><i class="material-icons search">&#xE8B6;</i> ${esc(ui(shell.lang, "quickView"))}</a></div></div></article></div>`;
        case "shopware":
          return `<div class="cms-listing-col col-sm-6 col-lg-4 col-xl-3"><div class="card product-box box-standard"><div class="card-body">
<div class="product-image-wrapper"><a href="/${handle}/${hash(p.name).toString(16)}" title="${esc(p.name)}" class="product-image-link is-standard"><img src="/media/${hash(p.name).toString(16).slice(0, 2)}/${handle}.jpg" class="product-image is-standard" alt="${esc(p.name)}" loading="lazy"></a></div>
<div class="product-info"><a href="/${handle}/${hash(p.name).toString(16)}" class="product-name" title="${esc(p.name)}">${esc(p.name)}</a>
<div class="product-price-info"><p class="product-price-unit"></p><div class="product-price-wrapper"><span class="product-price">${esc(p.price)}*</span></div></div>
<div class="product-action"><form action="/checkout/line-item/add" method="post" class="buy-widget" data-add-to-cart="true"><input type="hidden" name="redirectTo" value="frontend.cart.offcanvas"><input type="hidden" name="lineItems[${hash(p.name).toString(16)}][id]" value="${hash(p.name).toString(16)}"><input type="hidden" name="lineItems[${hash(p.name).toString(16)}][type]" value="product"><input type="hidden" name="lineItems[${hash(p.name).toString(16)}][quantity]" value="1"><button class="btn btn-block btn-buy" title="${esc(add)}">${esc(add)}</button></form></div></div></div></div></div>`;
        case "wix":
          return `<li data-hook="product-list-grid-item" class="oB3Z2m"><div data-slug="${handle}" role="group" aria-label="${esc(p.name)} gallery" data-hook="product-item-root" class="ETPbIy">
<a href="/product-page/${handle}" tabindex="-1" class="JPDEZd" data-hook="product-item-container"><div data-hook="product-item-images" class="s_xg1g"><wow-image class="HlRz5e" data-image-info='{"imageData":{"width":1000,"height":1000}}'><img alt="${esc(p.name)}" fetchpriority="low" loading="lazy" src="https://static.wixstatic.com/media/${hash(p.name).toString(16)}~mv2.jpg"></wow-image></div></a>
<div class="ohKsIK" data-hook="not-image-container"><div data-hook="product-item-product-details" class="qt5yMj"><div data-hook="product-item-name" class="sMgpFu">${esc(p.name)}</div><div class="CFbqBV" data-hook="product-item-price-wrapper"><span data-hook="sr-product-item-price-to-pay" class="wixui-visually-hidden">Price</span><span data-hook="product-item-price-to-pay" data-wix-price="${esc(p.price)}" class="cfpn1d">${esc(p.price)}</span></div></div>
<div class="Zr88VV" data-hook="product-item-product-details-link"><button class="sQp9Nq" data-hook="product-item-add-to-cart-button" aria-disabled="false"><span class="l7_2fn">${esc(add)}</span></button></div></div></div></li>`;
        case "squarespace":
          return `<div class="grid-item" data-item-id="${hash(p.name).toString(16)}" data-controller="ProductListImageLoader"><a href="/shop/p/${handle}" class="grid-item-link"><div class="grid-image"><div class="grid-image-wrapper"><img data-src="https://images.squarespace-cdn.com/content/v1/${hash(shell.domain).toString(16)}/${handle}.jpg" alt="${esc(p.name)}" loading="lazy"></div></div>
<section class="grid-meta-wrapper"><div class="grid-main-meta"><div class="grid-title">${esc(p.name)}</div><div class="grid-prices"><div class="product-price">${esc(p.price)}</div></div></div></section></a>
<div class="grid-item-add-to-cart"><div class="sqs-add-to-cart-button-wrapper" role="button" tabindex="0"><div class="sqs-add-to-cart-button sqs-suppress-edit-mode sqs-editable-button sqs-button-element--primary" role="button" tabindex="0" data-dynamic-strings data-collection-id="${hash(shell.domain).toString(16)}" data-item-id="${hash(p.name).toString(16)}" data-product-type="1" data-use-custom-label="false" data-original-label="${esc(add)}"><div class="sqs-add-to-cart-button-inner">${esc(add)}</div></div></div></div></div>`;
        default:
          return `<div class="product"><h3>${esc(p.name)}</h3><p class="price">${esc(p.price)}</p><form method="post" action="/basket/add"><input type="hidden" name="sku" value="${id}"><button type="submit">${esc(add)}</button></form></div>`;
      }
    })
    .join("\n");
}

/** A grid of products wrapped in the platform's collection container. */
export function productSection(shell: Shell, heading: string, products: Product[]): string {
  const cards = productGrid(shell, products);
  switch (shell.platform) {
    case "shopify":
      return `<div id="shopify-section-template--21__featured_collection" class="shopify-section section"><div class="color-scheme-1 gradient"><div class="collection section-template--21__featured_collection-padding"><div class="collection__title title-wrapper title-wrapper--no-top-margin page-width"><h2 class="title inline-richtext h2 scroll-trigger animate--slide-in">${esc(heading)}</h2></div><slider-component class="slider-mobile-gutter page-width page-width-desktop scroll-trigger animate--slide-in"><ul id="Slider-template--21__featured_collection" class="grid product-grid contains-card contains-card--product grid--4-col-desktop grid--2-col-tablet-down" role="list" aria-label="Slider">
${cards}
</ul></slider-component></div></div></div>`;
    case "woocommerce":
      return `<section class="storefront-product-section storefront-recent-products" aria-label="${esc(heading)}"><h2 class="section-title">${esc(heading)}</h2><div class="woocommerce columns-4 "><ul class="products columns-4">
${cards}
</ul></div></section>`;
    case "magento":
      return `<div class="block widget block-products-list grid"><div class="block-title"><strong>${esc(heading)}</strong></div><div class="block-content"><div class="products-grid grid"><ol class="product-items widget-product-grid">
${cards}
</ol></div></div></div>`;
    case "bigcommerce":
      return `<div class="page-content"><h2 class="page-heading">${esc(heading)}</h2><section class="productCarousel" data-list-name="Featured Products"><ul class="productGrid">
${cards}
</ul></section></div>`;
    case "prestashop":
      return `<section class="featured-products clearfix"><h2 class="h2 products-section-title text-uppercase">${esc(heading)}</h2><div class="products row">
${cards}
</div><a class="all-product-link float-xs-left float-md-right h4" href="${psUrls(shell.lang).home}">${esc(ui(shell.lang, "allProducts"))}<i class="material-icons">&#xE315;</i></a></section>`;
    case "shopware":
      return `<div class="cms-section pos-1 cms-section-default"><div class="cms-block cms-block-product-listing"><h2 class="cms-element-title">${esc(heading)}</h2><div class="cms-element-product-listing-wrapper" data-listing-pagination="true"><div class="cms-element-product-listing"><div class="row cms-listing-row js-listing-wrapper">
${cards}
</div></div></div></div></div>`;
    case "wix":
      return `<section id="comp-lq2x8m1f" class="wixui-section"><div data-testid="columns" class="comp-lq2x8m1f-container"><div data-hook="product-list" class="gallery-app"><h2 class="font_2 wixui-rich-text__text">${esc(heading)}</h2><ul data-hook="product-list-wrapper" class="S4WbK_ uQ5Uah c2Zj9x H1ux6p">
${cards}
</ul></div></div></section>`;
    case "squarespace":
      return `<section class="page-section" data-section-theme=""><div class="content-wrapper"><div class="content"><h2>${esc(heading)}</h2><div class="products-flex-container"><div class="list-grid" id="productList" data-controller="ProductList">
${cards}
</div></div></div></div></section>`;
    default:
      return `<section class="products"><h2>${esc(heading)}</h2>
${cards}
</section>`;
  }
}

const linkList = (links: [string, string][], cls: string, li = "") =>
  links
    .map(([h, t]) => `<li${li ? ` class="${li}"` : ""}><a href="${esc(h)}" class="${cls}">${esc(t)}</a></li>`)
    .join("");

/** A whole HTML document in the platform's chrome around `page.main`. */
export function renderPage(shell: Shell, page: PageSpec): string {
  const [cart] = cartWords(shell.lang);
  const title = page.path === "/" ? shell.name : `${page.title} – ${shell.name}`;
  const canonical = `https://${shell.domain}${page.path}`;
  const common = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="canonical" href="${canonical}">
<meta property="og:site_name" content="${esc(shell.name)}">
<meta property="og:url" content="${canonical}">
<meta property="og:title" content="${esc(title)}">
<meta property="og:type" content="website">
${ld(page.jsonLd)}`;
  const banner = bannerHtml(shell.banner, shell.lang, shell.domain);
  switch (shell.platform) {
    case "shopify":
      return `<!doctype html>
<html class="js" lang="${shell.lang}">
<head>
${common}
<link rel="preconnect" href="https://cdn.shopify.com" crossorigin>
<link rel="icon" type="image/png" href="//${shell.domain}/cdn/shop/files/favicon.png?crop=center&height=32&v=1699999999&width=32">
<script src="//${shell.domain}/cdn/shop/t/7/assets/constants.js?v=132983761750457495441712345678" defer="defer"></script>
<script src="//${shell.domain}/cdn/shop/t/7/assets/pubsub.js?v=158357773527763999511712345678" defer="defer"></script>
<script src="//${shell.domain}/cdn/shop/t/7/assets/global.js?v=37284204640041572741712345678" defer="defer"></script>
<script>window.Shopify = window.Shopify || {};Shopify.shop = "${shell.domain.split(".")[0]}.myshopify.com";Shopify.locale = "${shell.lang}";Shopify.theme = {"name":"Dawn","id":1589${hash(shell.domain) % 100000},"schema_name":"Dawn","schema_version":"15.2.0","theme_store_id":887,"role":"main"};Shopify.cdnHost = "${shell.domain}/cdn";</script>
<script id="shop-js-analytics" type="application/json">{"pageType":"${page.path === "/" ? "index" : "page"}"}</script>
<link href="//${shell.domain}/cdn/shop/t/7/assets/base.css?v=144968985024194912401712345678" rel="stylesheet" type="text/css" media="all">
</head>
<body class="gradient animate--hover-default">
<a class="skip-to-content-link button visually-hidden" href="#MainContent">${esc(ui(shell.lang, "skip"))}</a>
<div id="shopify-section-sections--22__announcement-bar" class="shopify-section shopify-section-group-header-group announcement-bar-section"><div class="utility-bar color-scheme-1 gradient"><div class="page-width utility-bar__grid"><div class="announcement-bar" role="region" aria-label="Announcement"><p class="announcement-bar__message h5"><span>${esc(shell.name)}</span></p></div></div></div></div>
<div id="shopify-section-sections--22__header" class="shopify-section shopify-section-group-header-group section-header"><sticky-header data-sticky-type="on-scroll-up" class="header-wrapper color-scheme-1 gradient header-wrapper--border-bottom"><header class="header header--middle-left header--mobile-center page-width header--has-menu header--has-account">
<a href="/" class="header__heading-link link link--text focus-inset"><span class="h2">${esc(shell.name)}</span></a>
<nav class="header__inline-menu"><ul class="list-menu list-menu--inline" role="list">${linkList(shell.nav, "header__menu-item list-menu__item link link--text focus-inset")}</ul></nav>
<div class="header__icons"><a href="/search" class="header__icon header__icon--search"><span class="visually-hidden">${esc(ui(shell.lang, "search"))}</span></a><a href="/account/login" class="header__icon header__icon--account link focus-inset small-hide"><span class="visually-hidden">${esc(ui(shell.lang, "login"))}</span></a><a href="/cart" class="header__icon header__icon--cart link focus-inset" id="cart-icon-bubble"><span class="visually-hidden">${esc(cart)}</span></a></div>
</header></sticky-header></div>
<main id="MainContent" class="content-for-layout focus-none" role="main" tabindex="-1">
${page.main}
</main>
<div id="shopify-section-sections--22__footer" class="shopify-section shopify-section-group-footer-group"><footer class="footer color-scheme-1 gradient section-sections--22__footer-padding">
<div class="footer__content-top page-width"><div class="footer__blocks-wrapper grid grid--1-col grid--2-col grid--4-col-tablet scroll-trigger animate--slide-in"><div class="footer-block grid__item footer-block--menu"><ul class="footer-block__details-content list-unstyled">${linkList(shell.footerLinks, "link link--text list-menu__item list-menu__item--link")}</ul></div>
<div class="footer-block grid__item"><div class="footer-block__details-content rte">${shell.footer}</div></div></div></div>
<div class="footer__content-bottom"><div class="footer__content-bottom-wrapper page-width"><div class="footer__column footer__localization isolate"></div><div class="footer__column footer__column--info"><div class="footer__payment"><span class="visually-hidden">${esc(ui(shell.lang, "payment"))}</span><ul class="list list-payment" role="list"><li class="list-payment__item"><svg class="icon icon--full-color" viewBox="0 0 38 24" xmlns="http://www.w3.org/2000/svg" role="img" width="38" height="24" aria-labelledby="pi-visa"><title id="pi-visa">Visa</title></svg></li><li class="list-payment__item"><svg class="icon icon--full-color" viewBox="0 0 38 24" role="img" width="38" height="24" aria-labelledby="pi-paypal"><title id="pi-paypal">PayPal</title></svg></li></ul></div>
<div class="footer__copyright caption"><small class="copyright__content">&copy; 2026, <a href="/" title="">${esc(shell.name)}</a></small><small class="copyright__content"><a target="_blank" rel="nofollow" href="https://www.shopify.com?utm_campaign=poweredby&amp;utm_medium=shopify&amp;utm_source=onlinestore">Powered by Shopify</a></small></div></div></div></div>
</footer></div>
${banner}
<script>window.ShopifyAnalytics = window.ShopifyAnalytics || {};window.ShopifyAnalytics.meta = {"page":{"pageType":"home"}};</script>
</body>
</html>`;
    case "woocommerce":
    case "wordpress": {
      const shop = shell.platform === "woocommerce";
      return `<!doctype html>
<html lang="${shell.lang}">
<head>
${common}
<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1'>
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.7.1' media='all'>
${shop ? "<link rel='stylesheet' id='storefront-woocommerce-style-css' href='/wp-content/themes/storefront/assets/css/woocommerce/woocommerce.css?ver=4.6.0' media='all'>\n<script src=\"/wp-content/plugins/woocommerce/assets/js/frontend/add-to-cart.min.js?ver=9.4.3\" id=\"wc-add-to-cart-js\" defer data-wp-strategy=\"defer\"></script>" : "<link rel='stylesheet' id='twentytwentyfour-style' href='/wp-content/themes/twentytwentyfour/style.css?ver=1.3' media='all'>"}
<link rel="https://api.w.org/" href="/wp-json/">
<meta name="generator" content="WordPress 6.7.1">
${shop ? '<meta name="generator" content="WooCommerce 9.4.3">' : ""}
</head>
<body class="${page.path === "/" ? "home" : "page-template-default page"} wp-embed-responsive ${shop ? "theme-storefront woocommerce-js storefront-align-wide right-sidebar woocommerce-active" : "wp-theme-twentytwentyfour"}">
<div id="page" class="hfeed site">
<header id="masthead" class="site-header" role="banner"><div class="col-full">
<a class="skip-link screen-reader-text" href="#site-navigation">${esc(ui(shell.lang, "skipNav"))}</a><a class="skip-link screen-reader-text" href="#content">${esc(ui(shell.lang, "skip"))}</a>
<div class="site-branding"><div class="beta site-title"><a href="/" rel="home">${esc(shell.name)}</a></div></div>
${shop ? `<ul id="site-header-cart" class="site-header-cart menu"><li class=""><a class="cart-contents" href="/${shell.lang.startsWith("de") ? "warenkorb" : "cart"}/" title="${esc(cart)}"><span class="woocommerce-Price-amount amount">0,00</span> <span class="count">0</span></a></li></ul>` : ""}
</div><div class="storefront-primary-navigation"><div class="col-full"><nav id="site-navigation" class="main-navigation" role="navigation" aria-label="Primary Navigation"><div class="primary-navigation"><ul id="menu-main" class="menu">${linkList(shell.nav, "", "menu-item menu-item-type-post_type menu-item-object-page")}</ul></div></nav></div></div>
</header>
<div id="content" class="site-content" tabindex="-1"><div class="col-full"><div class="woocommerce"></div>
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
${page.main}
</main></div></div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="col-full">
<div class="footer-widgets row-1 col-3 fix"><div class="block footer-widget-1"><div id="block-7" class="widget widget_block">${shell.footer}</div></div>
<div class="block footer-widget-2"><div id="nav_menu-2" class="widget widget_nav_menu"><div class="menu-footer-container"><ul id="menu-footer" class="menu">${linkList(shell.footerLinks, "", "menu-item menu-item-type-post_type menu-item-object-page")}</ul></div></div></div></div>
<div class="site-info">&copy; ${esc(shell.name)} 2026<br>${shop ? '<a href="https://woocommerce.com" target="_blank" title="WooCommerce - The Best eCommerce Platform for WordPress" rel="noreferrer nofollow">Built with WooCommerce</a>.' : '<a href="https://wordpress.org" rel="nofollow">Proudly powered by WordPress</a>'}</div>
</div></footer></div>
${banner}
<script type="speculationrules">{"prefetch":[{"source":"document","where":{"and":[{"href_matches":"/*"},{"not":{"href_matches":["/wp-*.php","/wp-admin/*"]}}]},"eagerness":"conservative"}]}</script>
</body>
</html>`;
    }
    case "magento":
      return `<!doctype html>
<html lang="${shell.lang}">
<head>
${common}
<meta name="robots" content="INDEX,FOLLOW">
<meta name="format-detection" content="telephone=no">
<link rel="stylesheet" type="text/css" media="all" href="/static/version1712345678/frontend/Magento/luma/${shell.lang.replace("-", "_")}/mage/calendar.css">
<link rel="stylesheet" type="text/css" media="all" href="/static/version1712345678/frontend/Magento/luma/${shell.lang.replace("-", "_")}/css/styles-m.css">
<script type="text/javascript" src="/static/version1712345678/frontend/Magento/luma/${shell.lang.replace("-", "_")}/requirejs/require.js"></script>
<script type="text/x-magento-init">{"*":{"Magento_PageCache/js/form-key-provider":{"isPaginationCacheEnabled":0}}}</script>
</head>
<body data-container="body" data-mage-init='{"loaderAjax": {}, "loader": { "icon": "/static/version1712345678/frontend/Magento/luma/images/loader-2.gif"}}' id="html-body" class="${page.path === "/" ? "cms-home cms-index-index" : "cms-page-view"} page-layout-1column">
<div class="page-wrapper"><header class="page-header"><div class="panel wrapper"><div class="panel header"><a class="action skip contentarea" href="#contentarea"><span>${esc(ui(shell.lang, "skip"))}</span></a>
<ul class="header links"><li class="greet welcome" data-bind="scope: 'customer'"><span class="not-logged-in" data-bind="html: '${esc(shell.name)}'"></span></li><li class="link authorization-link" data-label="or"><a href="/customer/account/login/">${esc(ui(shell.lang, "login"))}</a></li><li><a href="/customer/account/create/">${esc(ui(shell.lang, "createAccount"))}</a></li></ul></div></div>
<div class="header content"><span data-action="toggle-nav" class="action nav-toggle"><span>Toggle Nav</span></span><a class="logo" href="/" title="${esc(shell.name)}" aria-label="store logo"><img src="/static/version1712345678/frontend/Magento/luma/${shell.lang.replace("-", "_")}/images/logo.svg" title="${esc(shell.name)}" alt="${esc(shell.name)}" width="148" height="43"></a>
<div data-block="minicart" class="minicart-wrapper"><a class="action showcart" href="/checkout/cart/" data-bind="scope: 'minicart_content'"><span class="text">${esc(cart)}</span><span class="counter qty empty" data-bind="css: { empty: !!getCartParam('summary_count') == false }"><span class="counter-number"></span></span></a></div>
<div class="block block-search"><form class="form minisearch" id="search_mini_form" action="/catalogsearch/result/" method="get"><input id="search" type="text" name="q" class="input-text" maxlength="128" role="combobox"></form></div></div></header>
<div class="sections nav-sections"><nav class="navigation" data-action="navigation"><ul data-mage-init='{"menu":{"responsive":true, "expanded":true, "position":{"my":"left top","at":"left bottom"}}}'>${linkList(shell.nav, "level-top ui-corner-all", "level0 nav-1 level-top ui-menu-item")}</ul></nav></div>
<main id="maincontent" class="page-main"><a id="contentarea" tabindex="-1"></a><div class="columns"><div class="column main">
${page.main}
</div></div></main>
<footer class="page-footer"><div class="footer content"><div class="block newsletter"><div class="title"><strong>Newsletter</strong></div></div>
<div class="widget block block-static-block">${shell.footer}</div>
<ul class="footer links">${linkList(shell.footerLinks, "", "nav item")}</ul></div></footer>
<small class="copyright"><span>Copyright &copy; 2013-present Magento, Inc. All rights reserved.</span></small></div>
${banner}
<script type="text/x-magento-init">{"*":{"mage/cookies":{"expires":null,"path":"\\u002F","domain":".${shell.domain}","secure":true,"lifetime":"3600"}}}</script>
</body>
</html>`;
    case "bigcommerce":
      return `<!DOCTYPE html>
<html class="no-js" lang="${shell.lang}">
<head>
${common}
<link data-stencil-stylesheet href="https://cdn11.bigcommerce.com/s-${hash(shell.domain).toString(36)}/stencil/8f3a0c60-4b1e-013d-1c5a-6a2b9e0e1d4e/css/theme-2f1f3f90.css" rel="stylesheet">
<script>window.consentManagerTranslations = \`{"locale":"${shell.lang}","locales":{},"translations":{}}\`;</script>
<script src="https://cdn11.bigcommerce.com/shared/js/csrf-protection-header-5eeddd5de78d98d146ef4fd71b2aedce4161903e.js"></script>
</head>
<body class="page-type-${page.path === "/" ? "default" : "page"}">
<svg data-src="https://cdn11.bigcommerce.com/s-x/stencil/icon-sprite.svg" class="icons-svg-sprite"></svg>
<header class="header" role="banner"><a href="#" class="mobileMenu-toggle" data-mobile-menu-toggle="menu"><span class="mobileMenu-toggleIcon">Toggle menu</span></a>
<nav class="navUser"><ul class="navUser-section navUser-section--alt"><li class="navUser-item"><a class="navUser-action navUser-item--compare" href="/compare" data-compare-nav>Compare</a></li><li class="navUser-item navUser-item--account"><a class="navUser-action" href="/login.php">Sign in</a></li>
<li class="navUser-item navUser-item--cart"><a class="navUser-action" data-cart-preview data-dropdown="cart-preview-dropdown" data-options="align:right" href="/cart.php" aria-label="${esc(cart)} with 0 items"><span class="navUser-item-cartLabel">${esc(cart)}</span> <span class="countPill cart-quantity"></span></a><div class="dropdown-menu" id="cart-preview-dropdown" data-dropdown-content aria-hidden="true"></div></li></ul></nav>
<div class="header-logo header-logo--center"><a href="/" class="header-logo__link" data-header-logo-link><span class="header-logo-text">${esc(shell.name)}</span></a></div>
<div class="navPages-container" id="menu" data-menu><nav class="navPages"><ul class="navPages-list">${linkList(shell.nav, "navPages-action", "navPages-item")}</ul></nav></div></header>
<main class="body" id="main-content" role="main" data-currency-code="USD"><div class="container">
${page.main}
</div></main>
<footer class="footer" role="contentinfo"><h2 class="footer-title-sr-only">Footer Start</h2><div class="container"><section class="footer-info">
<article class="footer-info-col footer-info-col--small" data-section-type="footer-webPages"><h3 class="footer-info-heading">Navigate</h3><ul class="footer-info-list">${linkList(shell.footerLinks, "")}</ul></article>
<article class="footer-info-col footer-info-col--small" data-section-type="storeInfo"><h3 class="footer-info-heading">Info</h3>${shell.footer}</article>
<article class="footer-info-col" data-section-type="newsletterSubscription"><h3 class="footer-info-heading">Subscribe to our newsletter</h3><form class="form" action="/subscribe.php" method="post"><input class="form-input" id="nl_email" name="nl_email" type="email"><input type="hidden" name="action" value="subscribe"></form></article></section>
<div class="footer-copyright"><p class="powered-by">&copy; 2026 ${esc(shell.name)} </p></div><div class="footer-copyright"><p class="powered-by">Powered by <a href="https://www.bigcommerce.com?utm_source=merchant&amp;utm_medium=poweredbyBC" rel="nofollow">BigCommerce</a></p></div></div></footer>
${banner}
<script>window.__webpack_public_path__ = "https://cdn11.bigcommerce.com/s-x/stencil/dist/";</script>
</body>
</html>`;
    case "prestashop":
      return `<!doctype html>
<html lang="${shell.lang}">
<head>
${common}
<meta http-equiv="x-ua-compatible" content="ie=edge">
<link rel="stylesheet" href="/themes/classic/assets/cache/theme-a1b2c3.css" type="text/css" media="all">
<script type="text/javascript">var prestashop = {"cart":{"products":[],"totals":{"total":{"type":"total","label":"Total","amount":0}}},"currency":{"iso_code":"EUR","sign":"\\u20ac"},"customer":{"is_logged":false},"language":{"iso_code":"${shell.lang.slice(0, 2)}"},"page":{"page_name":"${page.path === "/" ? "index" : "cms"}"},"shop":{"name":"${esc(shell.name)}"},"urls":{"pages":{"cart":"\\${psUrls(shell.lang).cart}","order":"\\/order"}}};</script>
</head>
<body id="${page.path === "/" ? "index" : "cms"}" class="lang-${shell.lang.slice(0, 2)} country-${shell.lang.slice(-2).toLowerCase()} currency-eur layout-full-width page-${page.path === "/" ? "index" : "cms"} tax-display-enabled">
<main><header id="header"><nav class="header-nav"><div class="container"><div class="row"><div class="hidden-sm-down"><div class="col-md-5 col-xs-12"><div id="_desktop_contact_link"><div id="contact-link"><a href="${psUrls(shell.lang).contact}">Contact</a></div></div></div>
<div class="col-md-7 right-nav"><div id="_desktop_user_info"><div class="user-info"><a href="${psUrls(shell.lang).account}" title="${esc(ui(shell.lang, "login"))}" rel="nofollow"><i class="material-icons">&#xE7FF;</i><span class="hidden-sm-down">${esc(ui(shell.lang, "login"))}</span></a></div></div>
<div id="_desktop_cart"><div class="blockcart cart-preview inactive" data-refresh-url="//${shell.domain}/module/ps_shoppingcart/ajax"><div class="header"><i class="material-icons shopping-cart" aria-hidden="true">shopping_cart</i><span class="hidden-sm-down">${esc(cart)}</span><span class="cart-products-count">(0)</span></div></div></div></div></div></div></div></nav>
<div class="header-top"><div class="container"><div class="row"><div class="col-md-2 hidden-sm-down" id="_desktop_logo"><h1><a href="/"><img class="logo img-fluid" src="/img/logo-1699999999.jpg" alt="${esc(shell.name)}" width="200" height="60"></a></h1></div>
<div class="header-top-right col-md-10 col-sm-12 position-static"><div class="menu js-top-menu position-static hidden-sm-down" id="_desktop_top_menu"><ul class="top-menu" id="top-menu" data-depth="0">${linkList(shell.nav, "dropdown-item", "category")}</ul></div></div></div></div></div></header>
<section id="wrapper"><div class="container"><div id="content-wrapper" class="js-content-wrapper"><section id="main"><section id="content" class="page-home">
${page.main}
</section></section></div></div></section>
<footer id="footer" class="js-footer"><div class="footer-container"><div class="container"><div class="row">
<div class="col-md-6 links"><div class="row"><div class="col-md-6 wrapper"><p class="h3 hidden-sm-down">${esc(ui(shell.lang, "ourCompany"))}</p><ul id="footer_sub_menu_1" class="collapse">${linkList(shell.footerLinks, "cms-page-link")}</ul></div></div></div>
<div class="block-contact col-md-3 links wrapper"><div class="title clearfix hidden-md-up"><span class="h3">${esc(ui(shell.lang, "information"))}</span></div><p class="h4 text-uppercase block-contact-title hidden-sm-down">${esc(ui(shell.lang, "information"))}</p><div id="contact-infos" class="collapse">${shell.footer}</div></div></div>
<div class="row"><div class="col-md-12"><p class="text-sm-center"><a href="https://www.prestashop-project.org/" target="_blank" rel="noopener noreferrer nofollow">${esc(ui(shell.lang, "poweredBy"))}</a></p></div></div></div></div></footer></main>
${banner}
<script type="text/javascript" src="/themes/core.js"></script><script type="text/javascript" src="/themes/classic/assets/js/theme.js"></script>
</body>
</html>`;
    case "shopware":
      return `<!DOCTYPE html>
<html lang="${shell.lang}" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<head>
${common}
<meta name="author" content="">
<meta name="robots" content="index,follow">
<link rel="stylesheet" href="/theme/9f8e7d6c5b4a39281706f5e4d3c2b1a0/css/all.css?1712345678">
<script>window.features = {"V6_5_0_0":true,"v6.5.0.0":true,"V6_6_0_0":true}; window.activeNavigationId = '0188a${hash(shell.domain).toString(16)}';</script>
</head>
<body class="is-ctl-${page.path === "/" ? "navigation" : "navigation"} is-act-index">
<div class="skip-to-content bg-primary-subtle text-primary-emphasis visually-hidden-focusable overflow-hidden"><div class="container d-flex justify-content-center"><a href="#content-main" class="skip-to-content-link d-inline-flex text-decoration-underline m-1 p-2 fw-bold gap-2">Zum Hauptinhalt springen</a></div></div>
<header class="header-main"><div class="container"><div class="top-bar d-none d-lg-block"><nav class="top-bar-nav" aria-label="Shop-Einstellungen"></nav></div>
<div class="row align-items-center header-row"><div class="col-12 col-lg-auto header-logo-col"><div class="header-logo-main text-center"><a class="header-logo-main-link" href="/" title="Zur Startseite gehen"><picture class="header-logo-picture d-block m-auto"><img src="/media/logo.png" alt="Zur Startseite gehen" class="img-fluid header-logo-main-img"></picture></a></div></div>
<div class="col-12 order-2 col-sm order-sm-1 header-search-col"><form action="/search" method="get" data-search-widget="true" class="header-search-form"><input type="search" name="search" class="form-control header-search-input" autocomplete="off" placeholder="Suchbegriff eingeben ..." aria-label="Suchbegriff eingeben ..."></form></div>
<div class="col-12 order-1 col-sm-auto order-sm-2 header-actions-col"><div class="row g-0"><div class="col-auto"><div class="account-menu"><a href="/account" class="btn account-menu-btn header-actions-btn" title="Ihr Konto">Ihr Konto</a></div></div>
<div class="col-auto"><div class="header-cart" data-off-canvas-cart="true"><a class="btn header-cart-btn header-actions-btn" href="/checkout/cart" data-cart-widget="true" title="${esc(cart)}" aria-labelledby="cart-widget-aria-label" aria-haspopup="true"><span class="header-cart-icon"><span class="icon icon-bag"><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M5.892 3c.5523 0 1 .4477 1 1"/></svg></span></span><span class="header-cart-total d-none d-sm-inline-block ms-sm-2">0,00 €*</span></a></div></div></div></div></div></div></header>
<div class="nav-main"><div class="main-navigation" id="mainNavigation" data-flyout-menu="true"><div class="container"><nav class="nav main-navigation-menu" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement">${shell.nav.map(([h, t]) => `<a class="nav-link main-navigation-link" href="${esc(h)}" itemprop="url" title="${esc(t)}"><div class="main-navigation-link-text"><span itemprop="name">${esc(t)}</span></div></a>`).join("")}</nav></div></div></div>
<main class="content-main" id="content-main"><div class="container"><div class="container-main"><div class="cms-page">
${page.main}
</div></div></div></main>
<footer class="footer-main"><div class="container"><div id="footerColumns" class="row footer-columns" data-collapse-footer="true">
<div class="col-md-4 footer-column js-footer-column"><div class="footer-column-headline footer-headline js-footer-column-headline">Service-Hotline</div><div class="footer-column-content collapse js-footer-column-content footer-contact">${shell.footer}</div></div>
<div class="col-md-4 footer-column js-footer-column"><div class="footer-column-headline footer-headline js-footer-column-headline">Informationen</div><div class="footer-column-content collapse js-footer-column-content"><ul class="list-unstyled">${linkList(shell.footerLinks, "footer-link", "footer-link-item")}</ul></div></div></div>
<div class="footer-bottom"><div class="container"><div class="footer-vat"><p>* Alle Preise inkl. MwSt. zzgl. <a data-ajax-modal="true" data-url="/widgets/cms/versand" href="/Versand-und-Zahlung/" title="Versandkosten">Versandkosten</a></p></div><div class="footer-copyright">Realisiert mit Shopware</div></div></div></div></footer>
${banner}
<script type="text/javascript" src="/theme/9f8e7d6c5b4a39281706f5e4d3c2b1a0/js/storefront/storefront.js?1712345678" defer></script>
</body>
</html>`;
    case "wix":
      return `<!DOCTYPE html>
<html lang="${shell.lang}">
<head>
${common}
<meta name="generator" content="Wix.com Website Builder">
<meta http-equiv="X-Wix-Meta-Site-Id" content="${hash(shell.domain).toString(16)}-6a4b-4c2d-8e1f-1a2b3c4d5e6f">
<meta http-equiv="X-Wix-Application-Instance-Id" content="${hash(shell.name).toString(16)}-2d3e-4f50-8a9b-0c1d2e3f4a5b">
<script>window.viewerModel = {"site":{"metaSiteId":"${hash(shell.domain).toString(16)}","isPremiumDomain":true,"language":"${shell.lang}"},"experiments":{"specs.thunderbolt.responsiveAbsoluteChildrenPosition":true},"fleetConfig":{"fleetName":"thunderbolt-renderer-user-code","type":"Rollout","code":1}};</script>
<script id="wix-first-paint" type="application/json">{"siteRevision":412}</script>
<style id="css_masterPage">#SITE_CONTAINER{min-height:100vh}.font_8{font-family:madefor-text,sans-serif}</style>
</head>
<body class="responsive">
<div id="SITE_CONTAINER"><div id="main_MF" class="main_MF"><div id="SCROLL_TO_TOP" class="Vd6aQZ ignore-focus" tabindex="-1" role="region" aria-label="top of page"></div>
<div id="site-root" class="site-root"><div id="masterPage" class="mesh-layout masterPage css-editing-scope">
<header id="SITE_HEADER" class="xU8fqS SITE_HEADER wixui-header" tabindex="-1"><div class="_C0cVf"><div class="_4XcTfy" data-testid="screenWidthContainerBg"></div></div><div class="U4Bvut"><div class="G5K6X8"><div data-mesh-id="SITE_HEADERinlineContent" data-testid="inline-content" class=""><div data-mesh-id="SITE_HEADERinlineContent-gridContainer" data-testid="mesh-container-content">
<div id="comp-k8s9j4ld" class="KcpHeO tz5f0K comp-k8s9j4ld wixui-rich-text" data-testid="richTextElement"><p class="font_6 wixui-rich-text__text" style="font-size:24px;"><a href="/" class="wixui-rich-text__text">${esc(shell.name)}</a></p></div>
<wix-dropdown-menu id="comp-k8s9j4lf" class="XwCBRN NHM1d1 comp-k8s9j4lf wixui-dropdown-menu hidden-during-prewarmup" tabindex="-1" dir="ltr" data-stretch-buttons-to-menu-width="true"><nav class="R_TAzU" id="comp-k8s9j4lfnavContainer" aria-label="Site"><ul class="y7qwii" id="comp-k8s9j4lfitemsContainer">${shell.nav.map(([h, t], i) => `<li id="comp-k8s9j4lf${i}" data-direction="ltr" data-listposition="center" data-data-id="dataItem-k8s9j4${i}" data-state="menu false  link" data-index="${i}" class="wbAbWA xc5SpR wixui-dropdown-menu__item"><a data-testid="linkElement" href="${esc(h)}" target="_self" class="UiHgGh"><div class="yRj2ms"><div class="" id="comp-k8s9j4lf${i}label">${esc(t)}</div></div></a></li>`).join("")}</ul></nav></wix-dropdown-menu>
<div id="comp-kbgakxmv" class="comp-kbgakxmv"><div data-testid="cart-icon" class="cart-icon"><a href="/cart-page" data-hook="cart-icon-button" aria-label="${esc(cart)} 0 items"><span data-hook="items-count">0</span></a></div></div>
</div></div></div></div></header>
<main id="PAGES_CONTAINER" class="PAGES_CONTAINER" tabindex="-1" data-main-content="true"><div id="SITE_PAGES" class="JsJXaX SITE_PAGES"><div class="JsJXaX wixui-page">
${page.main}
</div></div></main>
<footer id="SITE_FOOTER" class="xU8fqS SITE_FOOTER wixui-footer" tabindex="-1"><div class="U4Bvut"><div class="G5K6X8"><div data-mesh-id="SITE_FOOTERinlineContent" data-testid="inline-content">
<div id="comp-kbgaopyq" class="KcpHeO tz5f0K comp-kbgaopyq wixui-rich-text" data-testid="richTextElement">${shell.footer}</div>
<div id="comp-kbgaopz2" class="KcpHeO tz5f0K comp-kbgaopz2 wixui-rich-text" data-testid="richTextElement">${shell.footerLinks.map(([h, t]) => `<p class="font_9 wixui-rich-text__text"><span class="wixui-rich-text__text"><a href="${esc(h)}" target="_self" class="wixui-rich-text__text">${esc(t)}</a></span></p>`).join("")}</div>
</div></div></div></footer></div></div></div></div>
${banner}
<script src="https://static.parastorage.com/services/wix-thunderbolt/dist/main.a1b2c3d4.bundle.min.js" async></script>
</body>
</html>`;
    case "squarespace":
      return `<!doctype html>
<html lang="${shell.lang}">
<head>
${common}
<!-- This is Squarespace. --><!-- ${shell.domain.split(".")[0]}-x7k2 -->
<base href="">
<script type="text/javascript" src="//use.typekit.net/ik/abc.js" async fetchpriority="high"></script>
<script data-name="static-context">Static = window.Static || {}; Static.SQUARESPACE_CONTEXT = {"facebookAppId":"314192535267336","rollups":{},"pageType":2,"website":{"id":"${hash(shell.domain).toString(16)}","identifier":"${shell.domain.split(".")[0]}","websiteType":1,"contentModifiedOn":1712345678000,"siteTitle":"${esc(shell.name)}","language":"${shell.lang}"},"templateId":"5c5a519771c10ba3470d8101"};</script>
<link rel="stylesheet" type="text/css" href="https://static1.squarespace.com/static/versioned-site-css/${hash(shell.domain).toString(16)}/12/5c5a519771c10ba3470d8101/site.css">
</head>
<body id="collection-${hash(page.path + shell.domain).toString(16)}" class="primary-button-style-solid primary-button-shape-pill tweak-global-animations-enabled tweak-product-basic-item-click-action-none header-width-full collection-type-page collection-layout-default ${page.path === "/" ? "homepage" : ""} mobile-style-available sqs-seven-one" data-controller="AnnouncementBar">
<div id="siteWrapper" class="clearfix site-wrapper">
<header data-test="header" id="header" class="header theme-col--primary" data-controller="Header" data-current-styles='{"layout":"navRight","action":{"buttonText":"Get Started","newWindow":false},"showSocial":false,"showCart":true}'>
<div class="header-inner container--fluid header-layout--with-commerce"><div class="header-display-desktop" data-content-field="site-title"><div class="header-title-nav-wrapper"><div class="header-title" data-animation-role="header-element"><div class="header-title-text"><a id="site-title" href="/" data-animation-role="header-element">${esc(shell.name)}</a></div></div>
<div class="header-nav"><div class="header-nav-wrapper"><nav class="header-nav-list">${shell.nav.map(([h, t]) => `<div class="header-nav-item header-nav-item--collection"><a href="${esc(h)}" data-animation-role="header-element">${esc(t)}</a></div>`).join("")}</nav></div></div></div>
<div class="header-actions header-actions--right"><div class="showOnDesktop"><div class="header-actions-action header-actions-action--cart"><a href="/cart" class="cart-style-icon icon--stroke icon--fill icon--cart sqs-custom-cart"><span class="Cart-inner"><svg class="icon icon--cart" viewBox="0 0 31 24"></svg><div class="icon-cart-quantity"><span class="sqs-cart-quantity">0</span></div></span></a></div></div></div></div></div></header>
<main id="page" class="container" role="main"><article class="sections" id="sections" data-page-sections="${hash(page.path).toString(16)}">
${page.main}
</article></main>
<footer class="sections" id="footer-sections" data-footer-sections><section data-test="page-section" data-section-theme="" class="page-section layout-engine-section"><div class="content-wrapper"><div class="content"><div class="sqs-layout sqs-grid-12 columns-12" data-type="page-section"><div class="row sqs-row"><div class="col sqs-col-12 span-12">
<div class="sqs-block html-block sqs-block-html" data-block-type="2" id="block-yui_3_17_2_1_${hash(shell.domain) % 1000000}"><div class="sqs-block-content"><div class="sqs-html-content">${shell.footer}<p class="" style="white-space:pre-wrap;">${shell.footerLinks.map(([h, t]) => `<a href="${esc(h)}">${esc(t)}</a>`).join(" · ")}</p></div></div></div></div></div></div></div></div></section></footer>
</div>
${banner}
<script defer="true" src="https://static1.squarespace.com/static/vta/5c5a519771c10ba3470d8101/scripts/site-bundle.js" type="text/javascript"></script>
</body>
</html>`;
    default:
      return `<!DOCTYPE html>
<html lang="${shell.lang}">
<head>
${common}
<link rel="stylesheet" href="/css/style.css?v=3">
</head>
<body>
<div class="wrap">
<header class="top"><a href="/" class="brand">${esc(shell.name)}</a>
<nav><ul>${linkList(shell.nav, "")}</ul></nav></header>
<div id="content">
${page.main}
</div>
<footer class="bottom">
${shell.footer}
<ul class="legal">${linkList(shell.footerLinks, "")}</ul>
</footer>
</div>
${banner}
${analytics(shell.domain)}
</body>
</html>`;
  }
}
