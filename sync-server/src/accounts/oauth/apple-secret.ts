import crypto from "node:crypto";

/**
 * Sign in with Apple's client secret: an ES256 JWT signed with the team's key (header `kid`; claims `iss` =
 * team id, `sub` = client id (the Services ID), `aud` = the issuer, `iat`, `exp` ≤ 6 months). Made fresh for
 * each token request with a 5-minute lifetime, signed with node:crypto (raw r‖s signature, as JWS requires).
 */
export function appleClientSecret(
  input: { teamId: string; clientId: string; keyId: string; privateKeyPem: string; audience: string },
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const header = { alg: "ES256", kid: input.keyId, typ: "JWT" };
  const claims = { iss: input.teamId, iat, exp: iat + 300, aud: input.audience, sub: input.clientId };
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const signingInput = `${enc(header)}.${enc(claims)}`;
  const signature = crypto.sign("sha256", Buffer.from(signingInput), {
    key: crypto.createPrivateKey(input.privateKeyPem),
    dsaEncoding: "ieee-p1363",
  });
  return `${signingInput}.${signature.toString("base64url")}`;
}
