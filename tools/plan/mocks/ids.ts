/**
 * Deterministic ids: every id, hash, name suffix and generated secret the mocks answer with derives from a seed that
 * is stable per project, stack, type and logical name, so plans are reproducible byte for byte.
 */
import * as crypto from "crypto";

/** The seed of one resource: stable per project, stack, type and logical name. */
export function seedOf(project: string, stack: string, type: string, name: string): string {
  return `${project}/${stack}::${type}::${name}`;
}

/** `length` lowercase hex characters derived from `seed`. */
export function shortHash(seed: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) {
    out += crypto.createHash("sha256").update(`${round}:${seed}`).digest("hex");
  }
  return out.slice(0, length);
}

/** A version 4 UUID derived from `seed`. */
export function uuidFrom(seed: string): string {
  const hex = shortHash(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `length` characters of AWS's upper-case ids (`AROA…`, cluster resource ids), derived from `seed`. */
export function upperId(seed: string, length: number): string {
  return charactersFrom(seed, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
}

/** A password of `length` unambiguous letters and digits, derived from `seed` (a `random` resource's result). */
export function passwordFrom(seed: string, length: number): string {
  return charactersFrom(
    `${seed}/result`,
    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
    length,
  );
}

/** `length` characters of `alphabet`, each picked by one byte of the hash of `seed`. */
function charactersFrom(seed: string, alphabet: string, length: number): string {
  const hex = shortHash(seed, length * 2);
  let out = "";
  for (let i = 0; i < length; i++) {
    out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  }
  return out;
}
