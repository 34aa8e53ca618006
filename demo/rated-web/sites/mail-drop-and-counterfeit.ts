/**
 * @module Two demonstration shops the rater must not rate Q: one whose only address is a P.O. box (a mail
 * drop, not a place of business) with a SIRET that fails its check digits, and one named after a
 * counterfeited brand plus shopping words, whatever address it prints.
 */
import type { DemoSite } from "../web.ts";
import { buildSite } from "./builder.ts";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

export const atelierLumiere: DemoSite = buildSite({
  domain: "atelier-lumiere.fr",
  title: "Atelier Lumière",
  kind: "a French lamp shop whose mentions légales give only a boîte postale, and a SIRET with wrong check digits",
  lang: "fr",
  tagline: "Lampes et suspensions faites main.",
  expected: {
    rating: "X",
    ratingInfo: "no_location",
    why: "sells online, but its only address is a P.O. box — a mail drop, not a place where the business can be found",
    reasons: ["gate:no_location", "po_box_only", "company_number_invalid", "sells_online", "imprint_page"],
  },
  label: ["Atelier Lumière SAS", "BP 40123", "75001 Paris"],
  legal: ["SIRET : 732 829 320 00075"],
  identityOn: "/mentions-legales",
  email: "bonjour@atelier-lumiere.fr",
  products: [
    ["Suspension laiton", "189,00 €"],
    ["Lampe de chevet", "79,00 €"],
  ],
  extraPages: { "/mentions-legales": "" },
  names: { "/mentions-legales": "Mentions légales", "/cart": "Panier" },
  tls: { validation: "DV" },
  registeredAt: daysAgo(200),
});

export const rolexReplicaOutlet: DemoSite = buildSite({
  domain: "rolex-replica-outlet.com",
  title: "Luxury Watch Outlet",
  kind: "a counterfeit watch shop named after the brand plus shopping words, with a London address",
  lang: "en",
  tagline: "Swiss-style watches at 90% off. Free shipping worldwide!",
  expected: {
    rating: "X",
    ratingInfo: "negative_info",
    why: "the name is Rolex plus shopping words, as counterfeit shops name themselves; an address does not redeem it",
    reasons: ["gate:negative_info", "counterfeit_shop_name", "address_found", "sells_online"],
  },
  label: ["Outlet Trading Ltd", "88 Kingsway", "London", "WC2B 6AA"],
  products: [
    ["Submariner homage", "£89.00"],
    ["Daytona homage", "£99.00"],
  ],
  extraPages: { "/contact": "" },
  tls: { validation: "DV" },
  registeredAt: daysAgo(20),
});
