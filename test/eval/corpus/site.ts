/**
 * @module One corpus site as its author writes it: the manifest fields, the platform chrome's settings and
 * its pages (title, main content, JSON-LD). build.ts renders the pages through platforms.ts into HTML files.
 */
import { type PageSpec, type Product, productSection, renderPage, type Shell } from "./platforms.ts";
import type { SiteManifest } from "./types.ts";

export type PageDef = Omit<PageSpec, "path">;

export interface SiteDef extends Omit<SiteManifest, "pages"> {
  name: string;
  shell: Omit<Shell, "platform" | "domain" | "name" | "lang">;
  pages: Record<string, PageDef>;
}

type Meta = Omit<SiteDef, "shell" | "pages">;

/** Declares a site; `pages` gets the shell so product grids render in the site's platform markup. */
export function site(
  meta: Meta,
  shell: SiteDef["shell"],
  pages: (tools: { products: (heading: string, items: Product[]) => string; shell: Shell }) => Record<string, PageDef>,
): SiteDef {
  const full: Shell = { ...shell, platform: meta.platform, domain: meta.domain, name: meta.name, lang: meta.language };
  return { ...meta, shell, pages: pages({ products: (h, items) => productSection(full, h, items), shell: full }) };
}

/** The rendered HTML of each page of `def`, by path. */
export function renderSite(def: SiteDef): Record<string, string> {
  const full: Shell = { ...def.shell, platform: def.platform, domain: def.domain, name: def.name, lang: def.language };
  return Object.fromEntries(Object.entries(def.pages).map(([path, p]) => [path, renderPage(full, { path, ...p })]));
}

/** A product line with a schema.org amount. */
export const p = (name: string, price: string, amount: string, currency: string): Product => ({
  name,
  price,
  amount,
  currency,
});

/** Product + Offer JSON-LD for a few products, as platforms put on collection and product pages. */
export function offersLd(items: Product[], seller?: unknown): unknown {
  return {
    "@context": "https://schema.org",
    "@type": "ItemList",
    itemListElement: items.map((it, i) => ({
      "@type": "ListItem",
      position: i + 1,
      item: {
        "@type": "Product",
        name: it.name,
        offers: {
          "@type": "Offer",
          price: it.amount,
          priceCurrency: it.currency,
          availability: "https://schema.org/InStock",
          ...(seller ? { seller } : {}),
        },
      },
    })),
  };
}
