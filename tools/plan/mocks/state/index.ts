/**
 * The computed state of every custom resource the mocks answer: realistic, deterministic ids and ARNs in the
 * resource's region, one file per AWS service family, with what every AWS resource's state shares (its `region` and
 * `tagsAll`). A type no family knows gets an id from its name and, for AWS, an ARN of the usual shape.
 */
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash } from "../ids";
import { isRecord } from "../values";
import { acmState } from "./acm";
import { auditState } from "./audit";
import { backupState } from "./backup";
import { ec2State } from "./ec2";
import { ecrState } from "./ecr";
import { elbState } from "./elb";
import { firehoseState } from "./firehose";
import { eksState } from "./eks";
import { mskState } from "./msk";
import { observabilityState } from "./observability";
import { randomState } from "./random";
import { rdsState } from "./rds";
import { result, type ComputedState, type MockedResource } from "./resource";
import { route53State } from "./route53";
import { s3State } from "./s3";
import { securityState } from "./security";
import { wafv2State } from "./wafv2";

export type { ComputedState, MockedResource };
export { zoneIdOf } from "./ec2";
export { eksClusterOutputs } from "./eks";
export { mockRandomResult } from "./random";

/** The family that knows the types of each `<package>:<module>` (the part of a type token before the `/`). */
const FAMILIES: Readonly<Record<string, (resource: MockedResource) => ComputedState | undefined>> = {
  "aws:ec2": ec2State,
  "aws:eks": eksState,
  "aws:ecr": ecrState,
  "aws:iam": securityState,
  "aws:kms": securityState,
  "aws:secretsmanager": securityState,
  "aws:guardduty": securityState,
  "aws:securityhub": securityState,
  "aws:ebs": securityState,
  "aws:rds": rdsState,
  "aws:msk": mskState,
  "aws:appautoscaling": mskState,
  "aws:cloudwatch": observabilityState,
  "aws:sns": observabilityState,
  "aws:amp": observabilityState,
  "aws:grafana": observabilityState,
  "aws:xray": observabilityState,
  "aws:route53": route53State,
  "aws:acm": acmState,
  "aws:lb": elbState,
  "aws:alb": elbState,
  "aws:wafv2": wafv2State,
  "aws:s3": s3State,
  "aws:kinesis": firehoseState,
  "random:index": randomState,
  "aws:cloudtrail": auditState,
  "aws:cfg": auditState,
  "aws:backup": backupState,
};

/**
 * The id and computed outputs of `resource`. `defaultTags` are its provider's; `secretTags` says whether any of its
 * own tags is a secret (then so is `tagsAll`).
 */
export function computedState(
  resource: MockedResource,
  defaultTags: Record<string, string>,
  secretTags: boolean,
): ComputedState {
  const { type, inputs, region } = resource;
  const common: Record<string, unknown> = {};
  if (type.startsWith("aws:") && !type.startsWith("aws:iam/")) {
    common["region"] = region;
  }
  if (isRecord(inputs["tags"])) {
    // The provider's default tags merged with the resource's own; secret when any tag is.
    const tagsAll = { ...defaultTags, ...inputs["tags"] };
    common["tagsAll"] = secretTags ? pulumi.secret(tagsAll) : tagsAll;
  }
  const own = FAMILIES[moduleOf(type)]?.(resource) ?? genericState(resource);
  return { id: own.id, state: { ...common, ...own.state } };
}

function moduleOf(type: string): string {
  const slash = type.indexOf("/");
  return slash < 0 ? type : type.slice(0, slash);
}

function genericState({ type, name, seed, region }: MockedResource): ComputedState {
  return result(
    `${name}-${shortHash(seed, 8)}`,
    type.startsWith("aws:") ? { arn: genericArn(type, name, region) } : {},
  );
}

function genericArn(type: string, name: string, region: string): string {
  const [, module = "", resource = ""] = type.split(":");
  const service = module.split("/")[0];
  const kind = kebab(resource);
  const arnRegion = service === "iam" ? "" : region;
  return `arn:aws:${service}:${arnRegion}:${MOCK_ACCOUNT_ID}:${kind}/${name}`;
}

function kebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
