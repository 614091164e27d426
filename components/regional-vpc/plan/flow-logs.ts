/**
 * The IAM of `RegionalVpc`'s flow logs, as typed documents: the key policy of the flow logs' key, the trust of the
 * delivery role and its permissions. The resources receive them rendered as `aws.iam.getPolicyDocument` rendered
 * them before (`policyJson(…, "provider")`).
 */
import { PolicyDocument, accountRootArn, policyDocument } from "../../common/iam";

/** The account, partition and region the flow logs' policies are written for. */
export interface FlowLogPolicyContext {
  readonly accountId: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  readonly region: string;
}

/** The flow logs' key: the account administers it; CloudWatch Logs encrypts this account's log groups with it. */
export function flowLogKeyPolicy(ctx: FlowLogPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(ctx.partition, ctx.accountId) },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsEncryptsLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${ctx.region}.${ctx.dnsSuffix}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*`,
        },
      },
    },
  ]);
}

/** The delivery role's trust: VPC Flow Logs, for this account's flow logs in this region only. */
export function flowLogTrustPolicy(ctx: FlowLogPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "VpcFlowLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*`,
        },
      },
    },
  ]);
}

/** The delivery role's permissions: write to its log group only. */
export function flowLogDeliveryPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "WriteThisLogGroupOnly",
      Effect: "Allow",
      Action: [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
      ],
      Resource: [logGroupArn, `${logGroupArn}:*`],
    },
  ]);
}
