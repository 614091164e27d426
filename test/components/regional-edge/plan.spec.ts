import { expect } from "chai";
import { AWS_REGIONS } from "../../../components/common/aws-limits";
import * as fc from "fast-check";
import {
  ELB_LOG_DELIVERY_ACCOUNTS,
  MAX_RULE_PRIORITY,
  RegionalEdgePlanInput,
  WAF_RATE_LIMIT_MAX,
  ACCESS_LOG_SSE_S3_REASON,
  accessLogBucketPrefix,
  accessLogLifecycle,
  certificateNames,
  elbAccessLogDelivery,
  elbLogDeliveryPrincipal,
  planApplications,
  regionalEdgeArgsProblems,
  regionalEdgeDefaults,
  rulePriority,
  targetPorts,
  validationOptionFor,
  validationRecords,
  wafLogGroupName,
  webAclRules,
} from "../../../components/regional-edge/plan";
import {
  lifecycleRule,
  secureBucketArgsProblems,
  secureBucketPolicy,
  withDefaults as secureBucketDefaults,
} from "../../../components/secure-bucket/plan";

const VALID: RegionalEdgePlanInput = {
  domain: "kimkao.io",
  region: "ap-east-2",
  environment: "prod",
  applications: {
    api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 },
    shop: { host: "shop.kimkao.io", healthPath: "/health", port: 8080 },
    cmc: { host: "cmc.kimkao.io", healthPath: "/healthz", port: 3000 },
  },
  weight: 70,
  edgeSubnetCount: 3,
  logRetentionDays: 365,
  wafRateLimit: 2000,
};

function problemsOf(overrides: Partial<RegionalEdgePlanInput>, name = "edge") {
  return regionalEdgeArgsProblems(name, { ...VALID, ...overrides });
}

const app = (host: string, healthPath = "/healthz", port = 8080) => ({ host, healthPath, port });

