import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import crypto from "node:crypto";

/** A random id in lowercase base32: 16 bytes = 128 bits, 26 characters. */
export function randomId(bytes = 16): string {
  return encodeBase32LowerCaseNoPadding(crypto.randomBytes(bytes));
}

/** A random secret, base64url: 32 bytes = 256 bits. */
export function randomSecret(bytes = 32): string {
  return encodeBase64urlNoPadding(crypto.randomBytes(bytes));
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = hashSecret(secret);
  return hash.length === storedHash.length && constantTimeEqual(hash, storedHash);
}
