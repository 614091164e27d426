/**
 * The applications one region's edge serves: their host names (the public host, and the regional host the health
 * checks and the certificate's regional wildcard know), listener rule priorities, and the rules of their fields.
 */
import { domainNameProblem, isWithinDomain } from "../../common/aws-limits";
import type { Problem } from "../../common/validation";

/** One application behind the edge. */
export interface EdgeApplication {
  /**
   * The public host clients use (e.g. `api.kimkao.io`): the domain itself or one label below it, since the
   * certificate covers `<domain>` and `*.<domain>` only. Every region serves the same host, weighted.
   */
  readonly host: string;
  /** The path the target group and the Route 53 health check request (e.g. `/healthz`); 2xx or 3xx is healthy. */
  readonly healthPath: string;
  /** The port the application's pods listen on (plain HTTP inside the VPC; TLS ends at the load balancer). */
  readonly port: number;
}

/** An application as the component creates it. */
export interface PlannedApplication extends EdgeApplication {
  /** The application's key, the first label of its regional host. */
  readonly name: string;
  /** `<name>.<region>.<domain>`: this region's ALB only, for the health check (and for operators). */
  readonly regionalHost: string;
  /** The HTTPS listener rule's priority, from the name alone: adding an application never moves another's rule. */
  readonly priority: number;
}

/** Listener rule priorities ALB accepts (CreateRule: 1 to 50000). */
export const MAX_RULE_PRIORITY = 50000;

/** Route 53 takes a health check's resource path of at most 255 characters (CreateHealthCheck, ResourcePath). */
export const MAX_HEALTH_PATH_LENGTH = 255;

/** An application key: the first label of its regional host (1 to 63 lowercase letters, digits, inner hyphens). */
const APPLICATION_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `<name>.<region>.<domain>`, the host only this region's load balancer answers to. */
export function regionalHost(name: string, region: string, domain: string): string {
  return `${name}.${region}.${domain}`;
}

/**
 * The listener rule priority of an application, derived from its name (FNV-1a, 1 to 50000). Priorities from
 * positions would renumber the rules after an insertion, and ALB refuses a rule whose priority another still holds
 * while the update runs. Host conditions never overlap, so the order of the rules does not matter.
 */
export function rulePriority(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % MAX_RULE_PRIORITY) + 1;
}

/** The applications in name order, with their regional hosts and rule priorities. */
export function planApplications(
  applications: Readonly<Record<string, EdgeApplication>>,
  region: string,
  domain: string,
): PlannedApplication[] {
  return Object.keys(applications)
    .sort()
    .map((name) => ({
      name,
      host: applications[name].host,
      healthPath: applications[name].healthPath,
      port: applications[name].port,
      regionalHost: regionalHost(name, region, domain),
      priority: rulePriority(name),
    }));
}

/** The ports the load balancer sends to, once each, ascending: its security group's egress. */
export function targetPorts(applications: readonly PlannedApplication[]): number[] {
  return [...new Set(applications.map((app) => app.port))].sort((a, b) => a - b);
}

/** Whether `value` is a whole number from `min` to `max`. */
export function isWholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Every problem of the applications, with paths `applications.<name>[.<field>]`: names that cannot be a DNS label,
 * hosts that are not names, not inside the domain or deeper than the certificate's wildcard, hosts served twice,
 * health paths not from the root, ports that are not TCP ports, and two names with one rule priority. `domain` is
 * checked on its own; with a broken domain the hosts are checked only as names.
 */
export function applicationProblems(
  applications: Readonly<Record<string, EdgeApplication>>,
  domain: string,
): Problem[] {
  const problems: Problem[] = [];
  const domainIsValid = domainNameProblem(domain) === undefined;
  const hostOwners = new Map<string, string>();
  const priorityOwners = new Map<number, string>();
  for (const name of Object.keys(applications).sort()) {
    const app = applications[name];
    const path = `applications.${name}`;
    if (!APPLICATION_NAME.test(name)) {
      problems.push({
        path,
        message: `${JSON.stringify(name)} cannot name an application: it is the first label of its regional host <name>.<region>.<domain>; use 1 to 63 lowercase letters, digits and inner hyphens`,
      });
    } else {
      const priority = rulePriority(name);
      const other = priorityOwners.get(priority);
      if (other !== undefined) {
        problems.push({
          path,
          message: `its listener rule priority ${priority} (derived from the name) is also ${other}'s; rename one of them`,
        });
      } else {
        priorityOwners.set(priority, name);
      }
    }

    const hostProblem = domainNameProblem(app.host);
    if (hostProblem !== undefined) {
      problems.push({ path: `${path}.host`, message: hostProblem });
    } else if (domainIsValid && !isWithinDomain(app.host, domain)) {
      problems.push({
        path: `${path}.host`,
        message: `${app.host} is outside ${domain}; use ${domain} or a name one label below it (e.g. ${name}.${domain})`,
      });
    } else if (
      domainIsValid &&
      app.host !== domain &&
      app.host.split(".").length > domain.split(".").length + 1
    ) {
      problems.push({
        path: `${path}.host`,
        message: `${app.host} is more than one label below ${domain}, which the certificate's *.${domain} does not cover; use a name one label below it (e.g. ${name}.${domain})`,
      });
    } else {
      const owner = hostOwners.get(app.host);
      if (owner !== undefined) {
        problems.push({
          path: `${path}.host`,
          message: `${app.host} is also the host of ${owner}; give each application its own host`,
        });
      } else {
        hostOwners.set(app.host, name);
      }
    }

    if (typeof app.healthPath !== "string" || !app.healthPath.startsWith("/")) {
      problems.push({
        path: `${path}.healthPath`,
        message: `${JSON.stringify(app.healthPath)} does not start with /; write the path from the root (e.g. /healthz)`,
      });
    } else if (app.healthPath.length > MAX_HEALTH_PATH_LENGTH || !/^[\x21-\x7e]+$/.test(app.healthPath)) {
      problems.push({
        path: `${path}.healthPath`,
        message: `${JSON.stringify(app.healthPath)} is not a path Route 53 can request; use at most ${MAX_HEALTH_PATH_LENGTH} printable characters without spaces (e.g. /healthz)`,
      });
    }

    if (!isWholeNumberIn(app.port, 1, 65535)) {
      problems.push({
        path: `${path}.port`,
        message: `${app.port} is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)`,
      });
    }
  }
  return problems;
}
