import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane); the library's defaults are weaker.
 * `memoryCost` is configurable only so tests can run faster; production uses the default.
 */
export class PasswordHasher {
  constructor(private readonly memoryCost = 19456) {}

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: 2, memoryCost: this.memoryCost, timeCost: 2, parallelism: 1 });
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** A hash to verify against when the account does not exist, so both paths take the same time. */
  readonly dummyHash: Promise<string> = this.hash("cadence-timing-equaliser");
}
