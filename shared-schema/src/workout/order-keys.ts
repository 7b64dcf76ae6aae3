// Fractional order keys: strings over [0-9A-Za-z] that sort as plain strings (code-unit order), with a key
// between any two distinct keys. Placing an entry writes one field of that entry only, so two devices
// inserting or moving at the same time never shift each other's entries; ties (two devices choosing the same
// place) are broken by the entry id, the same way on every replica.

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;

function digit(char: string): number {
  const value = DIGITS.indexOf(char);
  if (value < 0) throw new RangeError(`order key: invalid character ${JSON.stringify(char)}`);
  return value;
}

/**
 * A key strictly between `a` ("" = before everything) and `b` (null = after everything), `a < b`. Keys made
 * here never end in "0", which keeps room below every key.
 */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? "0") === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const low = a.length > 0 ? digit(a[0]!) : 0;
  const high = b !== null && b.length > 0 ? digit(b[0]!) : BASE;
  if (high - low > 1) return DIGITS[Math.floor((low + high) / 2)]!;
  // Adjacent digits: b's first digit alone is below b and above a when b goes on...
  if (b !== null && b.length > 1) return b.slice(0, 1);
  // ...otherwise keep a's digit and go one place deeper.
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

/**
 * A key that sorts after `before` and before `after` (either may be null for an open end). When the two are
 * equal or out of order (two devices chose the same key), the result sorts after `before`.
 */
export function orderKeyBetween(before: string | null, after: string | null): string {
  const a = before ?? "";
  const b = after !== null && after > a ? after : null;
  const key = midpoint(a, b);
  // No key exists between "V" and "V0" (a key ending in "0", which only a foreign writer could make):
  // then sort right after `before`, the tie with `after` broken by id.
  return key > a && (b === null || key < b) ? key : midpoint(a, null);
}

/** `count` increasing keys spread evenly over the key space (for a plan's exercises and sets). */
export function spreadOrderKeys(count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError("spreadOrderKeys: count must be >= 0");
  let width = 1;
  while (BASE ** width <= count + 1) width++;
  const space = BASE ** width;
  const keys: string[] = [];
  for (let i = 1; i <= count; i++) {
    let value = Math.floor((i * space) / (count + 1));
    let key = "";
    for (let w = 0; w < width; w++) {
      key = DIGITS[value % BASE]! + key;
      value = Math.floor(value / BASE);
    }
    keys.push(key.replace(/0+$/, ""));
  }
  return keys;
}

/** Compares two ordered entries by (order, id): the order every replica shows. */
export function compareOrdered(
  a: { readonly order: string; readonly id: string },
  b: { readonly order: string; readonly id: string },
): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
