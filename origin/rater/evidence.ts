/**
 * @module Everything the rater learned about one site: the input of scoring and the body of the
 * evidence page. Plain data, so scoring is a pure function of it.
 */

import type { PostalAddress } from "./signals/address.ts";
import type { Disclosure } from "./signals/disclosure.ts";
import type { Organization, Registration } from "./signals/identity.ts";
import type { Lookalike } from "./signals/lookalike.ts";
import type { CheckedPhone } from "./signals/phone.ts";
import type { SecurityTxt } from "./signals/security-txt.ts";
import type { CommerceSignals, PageKind } from "./signals/site.ts";
import type { CertificateInfo } from "./signals/tls.ts";
import type { BlacklistHit } from "./sources/blacklist.ts";
import type { DomainAge } from "./sources/rdap.ts";
import type { RegisterFinding } from "./sources/registers/types.ts";

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
  phones: CheckedPhone[];
  emails: string[];
  organizations: Found<Organization>[];
  pageKinds: PageKind[];
  commerce: CommerceSignals & { selling: boolean };
  /** The home page moved to another registrable domain (recorded, not followed). */
  redirectedTo?: string;
  /** The certificate of the https connection, and whether its O= is the legal name found on the pages. */
  tls?: CertificateInfo & { organizationMatches: boolean };
  securityTxt?: SecurityTxt;
  /** What the law of the site's jurisdiction asks it to disclose, and what is missing. */
  disclosure?: Disclosure;
  lookalike?: Lookalike;
  /** Remote sources (sources/*): each absent when not configured or unavailable (unknown = neutral). */
  blacklist?: BlacklistHit;
  /** What each business register said (sources/registers/); absent when none was asked. */
  registers?: RegisterFinding[];
  domainAge?: DomainAge;
}
