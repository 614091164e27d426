/**
 * `VpcPeering`: a cross-region VPC peering owned by one stack, with routes on both sides. The rules of its
 * arguments are in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem, throwIfProblems } from "../common/validation";
import { vpcPeeringArgsProblems } from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const VPC_PEERING_TYPE = "platform:network:VpcPeering";

/** One side of a peering: its VPC, CIDR, the route tables that must reach the other side, and its provider. */
export interface PeeringSide {
  readonly vpcId: pulumi.Input<string>;
  /** The side's VPC CIDR, plain: it is validated against the other side's before anything is created. */
  readonly cidr: string;
  /**
   * Route tables that get a route to the other side's CIDR, keyed by a stable name (e.g. `data-ap-east-2a`). The
   * keys are plain because they name the routes; the ids may be outputs.
   */
  readonly routeTableIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Provider of the side's region (and account). */
  readonly provider: aws.Provider;
}

export interface VpcPeeringArgs {
  /** The side that requests the connection (the stack that owns the peering). */
  readonly requester: PeeringSide;
  /** The side that accepts it, in `accepterRegion`. */
  readonly accepter: PeeringSide;
  /** Region of the accepter VPC (plain: it selects the cross-region request). */
  readonly accepterRegion: string;
  /**
   * Whether each side resolves the other side's private DNS names of public hostnames to private IPs.
   * @default true
   */
  readonly allowRemoteVpcDnsResolution?: boolean;
}

/**
 * A VPC peering connection owned by one stack across two regions: the requester, the accepter (created with the
 * accepter region's provider), DNS options on both sides, and routes to the peer CIDR on every given route table
 * of both sides. Routes use the accepted connection's id, so they wait for the acceptance without a `dependsOn`.
 */
export class VpcPeering extends pulumi.ComponentResource {
  readonly peeringConnectionId: pulumi.Output<string>;
  readonly requesterRouteIds: pulumi.Output<string[]>;
  readonly accepterRouteIds: pulumi.Output<string[]>;

  constructor(name: string, args: VpcPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(VPC_PEERING_TYPE, name, {}, opts);
    const allowDns = args.allowRemoteVpcDnsResolution ?? true;
    throwIfProblems(`Invalid arguments for VpcPeering "${name}"`, validateVpcPeeringArgs(args));

    const requesterOpts = { parent: this, provider: args.requester.provider };
    const accepterOpts = { parent: this, provider: args.accepter.provider };

    const connection = new aws.ec2.VpcPeeringConnection(
      name,
      {
        vpcId: args.requester.vpcId,
        peerVpcId: args.accepter.vpcId,
        peerRegion: args.accepterRegion,
        // Cross-region requests cannot be auto-accepted by the requester; the accepter below accepts it.
        autoAccept: false,
        tags: { Name: name, Side: "requester" },
      },
      requesterOpts,
    );
    const accepted = new aws.ec2.VpcPeeringConnectionAccepter(
      `${name}-accepter`,
      {
        vpcPeeringConnectionId: connection.id,
        autoAccept: true,
        accepter: { allowRemoteVpcDnsResolution: allowDns },
        tags: { Name: name, Side: "accepter" },
      },
      accepterOpts,
    );
    // Requester options can be set only once the connection is active, so they take the accepted id.
    new aws.ec2.PeeringConnectionOptions(
      `${name}-requester-options`,
      {
        vpcPeeringConnectionId: accepted.vpcPeeringConnectionId,
        requester: { allowRemoteVpcDnsResolution: allowDns },
      },
      requesterOpts,
    );

    const routes = (side: "requester" | "accepter", own: PeeringSide, peer: PeeringSide) =>
      Object.entries(own.routeTableIds).map(
        ([key, routeTableId]) =>
          new aws.ec2.Route(
            `${name}-${side}-${key}`,
            {
              routeTableId,
              destinationCidrBlock: peer.cidr,
              vpcPeeringConnectionId: accepted.vpcPeeringConnectionId,
            },
            side === "requester" ? requesterOpts : accepterOpts,
          ),
      );
    const requesterRoutes = routes("requester", args.requester, args.accepter);
    const accepterRoutes = routes("accepter", args.accepter, args.requester);

    this.peeringConnectionId = accepted.vpcPeeringConnectionId;
    this.requesterRouteIds = pulumi.all(requesterRoutes.map((route) => route.id));
    this.accepterRouteIds = pulumi.all(accepterRoutes.map((route) => route.id));
    this.registerOutputs({
      peeringConnectionId: this.peeringConnectionId,
      requesterRouteIds: this.requesterRouteIds,
      accepterRouteIds: this.accepterRouteIds,
    });
  }
}

/** Every problem of the arguments, with paths relative to them (`vpcPeeringArgsProblems`). */
export function validateVpcPeeringArgs(args: VpcPeeringArgs): Problem[] {
  return vpcPeeringArgsProblems(args, (provider) => provider instanceof aws.Provider);
}
