/**
 * @module A throw-away certificate authority for the demonstration web, made at start-up: a root, and leaf
 * certificates carrying the CA/Browser Forum policy OIDs of EV, OV and DV (research/rating.md §1.6, S11).
 *
 * The rater trusts this root only when the local stack says so (BONAFIDE_TRUST_CA_FILE); nothing else does.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** CA/Browser Forum Baseline Requirements §7.1.6.1 reserved policy identifiers. */
export const POLICY_OIDS = { EV: "2.23.140.1.1", OV: "2.23.140.1.2.2", IV: "2.23.140.1.2.3", DV: "2.23.140.1.2.1" };

export interface LeafSpec {
  /** DNS names (the first is the subject CN). */
  names: string[];
  validation: "EV" | "OV" | "DV";
  /** Subject O= (ignored for DV, which names no organisation). */
  organization?: string;
  country?: string;
}

export interface LeafCertificate {
  certPem: string;
  keyPem: string;
}

export interface TestCa {
  certPem: string;
  issue(spec: LeafSpec): Promise<LeafCertificate>;
}

type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"];

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, "")}\n-----END ${label}-----\n`;
}

function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, "\\$1");
}

/** Makes a fresh root CA valid for a week around now. */
export async function createTestCa(name = "bonafide demonstration CA"): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as unknown as KeyPair;
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${escapeDn(name)}, O=bonafide test`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  let serial = 1;
  return {
    certPem: root.toString("pem"),
    async issue(spec) {
      const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as unknown as KeyPair;
      const [cn = "invalid"] = spec.names;
      const subject = [`CN=${escapeDn(cn)}`];
      if (spec.validation !== "DV" && spec.organization) subject.push(`O=${escapeDn(spec.organization)}`);
      if (spec.validation !== "DV" && spec.country) subject.push(`C=${spec.country}`);
      serial++;
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(2, "0"),
        subject: subject.join(", "),
        issuer: root.subject,
        notBefore,
        notAfter,
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ALG,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(spec.names.map((value) => ({ type: "dns" as const, value }))),
          new x509.CertificatePolicyExtension([POLICY_OIDS[spec.validation]]),
        ],
      });
      const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
      return { certPem: `${leaf.toString("pem")}\n`, keyPem: pem("PRIVATE KEY", pkcs8) };
    },
  };
}
