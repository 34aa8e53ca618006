/**
 * @module Selling recognised the way platforms show it: cart markup (Shopify's /cart/add form, WooCommerce's
 * add_to_cart_button, Magento's tocart, PrestaShop's add-to-cart), Offer data, prices in local formats and
 * currencies and cart words in many languages. A shop with no address must be X no_location, not U
 * non_commercial — the miss on real platforms' markup. Real HTML through the real analyze path.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

function rate(domain: string, html: string) {
  const url = `https://${domain}/`;
  const crawl: Crawl = {
    robots: "allowed",
    scheme: "https",
    host: domain,
    pages: [
      {
        record: { url, kind: "home", status: 200, bytes: html.length, truncated: false, elapsedMs: 1 },
        parsed: parseHtml(html, url),
        headers: {},
      },
    ],
  };
  const evidence = analyzeCrawl(domain, crawl, NOW);
  return { evidence, rating: scoreEvidence(evidence, NOW, 0.5) };
}

// Product cards as each platform's theme writes them; the cart word and the price are the country's.
const shopify = (button: string, a: string, b: string) => `<html><body>
  <div class="product-card"><h3>Leinenhemd</h3><span class="price-item price-item--regular">${a}</span>
  <form method="post" action="/cart/add" id="product-form-123" class="product-form" accept-charset="UTF-8">
  <input type="hidden" name="id" value="4711"><button type="submit" name="add" class="product-form__submit">${button}</button></form></div>
  <div class="product-card"><h3>Schal</h3><span class="price-item">${b}</span></div></body></html>`;
const woo = (button: string, a: string, b: string) => `<html><body><ul class="products">
  <li class="product"><h2 class="woocommerce-loop-product__title">Mug</h2><span class="woocommerce-Price-amount amount"><bdi>${a}</bdi></span>
  <a href="?add-to-cart=12" data-quantity="1" class="button product_type_simple add_to_cart_button ajax_add_to_cart">${button}</a></li>
  <li class="product"><h2>Plate</h2><span class="woocommerce-Price-amount amount"><bdi>${b}</bdi></span></li></ul></body></html>`;
const magento = (button: string, a: string, b: string) => `<html><body><ol class="products list items">
  <li class="item product"><strong class="product name">Käse</strong><span class="price">${a}</span>
  <form data-role="tocart-form" action="https://shop.example/checkout/cart/add/uenc/x/product/5/" method="post">
  <button type="submit" title="${button}" class="action tocart primary"><span>${button}</span></button></form></li>
  <li class="item product"><span class="price">${b}</span></li></ol></body></html>`;
const prestashop = (button: string, a: string, b: string) => `<html><body>
  <article class="product-miniature"><h3>Kubek</h3><span class="price">${a}</span>
  <form action="https://sklep.example/koszyk" method="post" id="add-to-cart-or-refresh">
  <button class="btn btn-primary add-to-cart" data-button-action="add-to-cart" type="submit">${button}</button></form></article>
  <article class="product-miniature"><span class="price">${b}</span></article></body></html>`;

describe("selling shown by platform markup and local prices", () => {
  it.each([
    ["shopify-de.com", shopify("In den Warenkorb", "1.299,00 €", "49,90 €")],
    ["shopify-ch.com", shopify("In den Warenkorb", "CHF 49.–", "CHF 1'290.00")],
    ["woo-se.com", woo("Lägg i varukorg", "249 kr", "1 299 kr")],
    ["woo-br.com", woo("Adicionar ao carrinho", "R$ 129,90", "R$ 1.299,00")],
    ["magento-it.com", magento("Aggiungi al carrello", "24,00 €", "9,50 €")],
    ["magento-jp.com", magento("カートに入れる", "¥3,980", "12,800円")],
    ["presta-pl.com", prestashop("Dodaj do koszyka", "99 zł", "1 299,00 zł")],
    ["presta-cz.com", prestashop("Do košíku", "1 299 Kč", "490 Kč")],
    ["presta-fr.com", prestashop("Ajouter au panier", "12,50 €", "8 €")],
    ["shop-nl.com", shopify("In winkelwagen", "€ 12,95", "€ 7,50")],
    ["shop-es.com", woo("Añadir al carrito", "19,99 €", "5,00 €")],
    ["shop-uk.com", woo("Add to basket", "£12.50", "US$ 19.99")],
  ])("%s sells: without an address it is X no_location", (domain, html) => {
    const { evidence, rating } = rate(domain, html);
    expect(evidence.commerce.selling, JSON.stringify(evidence.commerce)).toBe(true);
    expect(evidence.commerce.prices).toBe(2);
    expect(rating).toMatchObject({ rating: "X", ratingInfo: "no_location" });
  });

  it("counts the platforms' cart markup even where the button is an icon without words", () => {
    const html = `<html><body><a class="header__icon--cart" href="/cart">🛒</a>
      <form action="/cart/add" method="post"><button type="submit" name="add" aria-label="x">+</button></form>
      <a href="/checkout">→</a><span class="price">¥3,980</span><span class="price">¥1,200</span></body></html>`;
    expect(rate("icons.jp", html).evidence.commerce.selling).toBe(true);
  });

  it("does not call a page with years, counts and phone numbers a shop", () => {
    const html = `<html><body><h1>Verein Gartenfreunde</h1><p>Seit 1998, 250 Mitglieder.</p>
      <p>Tel. 030 1234567</p><p>Termine 2026: 12.03., 18.06.</p><a href="/ueber-uns">Über uns</a></body></html>`;
    expect(rate("gartenfreunde.de", html).rating).toMatchObject({ rating: "U", ratingInfo: "non_commercial" });
  });

  it("counts prices on a page-long line with bounded work", () => {
    const line = `${"1".repeat(100_000)} ${"9,".repeat(50_000)}€`;
    expect(rate("long.com", `<p>${line}</p>`).evidence.commerce.prices).toBeLessThanOrEqual(1);
  });
});
