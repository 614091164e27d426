import { expect } from "chai";
import {
  IAM_POLICY_VERSION,
  PolicyDocument,
  accountRootArn,
  awsManagedPolicyArn,
  oneOrMany,
  policyDocument,
  policyJson,
} from "../../../components/common/iam";

const ACCOUNT = "123456789012";

describe("common/iam: the one typed PolicyDocument", () => {
  const document: PolicyDocument = policyDocument([
    {
      // Written in the order a reader expects; the provider rendering reorders the elements.
      Sid: "ReadLogs",
      Effect: "Allow",
      Principal: { Service: ["vpc-flow-logs.amazonaws.com"] },
      Condition: {
        StringEquals: { "aws:SourceAccount": [ACCOUNT], "aws:SourceRegion": ["ap-east-2", "ap-northeast-1"] },
      },
      Resource: ["arn:aws:logs:*:*:*"],
      Action: ["logs:GetLogEvents", "logs:FilterLogEvents"],
    },
    { Effect: "Deny", NotAction: ["kms:Decrypt"], NotResource: "*", Principal: "*" },
  ]);

  it("renders compact JSON exactly as written (key order and lists kept)", () => {
    expect(policyJson(document, "compact")).to.equal(JSON.stringify(document));
    expect(policyJson(document, "compact")).to.equal(
      '{"Version":"2012-10-17","Statement":[{"Sid":"ReadLogs","Effect":"Allow","Principal":{"Service":' +
        '["vpc-flow-logs.amazonaws.com"]},"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"],' +
        '"aws:SourceRegion":["ap-east-2","ap-northeast-1"]}},"Resource":["arn:aws:logs:*:*:*"],"Action":' +
        '["logs:GetLogEvents","logs:FilterLogEvents"]},{"Effect":"Deny","NotAction":["kms:Decrypt"],' +
        '"NotResource":"*","Principal":"*"}]}',
    );
  });

  it("renders like aws.iam.getPolicyDocument's json: element order, one-element lists as values, two-space indent", () => {
    const expected = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadLogs",
          Effect: "Allow",
          Action: ["logs:GetLogEvents", "logs:FilterLogEvents"],
          Resource: "arn:aws:logs:*:*:*",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Condition: {
            StringEquals: {
              "aws:SourceAccount": ACCOUNT,
              "aws:SourceRegion": ["ap-east-2", "ap-northeast-1"],
            },
          },
        },
        { Effect: "Deny", NotAction: "kms:Decrypt", NotResource: "*", Principal: "*" },
      ],
    };
    expect(policyJson(document, "provider")).to.equal(JSON.stringify(expected, null, 2));
  });

  it("writes the provider's Id, everyone as *, and leaves out empty lists, principals and conditions", () => {
    const rendered = policyJson(
      {
        Version: IAM_POLICY_VERSION,
        Id: "key-policy",
        Statement: [
          {
            Sid: "",
            Effect: "Allow",
            Principal: { "*": ["*"] },
            Action: "sts:AssumeRole",
            Resource: [],
            Condition: {},
          },
          { Effect: "Allow", NotPrincipal: {}, Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" },
        ],
      },
      "provider",
    );
    expect(rendered).to.equal(
      JSON.stringify(
        {
          Version: "2012-10-17",
          Id: "key-policy",
          Statement: [
            { Effect: "Allow", Action: "sts:AssumeRole", Principal: "*" },
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" },
          ],
        },
        null,
        2,
      ),
    );
  });

  it("has small helpers for what every policy names", () => {
    expect(policyDocument([])).to.deep.equal({ Version: "2012-10-17", Statement: [] });
    expect(oneOrMany(["a"])).to.equal("a");
    expect(oneOrMany(["a", "b"])).to.deep.equal(["a", "b"]);
    expect(awsManagedPolicyArn("aws-cn", "service-role/AmazonEBSCSIDriverPolicy")).to.equal(
      "arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
    expect(accountRootArn("aws", ACCOUNT)).to.equal("arn:aws:iam::123456789012:root");
  });
});
