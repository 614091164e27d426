/**
 * EC2 and VPC networking: VPCs, subnets, route tables, gateways, elastic IPs, security groups, endpoints, flow logs,
 * peering connections and launch templates, with ids in EC2's `<prefix>-<17 hex>` form and ARNs in the region.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:ec2/*` resource; undefined for a type this family does not know. */
export function ec2State({ type, seed, inputs, region }: MockedResource): ComputedState | undefined {
  const ec2 = (prefix: string) => `${prefix}-${shortHash(seed, 17)}`;
  const ec2Arn = (kind: string, id: string) => `arn:aws:ec2:${region}:${MOCK_ACCOUNT_ID}:${kind}/${id}`;
  switch (type) {
    case "aws:ec2/vpc:Vpc": {
      const id = ec2("vpc");
      const routeTable = `rtb-${shortHash(`${seed}/main-route-table`, 17)}`;
      return result(id, {
        arn: ec2Arn("vpc", id),
        ownerId: MOCK_ACCOUNT_ID,
        defaultSecurityGroupId: `sg-${shortHash(`${seed}/default-sg`, 17)}`,
        defaultNetworkAclId: `acl-${shortHash(`${seed}/default-acl`, 17)}`,
        defaultRouteTableId: routeTable,
        mainRouteTableId: routeTable,
        dhcpOptionsId: `dopt-${shortHash(`${seed}/dhcp`, 17)}`,
      });
    }
    case "aws:ec2/subnet:Subnet": {
      const id = ec2("subnet");
      const az = inputs["availabilityZone"];
      return result(id, {
        arn: ec2Arn("subnet", id),
        ownerId: MOCK_ACCOUNT_ID,
        ...(typeof az === "string" ? { availabilityZoneId: zoneIdOf(az) } : {}),
      });
    }
    case "aws:ec2/routeTable:RouteTable": {
      const id = ec2("rtb");
      return result(id, { arn: ec2Arn("route-table", id), ownerId: MOCK_ACCOUNT_ID });
    }
    case "aws:ec2/internetGateway:InternetGateway": {
      const id = ec2("igw");
      return result(id, { arn: ec2Arn("internet-gateway", id), ownerId: MOCK_ACCOUNT_ID });
    }
    case "aws:ec2/eip:Eip": {
      const id = ec2("eipalloc");
      return result(id, {
        allocationId: id,
        publicIp: `203.0.113.${(parseInt(shortHash(`${seed}/ip`, 4), 16) % 254) + 1}`,
        arn: ec2Arn("elastic-ip", id),
        domain: stringOr(inputs["domain"], "vpc"),
      });
    }
    case "aws:ec2/natGateway:NatGateway": {
      const id = ec2("nat");
      return result(id, { networkInterfaceId: `eni-${shortHash(`${seed}/eni`, 17)}` });
    }
    case "aws:ec2/securityGroup:SecurityGroup": {
      const id = ec2("sg");
      return result(id, { arn: ec2Arn("security-group", id), ownerId: MOCK_ACCOUNT_ID });
    }
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return result(...vpcEndpointState(seed, inputs, region, ec2("vpce"), ec2Arn));
    case "aws:ec2/flowLog:FlowLog": {
      const id = ec2("fl");
      return result(id, { arn: ec2Arn("vpc-flow-log", id) });
    }
    case "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": {
      const id = ec2("pcx");
      return result(id, {
        acceptStatus: inputs["autoAccept"] === true ? "active" : "pending-acceptance",
        peerOwnerId: stringOr(inputs["peerOwnerId"], MOCK_ACCOUNT_ID),
        peerRegion: stringOr(inputs["peerRegion"], region),
      });
    }
    case "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {
      const id = stringOr(inputs["vpcPeeringConnectionId"], ec2("pcx"));
      return result(id, { acceptStatus: "active", peerOwnerId: MOCK_ACCOUNT_ID });
    }
    case "aws:ec2/launchTemplate:LaunchTemplate": {
      const id = ec2("lt");
      return result(id, { arn: ec2Arn("launch-template", id), latestVersion: 1, defaultVersion: 1 });
    }
    default:
      return undefined;
  }
}

function vpcEndpointState(
  seed: string,
  inputs: Record<string, unknown>,
  region: string,
  id: string,
  ec2Arn: (kind: string, id: string) => string,
): [string, Record<string, unknown>] {
  const endpointType = stringOr(inputs["vpcEndpointType"], "Gateway");
  const state: Record<string, unknown> = {
    arn: ec2Arn("vpc-endpoint", id),
    ownerId: MOCK_ACCOUNT_ID,
    state: "available",
    vpcEndpointType: endpointType,
  };
  if (endpointType === "Gateway") {
    state["prefixListId"] = `pl-${shortHash(`${seed}/prefix-list`, 8)}`;
    state["dnsEntries"] = [];
    state["networkInterfaceIds"] = [];
  } else {
    const serviceName = stringOr(inputs["serviceName"], "service");
    const service = serviceName.startsWith(`com.amazonaws.${region}.`)
      ? serviceName.slice(`com.amazonaws.${region}.`.length)
      : serviceName;
    const subnets = Array.isArray(inputs["subnetIds"]) ? inputs["subnetIds"] : [];
    state["dnsEntries"] = [
      {
        dnsName: `${id}-${shortHash(`${seed}/dns`, 8)}.${service}.${region}.vpce.amazonaws.com`,
        hostedZoneId: `Z${upperId(`${seed}/zone`, 13)}`,
      },
    ];
    state["networkInterfaceIds"] = subnets.map(
      (subnet) => `eni-${shortHash(`${seed}/${String(subnet)}`, 17)}`,
    );
  }
  return [id, state];
}

const DIRECTION_ABBREVIATIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** Zone id of a zone name, e.g. `ap-northeast-1a` -> `apne1-az1`, `ap-east-2c` -> `ape2-az3`. */
export function zoneIdOf(zoneName: string): string {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zoneName);
  if (match === null) {
    return `${zoneName}-az1`;
  }
  const [, area, direction, number, letter] = match;
  const short = `${area}${DIRECTION_ABBREVIATIONS[direction] ?? direction}${number}`;
  return `${short}-az${letter.charCodeAt(0) - "a".charCodeAt(0) + 1}`;
}
