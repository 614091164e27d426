/**
 * Nothing the platform runs is reachable from the internet by itself: Aurora instances, the EKS API endpoint (both
 * shapes) and MSK brokers stay private.
 */
import type * as aws from "@pulumi/aws";
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_EKS_CLUSTER, AwsEksClusterInputs, EKS_CLUSTER, EksClusterInputs } from "../lib/eks";
import { cidrWithin, isWorldCidr } from "../lib/network";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "../lib/rds";
import { describe, listOf, setTo } from "../lib/values";

export const MSK_CLUSTER = "aws:msk/cluster:Cluster";

export const auroraInstanceNotPublic: ResourceValidationPolicy = {
  name: "aurora-instance-not-public",
  description: "Aurora cluster members and RDS DB instances are not publicly accessible.",
  enforcementLevel: "mandatory",
  validateResource: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE].map((type) =>
    validateType<Inputs<aws.rds.ClusterInstanceArgs>>(type, (instance, _args, report) => {
      if (instance.publiclyAccessible === true) {
        report(setTo("publiclyAccessible", instance.publiclyAccessible, "false"));
      }
    }),
  ),
};

export interface EksEndpointConfig {
  /**
   * CIDRs the public API endpoint may be opened to, as an exception (e.g. a VPN's egress range). Empty: the endpoint
   * must be private. `0.0.0.0/0` is never accepted, even when listed.
   */
  allowedPublicAccessCidrs: string[];
}
const eksEndpointDefaults: EksEndpointConfig = { allowedPublicAccessCidrs: [] };

interface EndpointSettings {
  readonly publicAccess: boolean | undefined;
  readonly privateAccess: boolean | undefined;
  readonly publicAccessCidrs: string[] | undefined;
}

function checkEndpoint(
  prefix: string,
  endpoint: EndpointSettings,
  allowed: string[],
  report: ReportViolation,
) {
  const publicPath = `${prefix}endpointPublicAccess`;
  const cidrsPath = `${prefix}publicAccessCidrs`;
  if (endpoint.privateAccess !== true) {
    report(setTo(`${prefix}endpointPrivateAccess`, endpoint.privateAccess, "true"));
  }
  // Both the EKS API and the eks component default the public endpoint to on, open to 0.0.0.0/0.
  if (endpoint.publicAccess === false) {
    return;
  }
  const usable = allowed.filter((cidr) => !isWorldCidr(cidr));
  if (usable.length === 0) {
    report(setTo(publicPath, endpoint.publicAccess, "false"));
    return;
  }
  const cidrs = endpoint.publicAccessCidrs;
  if (cidrs === undefined || cidrs.length === 0) {
    report(
      `${cidrsPath} is ${describe(cidrs)} (0.0.0.0/0 by default); set ${cidrsPath} to CIDRs within ` +
        `${describe(usable)}, or ${publicPath} to false.`,
    );
    return;
  }
  for (const cidr of cidrs) {
    if (isWorldCidr(cidr) || !cidrWithin(cidr, usable)) {
      report(
        `${cidrsPath} contains ${describe(cidr)}; set ${cidrsPath} to CIDRs within ${describe(usable)}, ` +
          `or ${publicPath} to false.`,
      );
    }
  }
}

export const eksEndpointPrivate: ResourceValidationPolicy = {
  name: "eks-endpoint-private",
  description:
    "The EKS API endpoint is private; a public endpoint is allowed only for the configured CIDRs, never 0.0.0.0/0.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    allowedPublicAccessCidrs: {
      type: "array",
      items: { type: "string" },
      default: eksEndpointDefaults.allowedPublicAccessCidrs,
      description:
        "CIDRs the public endpoint may be opened to (empty: private only); 0.0.0.0/0 is never accepted.",
    },
  }),
  validateResource: [
    validateType<AwsEksClusterInputs>(AWS_EKS_CLUSTER, (cluster, args, report) => {
      const { allowedPublicAccessCidrs } = configWithDefaults(args, eksEndpointDefaults);
      const vpc = cluster.vpcConfig;
      checkEndpoint(
        "vpcConfig.",
        {
          publicAccess: vpc?.endpointPublicAccess,
          privateAccess: vpc?.endpointPrivateAccess,
          publicAccessCidrs: vpc?.publicAccessCidrs === undefined ? undefined : listOf(vpc.publicAccessCidrs),
        },
        allowedPublicAccessCidrs,
        report,
      );
    }),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, args, report) => {
      const { allowedPublicAccessCidrs } = configWithDefaults(args, eksEndpointDefaults);
      checkEndpoint(
        "",
        {
          publicAccess: cluster.endpointPublicAccess,
          privateAccess: cluster.endpointPrivateAccess,
          publicAccessCidrs:
            cluster.publicAccessCidrs === undefined ? undefined : listOf(cluster.publicAccessCidrs),
        },
        allowedPublicAccessCidrs,
        report,
      );
    }),
  ],
};

export const mskNoPublicAccess: ResourceValidationPolicy = {
  name: "msk-no-public-access",
  description: "MSK brokers have public access turned off.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    const type = cluster.brokerNodeGroupInfo?.connectivityInfo?.publicAccess?.type;
    if (type !== undefined && type !== "DISABLED") {
      report(setTo("brokerNodeGroupInfo.connectivityInfo.publicAccess.type", type, '"DISABLED"'));
    }
  }),
};

const CLIENT_AUTHENTICATION = "{ sasl: { iam: true }, unauthenticated: false }";

export const mskNoUnauthenticatedAccess: ResourceValidationPolicy = {
  name: "msk-no-unauthenticated-access",
  description:
    "MSK clusters authenticate every client (IAM, SCRAM or mutual TLS) and turn unauthenticated access off.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    const authentication = cluster.clientAuthentication;
    // Without clientAuthentication, MSK admits unauthenticated clients.
    if (authentication === undefined) {
      report(
        setTo("clientAuthentication", undefined, `${CLIENT_AUTHENTICATION} (unset, any client connects)`),
      );
      return;
    }
    if (authentication.unauthenticated === true) {
      report(setTo("clientAuthentication.unauthenticated", authentication.unauthenticated, "false"));
    }
    const sasl = authentication.sasl;
    const tls = listOf(authentication.tls?.certificateAuthorityArns).length > 0;
    if (sasl?.iam !== true && sasl?.scram !== true && !tls) {
      report(
        "clientAuthentication enables no authentication method; set clientAuthentication.sasl.iam to true (or " +
          "sasl.scram, or tls.certificateAuthorityArns).",
      );
    }
  }),
};
