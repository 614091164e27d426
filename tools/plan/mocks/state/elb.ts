/**
 * Elastic Load Balancing v2 (`aws:lb/*` and its `aws:alb/*` aliases): load balancers with their DNS name and the
 * canonical hosted zone of their region, target groups, listeners and listener rules, with ARNs that nest as ELB's
 * do (a listener's ARN extends its load balancer's).
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/**
 * The canonical hosted zone of Application Load Balancers per region (ELB endpoints in the AWS General Reference;
 * the Terraform AWS provider's `hostedZoneIDPerRegionALBMap`). No public source listed ap-east-2 (Taipei) when this
 * was written: a region missing here gets a zone id derived from its name, marked by the `Z0MOCK` prefix.
 */
export const ALB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
  "ap-northeast-1": "Z14GRHDCWA56QT",
  "ap-east-1": "Z3DQVH9N71FHZ0",
  "ap-southeast-1": "Z1LMS91P8CMLE5",
  "us-east-1": "Z35SXDOTRQ7X7K",
};

/** The canonical hosted zone of an Application Load Balancer in `region`. */
export function albHostedZoneId(region: string): string {
  return ALB_HOSTED_ZONE_IDS[region] ?? `Z0MOCK${upperId(`alb-zone/${region}`, 13)}`;
}

/** ELB's names: at most 32 characters; the provider's autonaming adds `-` and 7 characters to the logical name. */
function elbName(inputs: Record<string, unknown>, name: string, seed: string): string {
  const given = inputs["name"];
  if (typeof given === "string") {
    return given;
  }
  const prefix = stringOr(inputs["namePrefix"], `${name}-`);
  return `${prefix.slice(0, 32 - 7)}${shortHash(seed, 7)}`;
}

/** The state of an `aws:lb/*` or `aws:alb/*` resource; undefined for a type this family does not know. */
export function elbState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  const arnOf = (resource: string) => `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
  switch (type.replace(/^aws:alb\//, "aws:lb/")) {
    case "aws:lb/loadBalancer:LoadBalancer": {
      const lbName = elbName(inputs, name, seed);
      const kind = stringOr(inputs["loadBalancerType"], "application") === "network" ? "net" : "app";
      const arnSuffix = `${kind}/${lbName}/${shortHash(`${seed}/id`, 16)}`;
      const arn = arnOf(`loadbalancer/${arnSuffix}`);
      const internal = inputs["internal"] === true ? "internal-" : "";
      const number = parseInt(shortHash(`${seed}/dns`, 8), 16) % 2_000_000_000;
      return result(arn, {
        arn,
        arnSuffix,
        name: lbName,
        dnsName: `${internal}${lbName}-${number}.${region}.elb.amazonaws.com`,
        zoneId: albHostedZoneId(region),
        vpcId: "vpc-mock",
      });
    }
    case "aws:lb/targetGroup:TargetGroup": {
      const groupName = elbName(inputs, name, seed);
      const arnSuffix = `targetgroup/${groupName}/${shortHash(`${seed}/id`, 16)}`;
      const arn = arnOf(arnSuffix);
      return result(arn, { arn, arnSuffix, name: groupName });
    }
    case "aws:lb/listener:Listener": {
      const lb = stringOr(inputs["loadBalancerArn"], arnOf("loadbalancer/app/lb/0"));
      const arn = `${lb.replace(":loadbalancer/", ":listener/")}/${shortHash(`${seed}/id`, 16)}`;
      return result(arn, { arn });
    }
    case "aws:lb/listenerRule:ListenerRule": {
      const listener = stringOr(inputs["listenerArn"], arnOf("listener/app/lb/0/0"));
      const arn = `${listener.replace(":listener/", ":listener-rule/")}/${shortHash(`${seed}/id`, 16)}`;
      return result(arn, { arn });
    }
    default:
      return undefined;
  }
}
