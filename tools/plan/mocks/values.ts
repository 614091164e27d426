/**
 * Values on the wire (secrets, unknowns, resource references, assets) as the recorder keeps them: redacted for plans
 * and tests ("[secret]", "[unknown]"), or plain for feeding another in-process run; and the small readers the mocks
 * read inputs with.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../model";

export function structToJs(struct: { toJavaScript(): unknown } | undefined): Record<string, unknown> {
  const value = struct?.toJavaScript();
  return isRecord(value) ? value : {};
}

/** A wire value with every secret replaced by "[secret]", unknowns by "[unknown]", references by id or URN. */
export function redact(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue) {
    return UNKNOWN_PLACEHOLDER;
  }
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (!isRecord(value)) {
    return value;
  }
  switch (value[pulumi.runtime.specialSigKey]) {
    case pulumi.runtime.specialSecretSig:
      return SECRET_PLACEHOLDER;
    case pulumi.runtime.specialResourceSig:
      return redact(resourceReference(value));
    case pulumi.runtime.specialOutputValueSig:
      if (value["secret"] === true) {
        return SECRET_PLACEHOLDER;
      }
      return "value" in value ? redact(value["value"]) : UNKNOWN_PLACEHOLDER;
    case pulumi.runtime.specialAssetSig:
    case pulumi.runtime.specialArchiveSig:
      return withoutSignature(value);
    default:
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner)]));
  }
}

/** A wire or deserialized value with secrets unwrapped and unknowns dropped (undefined). */
export function plain(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue || pulumi.isUnknown(value)) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (!isRecord(value) || pulumi.Resource.isInstance(value)) {
    return value;
  }
  switch (value[pulumi.runtime.specialSigKey]) {
    case pulumi.runtime.specialSecretSig:
    case pulumi.runtime.specialOutputValueSig:
      return plain(value["value"]);
    case pulumi.runtime.specialResourceSig:
      return plain(resourceReference(value));
    case pulumi.runtime.specialAssetSig:
    case pulumi.runtime.specialArchiveSig:
      return withoutSignature(value);
    default:
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
}

export function containsSecret(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(containsSecret);
  }
  if (!isRecord(value)) {
    return false;
  }
  const sig = value[pulumi.runtime.specialSigKey];
  if (sig === pulumi.runtime.specialSecretSig) {
    return true;
  }
  if (sig === pulumi.runtime.specialOutputValueSig) {
    return value["secret"] === true;
  }
  return Object.values(value).some(containsSecret);
}

function resourceReference(value: Record<string, unknown>): unknown {
  const id = value["id"];
  if (typeof id === "string") {
    return id === "" ? pulumi.runtime.unknownValue : id;
  }
  return value["urn"];
}

function withoutSignature(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== pulumi.runtime.specialSigKey));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading inputs.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
