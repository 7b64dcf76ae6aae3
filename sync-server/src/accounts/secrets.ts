import crypto from "node:crypto";

/**
 * Keys derived from SECRET_KEY, one per purpose (HKDF-SHA-256), so a signature made for one purpose (an
 * export download link) can never be replayed as another. `seal`/`open` give authenticated encryption
 * (AES-256-GCM) for secrets kept at rest, such as integration tokens.
 */
export class SecretKey {
  readonly #root: Buffer;
  readonly #subkeys = new Map<string, Buffer>();

  constructor(material: string) {
    this.#root = Buffer.from(material, "utf8");
  }

  #key(purpose: string): Buffer {
    let key = this.#subkeys.get(purpose);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync("sha256", this.#root, Buffer.alloc(0), `cadence:${purpose}`, 32));
      this.#subkeys.set(purpose, key);
    }
    return key;
  }

  /** HMAC-SHA-256 of `data` under the purpose's key, base64url. */
  sign(purpose: string, data: string): string {
    return crypto.createHmac("sha256", this.#key(purpose)).update(data).digest("base64url");
  }

  /** Constant-time check of a signature made by `sign`. */
  verify(purpose: string, data: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(purpose, data));
    const given = Buffer.from(signature);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  /** Encrypts with AES-256-GCM: `v1.<iv>.<ciphertext>.<tag>` (base64url parts). */
  seal(purpose: string, plaintext: string | Uint8Array): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.#key(`seal:${purpose}`), iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return ["v1", iv, body, cipher.getAuthTag()]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  /** Decrypts what `seal` produced for the same purpose; throws when it was altered or sealed for another. */
  open(purpose: string, sealed: string): Buffer {
    const [version, iv, body, tag] = sealed.split(".");
    if (version !== "v1" || !iv || body === undefined || !tag) throw new Error("not a sealed value");
    const decipher = crypto.createDecipheriv(
      "aes-256-gcm",
      this.#key(`seal:${purpose}`),
      Buffer.from(iv, "base64url"),
    );
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
  }
}
