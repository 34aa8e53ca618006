/**
 * @module Everything the rater learned about one site: the input of scoring and the body of the
 * evidence page. Plain data, so scoring is a pure function of it.
 */
import type { PostalAddress } from "./signals/address.ts";
import type { Organization, Registration } from "./signals/identity.ts";
import type { CommerceSignals, PageKind } from "./signals/site.ts";

export interface PageRecord {
  url: string;
  kind: "home" | PageKind;
  status: number | null;
  bytes: number;
  truncated: boolean;
  elapsedMs: number;
  error?: string;
}

export type Found<T> = T & { page: string };

export interface SiteEvidence {
  domain: string;
  fetchedAt: string;
  /** Why the site could not be read at all, if it could not. */
  failure?: { code: string; permanent: boolean; message: string };
  robots: "allowed" | "disallowed" | "absent" | "unreachable";
  /** The home page asked for credentials (401/403): SiteTruth's "blocked" too. */
  accessDenied?: number;
  scheme: "https" | "http" | null;
  httpsFailure?: string;
  hsts: boolean;
  pages: PageRecord[];
  addresses: Found<PostalAddress>[];
  legalNames: Found<{ name: string }>[];
  registrations: Found<Registration>[];
  phones: string[];
  organizations: Found<Organization>[];
  pageKinds: PageKind[];
  commerce: CommerceSignals & { selling: boolean };
  /** The home page moved to another registrable domain (recorded, not followed). */
  redirectedTo?: string;
}
