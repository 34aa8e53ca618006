/**
 * @module Whether a site sells: prices in the formats and currencies of the countries it may be in, cart and
 * checkout words in their languages, the cart markup shop platforms emit (Shopify's `/cart/add` forms,
 * WooCommerce's `add_to_cart_button`, Magento's `tocart`, PrestaShop's `add-to-cart`), and schema.org
 * Product/Offer data in any shape (JSON-LD, microdata, RDFa).
 *
 * Every pattern is bounded (no nested unbounded quantifiers): lines and attributes are attacker text.
 */
import type { ParsedPage } from "../html.ts";
import { nodeTypes, walkStructured } from "./structured.ts";

/** A number as prices are written: "1.299,00", "1 299", "3,980", "49.–", "12.50", "129,90". */
const NUM = String.raw`(?:\d{1,3}(?:[.,'\u00a0\u202f ]\d{3}){1,3}|\d{1,7})(?:[.,](?:\d{2}|[-–]{1,2}))?`;
const BEFORE = String.raw`(?:US\$|R\$|CA\$|AU\$|A\$|NZ\$|HK\$|S\$|[€£$¥￥₹]|CHF|Fr\.|EUR|GBP|USD|JPY|BRL|SEK|NOK|DKK|PLN|CZK)`;
// Symbols may touch the next word ("19,99 €Añadir" where a button follows); currency words may not.
const AFTER = String.raw`(?:[€£$円]|zł|Kč|(?:EUR|GBP|USD|CHF|Fr\.|kr\.?|SEK|NOK|DKK|PLN|CZK|Ft|HUF|lei|RON)(?![\p{L}]))`;
const PRICE = new RegExp(`${BEFORE}\\s?${NUM}|${NUM}\\s?${AFTER}`, "gu");

/** Cart, basket and checkout words in the languages of the countries the rater reads. */
const CART_WORDS = new RegExp(
  [
    String.raw`add[ -]to[ -](?:cart|basket|bag)|\bbasket\b|\bcart\b|checkout|buy now|order (?:online|now)|shop now`,
    String.raw`in den warenkorb|warenkorb|zur kasse|\bkasse\b|jetzt kaufen|bestellen`,
    String.raw`ajouter au panier|\bpanier\b|commander|\bcaisse\b`,
    String.raw`añadir al carrito|agregar al carrito|\bcarrito\b|\bcomprar\b|finalizar compra`,
    String.raw`aggiungi al carrello|\bcarrello\b|\bcassa\b|acquista`,
    String.raw`in (?:de )?winkelwagen|winkelmandje|\bafrekenen\b|bestel nu`,
    String.raw`dodaj do koszyka|\bkoszyk|do kasy|kup teraz`,
    "カートに入れる|カートに追加|カート|買い物かご|購入手続き|今すぐ購入",
    String.raw`adicionar ao carrinho|\bcarrinho\b|finalizar pedido`,
    "lägg i varukorg|varukorg|till kassan|köp nu",
    String.raw`læg i kurv|\bkurv\b|legg i handlekurv|handlekurv|lisää ostoskoriin|ostoskori`,
    String.raw`do košíku|vložit do košíku|\bkošík|do pokladny|kosárba|\bkosár\b`,
  ].join("|"),
  "iu",
);

/** Class names, ids and form actions the shop platforms put on their cart forms and buttons. */
export const COMMERCE_MARKUP =
  /add[-_]?to[-_]?(?:cart|basket|bag)|add_to_cart_button|single_add_to_cart|\btocart\b|product-form|product_addtocart_form|\/cart\/add|cart\.php\?action=add|\bbtn-cart\b|\bbuy-now\b|shopify-payment-button|\bcheckout-button\b/i;

export interface CommerceSignals {
  prices: number;
  cartIndicators: string[];
  productData: boolean;
}

const PRODUCT_TYPES = new Set(["Product", "ProductGroup", "Offer", "AggregateOffer", "IndividualProduct"]);
/** Lines longer than this are cut before counting prices: a price sits on a short line. */
const MAX_PRICE_LINE = 2000;

/** Counts selling signals on a page. */
export function findCommerce(page: ParsedPage): CommerceSignals {
  let prices = 0;
  for (const line of page.lines) prices += line.slice(0, MAX_PRICE_LINE).match(PRICE)?.length ?? 0;
  const cartIndicators = [
    ...page.markup,
    ...page.buttons.filter((b) => CART_WORDS.test(b.slice(0, 200))),
    ...page.links
      .filter((l) => CART_WORDS.test(`${l.text.slice(0, 200)} ${l.href.slice(0, 300)}`))
      .map((l) => l.text || l.href),
  ].slice(0, 10);
  const productData = walkStructured([...page.jsonLd, ...page.microdata]).some((n) =>
    nodeTypes(n).some((t) => PRODUCT_TYPES.has(t)),
  );
  return { prices, cartIndicators, productData };
}

/** Whether the commerce signals of all pages add up to a site that sells. */
export function isSelling(signals: readonly CommerceSignals[]): boolean {
  const prices = signals.reduce((n, s) => n + s.prices, 0);
  const carts = signals.reduce((n, s) => n + s.cartIndicators.length, 0);
  return signals.some((s) => s.productData) || (prices >= 2 && carts >= 1) || carts >= 3;
}
