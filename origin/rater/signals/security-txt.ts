/**
 * @module security.txt (RFC 9116): a site that says how to report a vulnerability. `Contact` and `Expires`
 * are required (§2.5.3, §2.5.5); a file past its Expires date is stale and counts for nothing.
 */

export interface SecurityTxt {
  contacts: string[];
  expires?: string;
  valid: boolean;
  expired: boolean;
}

/** Parses the body of /.well-known/security.txt (a PGP-signed file's cleartext is read the same way). */
export function parseSecurityTxt(body: string, now: Date): SecurityTxt {
  const contacts: string[] = [];
  let expires: string | undefined;
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const field = m[1].toLowerCase();
    if (field === "contact") contacts.push(m[2].trim());
    if (field === "expires" && expires === undefined) expires = m[2].trim();
  }
  const expiresAt = expires ? Date.parse(expires) : Number.NaN;
  const expired = !Number.isNaN(expiresAt) && expiresAt <= now.getTime();
  const out: SecurityTxt = { contacts, valid: contacts.length > 0 && !Number.isNaN(expiresAt), expired };
  if (expires) out.expires = expires;
  return out;
}