describe("RegionalEdge planner", () => {
  describe("arguments", () => {
    it("accepts the seed's applications, an apex host and the bounds of every number", () => {
      expect(problemsOf({})).to.deep.equal([]);
      expect(
        problemsOf({
          applications: { web: app("kimkao.io", "/", 1), api: app("api.kimkao.io", "/a?b=c", 65535) },
          weight: 0,
          wafRateLimit: 10,
          edgeSubnetCount: 2,
          logRetentionDays: 1,
        }),
      ).to.deep.equal([]);
      expect(problemsOf({ weight: 255, wafRateLimit: WAF_RATE_LIMIT_MAX, applications: {} })).to.deep.equal(
        [],
      );
    });

    it("defaults the retention to a year and the rate limit to 2000 per 5 minutes", () => {
      expect(regionalEdgeDefaults).to.deep.equal({
        logRetentionDays: 365,
        wafRateLimit: 2000,
        protect: false,
        tags: {},
      });
    });

    it("names a domain that is not one, or too long for a certificate", () => {
      expect(problemsOf({ domain: "kimkao.io." })).to.deep.equal([
        {
          path: "domain",
          message:
            '"kimkao.io." is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)',
        },
      ]);
      const long = `${"a".repeat(62)}.io`;
      expect(problemsOf({ domain: long, applications: {} })).to.deep.equal([
        {
          path: "domain",
          message: `${long} has 65 characters; ACM takes at most 64 for a certificate's first name, so use a shorter domain`,
        },
      ]);
    });

    it("names a region, an environment and a component name that cannot be part of names", () => {
      expect(problemsOf({ region: "Tokyo", environment: "Prod" }, "Edge")).to.deep.equal([
        {
          path: "name",
          message:
            '"Edge" cannot name an edge: it is part of its WAF log group and metric names; use 1 to 32 lowercase letters, digits and inner hyphens (e.g. edge)',
        },
        {
          path: "region",
          message:
            '"Tokyo" is not a region name; use the name AWS gives the provider\'s region (e.g. ap-east-2)',
        },
        {
          path: "environment",
          message:
            '"Prod" cannot be part of the edge\'s names; use 1 to 10 lowercase letters, digits and inner hyphens (e.g. prod)',
        },
      ]);
    });

    it("keeps the access-log bucket prefix within S3's 37 characters", () => {
      expect(problemsOf({ region: "ap-southeast-5", environment: "production" })).to.deep.equal([]);
      expect(problemsOf({ region: "ap-southeast-5", environment: "prod-blue2" })).to.deep.equal([]);
      // Every AWS region with the longest environment fits: the check guards names longer than any region today.
      for (const region of AWS_REGIONS) {
        expect(problemsOf({ region, environment: "production" }), region).to.deep.equal([]);
      }
    });

    it("names hosts that are not names, outside the domain, too deep for the wildcard, or served twice", () => {
      expect(
        problemsOf({
          applications: {
            a: app("A.kimkao.io"),
            b: app("b.example.com"),
            c: app("c.eu.kimkao.io"),
            d: app("api.kimkao.io"),
            api: app("api.kimkao.io"),
          },
        }),
      ).to.deep.equal([
        {
          path: "applications.a.host",
          message:
            '"A.kimkao.io" is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)',
        },
        {
          path: "applications.b.host",
          message:
            "b.example.com is outside kimkao.io; use kimkao.io or a name one label below it (e.g. b.kimkao.io)",
        },
        {
          path: "applications.c.host",
          message:
            "c.eu.kimkao.io is more than one label below kimkao.io, which the certificate's *.kimkao.io does not cover; use a name one label below it (e.g. c.kimkao.io)",
        },
        {
          path: "applications.d.host",
          message: "api.kimkao.io is also the host of api; give each application its own host",
        },
      ]);
    });

    it("names application keys that cannot be a label, health paths not from the root and ports out of range", () => {
      expect(
        problemsOf({
          applications: {
            Api: app("api.kimkao.io"),
            shop: app("shop.kimkao.io", "health", 0),
            cmc: app("cmc.kimkao.io", "/a b", 70000),
            web: app("web.kimkao.io", `/${"x".repeat(255)}`, 80.5),
          },
        }),
      ).to.deep.equal([
        {
          path: "applications.Api",
          message:
            '"Api" cannot name an application: it is the first label of its regional host <name>.<region>.<domain>; use 1 to 63 lowercase letters, digits and inner hyphens',
        },
        {
          path: "applications.cmc.healthPath",
          message:
            '"/a b" is not a path Route 53 can request; use at most 255 printable characters without spaces (e.g. /healthz)',
        },
        {
          path: "applications.cmc.port",
          message:
            "70000 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)",
        },
        {
          path: "applications.shop.healthPath",
          message: '"health" does not start with /; write the path from the root (e.g. /healthz)',
        },
        {
          path: "applications.shop.port",
          message:
            "0 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)",
        },
        {
          path: "applications.web.healthPath",
          message: `"/${"x".repeat(255)}" is not a path Route 53 can request; use at most 255 printable characters without spaces (e.g. /healthz)`,
        },
        {
          path: "applications.web.port",
          message:
            "80.5 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)",
        },
      ]);
    });

    it("keeps the weight within Route 53's 0 to 255", () => {
      for (const weight of [-1, 256, 1.5]) {
        expect(problemsOf({ weight })).to.deep.equal([
          {
            path: "weight",
            message: `${weight} is not a Route 53 weight; use a whole number from 0 (drains this region) to 255`,
          },
        ]);
      }
    });

    it("needs edge subnets in two zones", () => {
      const message = (what: string) =>
        `${what}; an internet-facing Application Load Balancer needs subnets in at least two availability zones, so pass the edge tier's subnets of two or more zones (RegionalVpc tiers.edge)`;
      expect(problemsOf({ edgeSubnetCount: 0 })).to.deep.equal([
        { path: "edgeSubnetIds", message: message("no edge subnets") },
      ]);
      expect(problemsOf({ edgeSubnetCount: 1 })).to.deep.equal([
        { path: "edgeSubnetIds", message: message("one edge subnet") },
      ]);
    });

    it("keeps the rate limit within WAF's 10 to 2,000,000,000 and the retention a CloudWatch one", () => {
      expect(problemsOf({ wafRateLimit: 9, logRetentionDays: 400 })).to.deep.equal([
        {
          path: "wafRateLimit",
          message:
            "9 is below WAF's minimum rate limit of 10 requests per 5 minutes; use a whole number from 10 (e.g. 2000)",
        },
      ]);
      expect(problemsOf({ wafRateLimit: 2_000_000_001, logRetentionDays: 2 })).to.deep.equal([
        {
          path: "logRetentionDays",
          message:
            "2 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 3)",
        },
        {
          path: "wafRateLimit",
          message:
            "2000000001 is not a WAF rate limit; use a whole number from 10 to 2000000000 requests per 5 minutes (e.g. 2000)",
        },
      ]);
    });
  });

  describe("applications", () => {
    it("plans them in name order, with their regional hosts and rule priorities", () => {
      expect(planApplications(VALID.applications, "ap-east-2", "kimkao.io")).to.deep.equal([
        {
          name: "api",
          host: "api.kimkao.io",
          healthPath: "/healthz",
          port: 8080,
          regionalHost: "api.ap-east-2.kimkao.io",
          priority: rulePriority("api"),
        },
        {
          name: "cmc",
          host: "cmc.kimkao.io",
          healthPath: "/healthz",
          port: 3000,
          regionalHost: "cmc.ap-east-2.kimkao.io",
          priority: rulePriority("cmc"),
        },
        {
          name: "shop",
          host: "shop.kimkao.io",
          healthPath: "/health",
          port: 8080,
          regionalHost: "shop.ap-east-2.kimkao.io",
          priority: rulePriority("shop"),
        },
      ]);
    });

    it("derives each rule priority from the name alone, within ALB's 1 to 50000", () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 63 }), (name) => {
          const priority = rulePriority(name);
          expect(priority).to.equal(rulePriority(name));
          expect(Number.isInteger(priority) && priority >= 1 && priority <= MAX_RULE_PRIORITY).to.equal(true);
        }),
      );
      expect(new Set(["api", "shop", "cmc"].map(rulePriority)).size).to.equal(3);
    });

    it("reports two names that share a priority", () => {
      const taken = new Map<number, string>();
      let pair: [string, string] | undefined;
      for (let i = 0; pair === undefined; i++) {
        const name = `app${i}`;
        const other = taken.get(rulePriority(name));
        pair = other === undefined ? undefined : [other, name];
        taken.set(rulePriority(name), name);
      }
      const [first, second] = pair;
      expect(
        problemsOf({
          applications: { [first]: app(`${first}.kimkao.io`), [second]: app(`${second}.kimkao.io`) },
        }),
      ).to.deep.equal([
        {
          path: `applications.${[first, second].sort()[1]}`,
          message: `its listener rule priority ${rulePriority(first)} (derived from the name) is also ${[first, second].sort()[0]}'s; rename one of them`,
        },
      ]);
    });

    it("sends to each port once, ascending", () => {
      expect(targetPorts(planApplications(VALID.applications, "ap-east-2", "kimkao.io"))).to.deep.equal([
        3000, 8080,
      ]);
    });
  });

  describe("certificate", () => {
    it("covers the domain, its wildcard and the region's wildcard", () => {
      expect(certificateNames("kimkao.io", "ap-east-2")).to.deep.equal([
        "kimkao.io",
        "*.kimkao.io",
        "*.ap-east-2.kimkao.io",
      ]);
    });

    it("validates through two records: the apex one (shared by every region) and the region's", () => {
      expect(validationRecords("kimkao.io", "ap-east-2")).to.deep.equal([
        { key: "apex", validates: "kimkao.io", shared: true },
        { key: "regional", validates: "ap-east-2.kimkao.io", shared: false },
      ]);
    });

    it("finds a record's option by the name or its wildcard", () => {
      const options = [
        { domainName: "kimkao.io", n: 1 },
        { domainName: "*.kimkao.io", n: 2 },
        { domainName: "*.ap-east-2.kimkao.io", n: 3 },
      ];
      expect(validationOptionFor(options, "kimkao.io")?.n).to.equal(1);
      expect(validationOptionFor(options, "ap-east-2.kimkao.io")?.n).to.equal(3);
      expect(validationOptionFor(options, "eu.kimkao.io")).to.equal(undefined);
    });
  });

  describe("access logs", () => {
    /** The SecureBucket arguments RegionalEdge gives (the rules read these; the component adds the Outputs). */
    const bucketArgs = {
      bucketPrefix: "prod-ap-east-2-alb-logs-",
      dataClass: "logs",
      sseS3Reason: ACCESS_LOG_SSE_S3_REASON,
      hasKmsKey: false,
      hasAccessLogTarget: false,
    };

    it("are written by the ELB account in older regions and by the log delivery service in newer ones", () => {
      expect(elbLogDeliveryPrincipal("aws", "ap-northeast-1")).to.deep.equal({
        AWS: "arn:aws:iam::582318560864:root",
      });
      expect(elbLogDeliveryPrincipal("aws", "ap-east-2")).to.deep.equal({
        Service: "logdelivery.elasticloadbalancing.amazonaws.com",
      });
      expect(ELB_LOG_DELIVERY_ACCOUNTS["ap-east-2"]).to.equal(undefined);
      expect(Object.keys(ELB_LOG_DELIVERY_ACCOUNTS)).to.have.length(22);
    });

    it("have a bucket policy that denies plain HTTP and grants the writer this account's prefix only", () => {
      const ctx = {
        bucketArn: "arn:aws:s3:::logs",
        bucketName: "logs",
        accountId: "123456789012",
        partition: "aws",
        region: "ap-east-2",
      };
      // SecureBucket's TLS-only Deny, then the delivery statement: the document the hand-built bucket had.
      expect(secureBucketPolicy(ctx, [elbAccessLogDelivery(ctx)])).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "ElasticLoadBalancingWritesAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::logs/AWSLogs/123456789012/*",
          },
        ],
      });
      expect(elbAccessLogDelivery({ ...ctx, region: "ap-northeast-1" }).Principal).to.deep.equal({
        AWS: "arn:aws:iam::582318560864:root",
      });
    });

    it("expire after the retention, old versions 30 days later, under the rule id the bucket had", () => {
      expect(
        lifecycleRule(secureBucketDefaults({ ...bucketArgs, lifecycle: accessLogLifecycle(90) }).lifecycle),
      ).to.deep.equal({
        id: "expire-access-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: 90 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      });
      expect(accessLogBucketPrefix("prod", "ap-east-2")).to.equal("prod-ap-east-2-alb-logs-");
    });

    it("are a SecureBucket log sink: SSE-S3 with the ALB reason, no server access log target, no problem", () => {
      expect(ACCESS_LOG_SSE_S3_REASON).to.match(/ALB access-log delivery supports only SSE-S3/);
      expect(
        secureBucketArgsProblems(
          secureBucketDefaults({
            ...bucketArgs,
            bucketPrefix: accessLogBucketPrefix("prod", "ap-east-2"),
            lifecycle: accessLogLifecycle(365),
          }),
        ),
      ).to.deep.equal([]);
    });
  });

  describe("WAF", () => {
    it("orders the IP reputation list, the rate limit, then the inspections", () => {
      expect(webAclRules(500, "m").map((rule) => [rule.priority, rule.name])).to.deep.equal([
        [0, "AWSManagedRulesAmazonIpReputationList"],
        [1, "rate-limit-per-ip"],
        [2, "AWSManagedRulesCommonRuleSet"],
        [3, "AWSManagedRulesKnownBadInputsRuleSet"],
        [4, "AWSManagedRulesSQLiRuleSet"],
      ]);
      expect(webAclRules(500, "m")[1].statement).to.deep.equal({
        rateBasedStatement: { limit: 500, aggregateKeyType: "IP", evaluationWindowSec: 300 },
      });
    });

    it("logs to a group named with the prefix WAF requires", () => {
      expect(wafLogGroupName("edge", "prod", "ap-east-2")).to.equal("aws-waf-logs-edge-prod-ap-east-2");
    });
  });
});
