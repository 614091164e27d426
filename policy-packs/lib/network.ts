/**
 * CIDR and port arithmetic for the networking policies (plain code: packs carry no runtime dependencies).
 */

export const WORLD_IPV4 = "0.0.0.0/0";
export const WORLD_IPV6 = "::/0";

/** Whether a CIDR is "anywhere" (`0.0.0.0/0`, `::/0`, or an equivalent spelling such as `::0/0`). */
export function isWorldCidr(cidr: unknown): boolean {
  if (typeof cidr !== "string") {
    return false;
  }
  const [address, prefix] = cidr.trim().split("/");
  return prefix === "0" && address !== undefined && (address.includes(":") || /^[\d.]+$/.test(address));
}

interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** An IPv4 CIDR as a numeric range, or undefined when it is not one. */
export function ipv4Range(cidr: string): Ipv4Range | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (match === null) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether IPv4 `inner` lies inside one of `outers` (both CIDRs; anything unparsable is not contained). */
export function cidrWithin(inner: string, outers: readonly string[]): boolean {
  const range = ipv4Range(inner);
  return (
    range !== undefined &&
    outers.some((outer) => {
      const o = ipv4Range(outer);
      return o !== undefined && o.first <= range.first && range.last <= o.last;
    })
  );
}

/** Normalised protocol: `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or the number as given. */
export function normaliseProtocol(protocol: unknown): string {
  const p = String(protocol ?? "").toLowerCase();
  switch (p) {
    case "-1":
    case "all":
      return "-1";
    case "6":
      return "tcp";
    case "17":
      return "udp";
    case "1":
      return "icmp";
    case "58":
      return "icmpv6";
    default:
      return p;
  }
}

/** Whether a rule of `protocol` over `fromPort`..`toPort` admits TCP `port`. */
export function admitsTcpPort(protocol: unknown, fromPort: unknown, toPort: unknown, port: number): boolean {
  const p = normaliseProtocol(protocol);
  if (p === "-1") {
    return true;
  }
  if (p !== "tcp") {
    return false;
  }
  const from = Number(fromPort ?? 0);
  const to = Number(toPort ?? 65535);
  return from <= port && port <= to;
}

/** `all traffic`, `tcp port 22`, `tcp ports 0-65535`, `icmp`. */
export function describeTraffic(protocol: unknown, fromPort: unknown, toPort: unknown): string {
  const p = normaliseProtocol(protocol);
  if (p === "-1") {
    return "all traffic";
  }
  if (p !== "tcp" && p !== "udp") {
    return p;
  }
  return fromPort === toPort
    ? `${p} port ${String(fromPort)}`
    : `${p} ports ${String(fromPort)}-${String(toPort)}`;
}

/**
 * Whether a rule is a single TCP port of `allowedPorts` (the only world-open ingress a load balancer needs).
 */
export function isAllowedPublicPort(
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
  allowedPorts: readonly number[],
): boolean {
  return (
    normaliseProtocol(protocol) === "tcp" && fromPort === toPort && allowedPorts.includes(Number(fromPort))
  );
}
