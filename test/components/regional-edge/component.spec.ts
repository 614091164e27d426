import { expect } from "chai";
import {
  REGIONAL_EDGE_TYPE,
  RegionalEdge,
  RegionalEdgeArgs,
  WAF_MANAGED_RULE_GROUPS,
  rulePriority,
} from "../../../components/regional-edge";
import { ValidationError } from "../../../components/common/validation";
import {
  MOCK_ACCOUNT_ID,
  PlanRecorder,
  RecordedResource,
  installPlanMocks,
  planResourceOf,
} from "../../../tools/plan/mocks";
import { SECURE_BUCKET_TYPE } from "../../../components/secure-bucket";
import { dnsValidationOptions } from "../../../tools/plan/mocks/state/acm";
import { summarizeDeployTime } from "../../../tools/insights/deploy-time";
import { componentVerdicts } from "../../support/policies";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  certificate: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  rule: "aws:lb/listenerRule:ListenerRule",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  association: "aws:wafv2/webAclAssociation:WebAclAssociation",
  logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  bucket: "aws:s3/bucket:Bucket",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

const TAGS = {
  Owner: "platform-team",
  CostCenter: "CC-1001",
  Environment: "prod",
  Project: "platform",
  ManagedBy: "pulumi",
};
const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const LOGS_KEY = `arn:aws:kms:ap-northeast-1:${MOCK_ACCOUNT_ID}:key/0f6c2d4e-1111-4222-a333-444455556666`;

/** Tokyo's edge, as the seed's prod-tokyo would build it: three applications, 30% of the traffic. */
const TOKYO: RegionalEdgeArgs = {
  domain: "kimkao.io",
  zoneId: ZONE_ID,
  region: "ap-northeast-1",
  environment: "prod",
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.1.0.0/16",
  edgeSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"],
  applications: {
    shop: { host: "shop.kimkao.io", healthPath: "/health", port: 8080 },
    api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 },
    cmc: { host: "cmc.kimkao.io", healthPath: "/healthz", port: 3000 },
  },
  weight: 30,
  logsKmsKeyArn: LOGS_KEY,
  protect: true,
  tags: { Team: "edge" },
};

interface Built {
  recorder: PlanRecorder;
  edge: RegionalEdge;
  providerRef: string;
}

async function build(overrides: Partial<RegionalEdgeArgs> = {}, name = "edge"): Promise<Built> {
  const region = overrides.region ?? TOKYO.region;
  const { component: edge, ...built } = await buildUnderMocks(
    (provider) => new RegionalEdge(name, { ...TOKYO, ...overrides }, { provider }),
    {
      stack: "prod-tokyo",
      region,
      defaultTags: TAGS,
      settle: (edge) => [
        edge.targetGroupArns,
        edge.healthCheckIds,
        edge.certificateArn,
        edge.webAclArn,
        edge.accessLogBucketName,
      ],
    },
  );
  return { ...built, edge };
}

function jsonInput(resource: RecordedResource, input: string): unknown {
  return JSON.parse(String(resource.inputs[input]));
}

describe("RegionalEdge (under the plan mocks)", () => {
  describe("Tokyo's edge for api, shop and cmc at weight 30, protected", () => {
    let built: Built;
    let find: (type: string, name: string) => RecordedResource;
    let lbArn: string;
    let dnsName: string;
    let bucketName: string;
    before(async () => {
      built = await build();
      find = (type, name) => built.recorder.find(type, name);
      lbArn = await valueOf(built.edge.loadBalancerArn);
      dnsName = await valueOf(built.edge.loadBalancerDnsName);
      bucketName = await valueOf(built.edge.accessLogBucketName);
    });

    it("creates every child under the component, through the regional provider", () => {
      const component = find(REGIONAL_EDGE_TYPE, "edge");
      const children = built.recorder.resources.filter((r) => r.type.startsWith("aws:"));
      expect(children.every((r) => r.options.provider === built.providerRef)).to.equal(true);
      expect(find(T.loadBalancer, "edge").parent).to.equal(component.urn);
    });

    describe("certificate", () => {
      it("requests the domain, its wildcard and the region's wildcard, DNS-validated", () => {
        expect(find(T.certificate, "edge").inputs).to.deep.equal({
          domainName: "kimkao.io",
          subjectAlternativeNames: ["*.kimkao.io", "*.ap-northeast-1.kimkao.io"],
          validationMethod: "DNS",
          keyAlgorithm: "RSA_2048",
          tags: { Team: "edge", Name: "edge-ap-northeast-1" },
        });
      });

      it("creates one validation record per distinct record: apex and wildcard share one", () => {
        const [apex, , regional] = dnsValidationOptions([
          "kimkao.io",
          "*.kimkao.io",
          "*.ap-northeast-1.kimkao.io",
        ]);
        const records = built.recorder
          .byType(T.record)
          .filter((r) => r.name.startsWith("edge-validation-"))
          .map((r) => [r.name, r.inputs, r.options.retainOnDelete]);
        expect(records).to.deep.equal([
          [
            "edge-validation-apex",
            {
              zoneId: ZONE_ID,
              name: apex.resourceRecordName,
              type: "CNAME",
              records: [apex.resourceRecordValue],
              ttl: 300,
              allowOverwrite: true,
            },
            true,
          ],
          [
            "edge-validation-regional",
            {
              zoneId: ZONE_ID,
              name: regional.resourceRecordName,
              type: "CNAME",
              records: [regional.resourceRecordValue],
              ttl: 300,
              allowOverwrite: false,
            },
            false,
          ],
        ]);
      });

      it("waits for validation through both records, and the HTTPS listener takes the validated ARN", async () => {
        const certificateArn = await valueOf(built.edge.certificateArn);
        expect(certificateArn).to.match(
          new RegExp(`^arn:aws:acm:ap-northeast-1:${MOCK_ACCOUNT_ID}:certificate/[0-9a-f-]{36}$`),
        );
        expect(find(T.validation, "edge").inputs).to.deep.equal({
          certificateArn,
          validationRecordFqdns: [
            String(find(T.record, "edge-validation-apex").inputs["name"]).replace(/\.$/, ""),
            String(find(T.record, "edge-validation-regional").inputs["name"]).replace(/\.$/, ""),
          ],
        });
        const https = find(T.listener, "edge-https");
        expect(https.inputs["certificateArn"]).to.equal(certificateArn);
        expect(https.propertyDependencies["certificateArn"]).to.deep.equal([find(T.validation, "edge").urn]);
      });
    });

    describe("load balancer", () => {
      it("is internet-facing in the edge subnets, drops invalid headers, deletion-protected, logging to S3", () => {
        expect(find(T.loadBalancer, "edge").inputs).to.deep.equal({
          loadBalancerType: "application",
          internal: false,
          ipAddressType: "ipv4",
          subnets: TOKYO.edgeSubnetIds,
          securityGroups: [find(T.securityGroup, "edge-alb").id],
          dropInvalidHeaderFields: true,
          enableDeletionProtection: true,
          accessLogs: { bucket: bucketName, enabled: true },
          tags: { Team: "edge", Name: "edge" },
        });
        expect(find(T.loadBalancer, "edge").options.dependsOn).to.include(
          find(T.bucketPolicy, "edge-access-logs").urn,
        );
      });

      it("has a security group tagged as a load balancer's: 80 and 443 from anywhere, out only to the apps' ports in the VPC", () => {
        const group = find(T.securityGroup, "edge-alb");
        expect(group.inputs["tags"]).to.deep.equal({
          Team: "edge",
          Name: "edge-alb",
          "platform:role": "load-balancer",
        });
        const rules = (type: string) =>
          built.recorder
            .byType(type)
            .map(({ name, inputs }) => ({ name, ...inputs, tags: undefined, description: undefined }))
            .map((rule) => JSON.parse(JSON.stringify(rule)) as Record<string, unknown>);
        const ingress = (port: number, family: "ipv4" | "ipv6") => ({
          name: `edge-alb-${port}-${family}`,
          securityGroupId: group.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          ...(family === "ipv4" ? { cidrIpv4: "0.0.0.0/0" } : { cidrIpv6: "::/0" }),
        });
        expect(rules(T.ingress)).to.deep.equal([
          ingress(80, "ipv4"),
          ingress(80, "ipv6"),
          ingress(443, "ipv4"),
          ingress(443, "ipv6"),
        ]);
        const egress = (port: number) => ({
          name: `edge-alb-to-${port}`,
          securityGroupId: group.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "10.1.0.0/16",
        });
        expect(rules(T.egress)).to.deep.equal([egress(3000), egress(8080)]);
      });

      it("serves HTTPS with the TLS 1.3/1.2 policy and answers 404 to unknown hosts", () => {
        expect(find(T.listener, "edge-https").inputs).to.deep.equal({
          loadBalancerArn: lbArn,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          certificateArn: find(T.listener, "edge-https").inputs["certificateArn"],
          defaultActions: [
            {
              type: "fixed-response",
              fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
            },
          ],
          tags: { Team: "edge", Name: "edge-https" },
        });
      });

      it("redirects HTTP to HTTPS permanently", () => {
        expect(find(T.listener, "edge-http").inputs).to.deep.equal({
          loadBalancerArn: lbArn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
          ],
          tags: { Team: "edge", Name: "edge-http" },
        });
      });

      it("gives each application an ip target group on its port, checked on its health path", async () => {
        const arns = await valueOf(built.edge.targetGroupArns);
        expect(Object.keys(arns)).to.deep.equal(["api", "cmc", "shop"]);
        expect(find(T.targetGroup, "edge-cmc").inputs).to.deep.equal({
          targetType: "ip",
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          port: 3000,
          vpcId: TOKYO.vpcId,
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            protocol: "HTTP",
            port: "traffic-port",
            path: "/healthz",
            matcher: "200-399",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
          tags: { Team: "edge", Name: "edge-cmc", Application: "cmc" },
        });
        expect(arns["cmc"]).to.equal(find(T.targetGroup, "edge-cmc").id);
        const suffixes = await valueOf(built.edge.targetGroupArnSuffixes);
        expect(suffixes["cmc"]).to.match(/^targetgroup\/edge-cmc-[0-9a-f]{7}\/[0-9a-f]{16}$/);
      });

      it("forwards each application's host and regional host to its target group, at a priority from its name", () => {
        const https = find(T.listener, "edge-https");
        expect(find(T.rule, "edge-shop").inputs).to.deep.equal({
          listenerArn: https.id,
          priority: rulePriority("shop"),
          conditions: [{ hostHeader: { values: ["shop.kimkao.io", "shop.ap-northeast-1.kimkao.io"] } }],
          actions: [{ type: "forward", targetGroupArn: find(T.targetGroup, "edge-shop").id }],
          tags: { Team: "edge", Name: "edge-shop", Application: "shop" },
        });
      });
    });

    describe("WAF", () => {
      const metric = "edge-prod-ap-northeast-1";
      const visibility = (metricName: string) => ({
        cloudwatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName,
      });
      const managed = (group: string, priority: number) => ({
        name: group,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(`${metric}-${group}`),
      });

      it("has a regional web ACL with the IP reputation list, a rate limit per IP and the managed inspections", () => {
        expect(find(T.webAcl, "edge").inputs).to.deep.equal({
          scope: "REGIONAL",
          description: "Web ACL of the load balancer edge (prod, ap-northeast-1)",
          defaultAction: { allow: {} },
          rules: [
            managed("AWSManagedRulesAmazonIpReputationList", 0),
            {
              name: "rate-limit-per-ip",
              priority: 1,
              action: { block: {} },
              statement: {
                rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 },
              },
              visibilityConfig: visibility(`${metric}-rate-limit-per-ip`),
            },
            managed("AWSManagedRulesCommonRuleSet", 2),
            managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
            managed("AWSManagedRulesSQLiRuleSet", 4),
          ],
          visibilityConfig: visibility(metric),
          tags: { Team: "edge", Name: "edge" },
        });
        expect(WAF_MANAGED_RULE_GROUPS).to.have.length(4);
        expect(find(T.webAcl, "edge").state["capacity"]).to.equal(25 + 2 + 700 + 200 + 200);
      });

      it("is associated with the load balancer", async () => {
        expect(find(T.association, "edge").inputs).to.deep.equal({
          resourceArn: lbArn,
          webAclArn: await valueOf(built.edge.webAclArn),
        });
      });

      it("logs to an aws-waf-logs- group encrypted with the logs key, credentials redacted", async () => {
        expect(find(T.logGroup, "edge-waf").inputs).to.deep.equal({
          name: "aws-waf-logs-edge-prod-ap-northeast-1",
          retentionInDays: 365,
          kmsKeyId: LOGS_KEY,
          tags: { Team: "edge", Name: "aws-waf-logs-edge-prod-ap-northeast-1" },
        });
        expect(find(T.logging, "edge").inputs).to.deep.equal({
          resourceArn: await valueOf(built.edge.webAclArn),
          logDestinationConfigs: [
            `arn:aws:logs:ap-northeast-1:${MOCK_ACCOUNT_ID}:log-group:aws-waf-logs-edge-prod-ap-northeast-1`,
          ],
          redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        });
        expect(await valueOf(built.edge.wafLogGroupName)).to.equal("aws-waf-logs-edge-prod-ap-northeast-1");
      });
    });

    describe("routing", () => {
      it("health-checks each application's regional host over HTTPS with SNI, every 30 s, 3 failures", async () => {
        const ids = await valueOf(built.edge.healthCheckIds);
        expect(Object.keys(ids)).to.deep.equal(["api", "cmc", "shop"]);
        expect(find(T.healthCheck, "edge-shop").inputs).to.deep.equal({
          type: "HTTPS",
          fqdn: "shop.ap-northeast-1.kimkao.io",
          port: 443,
          resourcePath: "/health",
          requestInterval: 30,
          failureThreshold: 3,
          enableSni: true,
          measureLatency: false,
          tags: { Team: "edge", Name: "shop.ap-northeast-1.kimkao.io", Application: "shop" },
        });
      });

      it("points each regional host at this region's load balancer with a simple alias record", () => {
        expect(find(T.record, "edge-shop-regional").inputs).to.deep.equal({
          zoneId: ZONE_ID,
          name: "shop.ap-northeast-1.kimkao.io",
          type: "A",
          aliases: [{ name: dnsName, zoneId: "Z14GRHDCWA56QT", evaluateTargetHealth: false }],
        });
      });

      it("answers each host from this region with weight 30 while its health check passes", async () => {
        const ids = await valueOf(built.edge.healthCheckIds);
        expect(find(T.record, "edge-api").inputs).to.deep.equal({
          zoneId: ZONE_ID,
          name: "api.kimkao.io",
          type: "A",
          setIdentifier: "ap-northeast-1",
          weightedRoutingPolicies: [{ weight: 30 }],
          healthCheckId: ids["api"],
          aliases: [{ name: dnsName, zoneId: "Z14GRHDCWA56QT", evaluateTargetHealth: true }],
        });
      });
    });

    describe("access logs", () => {
      const configuration = (type: string) => find(type, "edge-access-logs");

      it("are a SecureBucket under the edge whose resources keep the URNs they had when the edge built them by hand", () => {
        const component = find(SECURE_BUCKET_TYPE, "edge-access-logs");
        expect(component.parent).to.equal(find(REGIONAL_EDGE_TYPE, "edge").urn);
        expect(configuration(T.bucket).parent).to.equal(component.urn);
        // The URNs the edge's own bucket and its configuration had (the mocks' form: the parent's type only),
        // recorded from the plan before the move.
        const before: Record<string, string> = {
          [T.bucket]:
            "urn:pulumi:prod-tokyo::platform::platform:edge:RegionalEdge$aws:s3/bucket:Bucket::edge-access-logs",
          [T.ownership]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketOwnershipControls:BucketOwnershipControls::edge-access-logs",
          [T.publicAccess]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::edge-access-logs",
          [T.sse]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::edge-access-logs",
          [T.versioning]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketVersioning:BucketVersioning::edge-access-logs",
          [T.lifecycle]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::edge-access-logs",
          [T.bucketPolicy]:
            "urn:pulumi:prod-tokyo::platform::aws:s3/bucket:Bucket$aws:s3/bucketPolicy:BucketPolicy::edge-access-logs",
        };
        const moved = built.recorder.resources.filter(
          (r) => r.type.startsWith("aws:s3/") && r.name === "edge-access-logs",
        );
        expect(moved.map((r) => r.type).sort()).to.deep.equal(Object.keys(before).sort());
        for (const resource of moved) {
          expect(resource.options.aliases, resource.type).to.include(before[resource.type]);
        }
        // The bucket itself moved (a new parent); its configuration kept the mocks' URN, with a new parent chain.
        expect(configuration(T.bucket).urn).to.not.equal(before[T.bucket]);
      });

      it("go to a protected, tagged logs bucket of the environment and region", () => {
        const bucket = configuration(T.bucket);
        expect(bucket.inputs).to.deep.equal({
          bucketPrefix: "prod-ap-northeast-1-alb-logs-",
          forceDestroy: false,
          tags: {
            Team: "edge",
            Name: "edge-access-logs",
            "platform:data-class": "logs",
            "platform:replication": "none: ALB access logs of this region's load balancer stay in the region",
          },
        });
        expect(bucket.options.protect).to.equal(true);
        expect(bucketName).to.match(/^prod-ap-northeast-1-alb-logs-\d{26}$/);
      });

      it("versioned, every public access blocked, ACLs disabled, SSE-S3, expiring after the retention", () => {
        expect(configuration(T.versioning).inputs).to.deep.equal({
          bucket: bucketName,
          versioningConfiguration: { status: "Enabled" },
        });
        expect(configuration(T.publicAccess).inputs).to.deep.equal({
          bucket: bucketName,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        expect(configuration(T.ownership).inputs).to.deep.equal({
          bucket: bucketName,
          rule: { objectOwnership: "BucketOwnerEnforced" },
        });
        expect(configuration(T.sse).inputs).to.deep.equal({
          bucket: bucketName,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
        expect(configuration(T.lifecycle).inputs).to.deep.equal({
          bucket: bucketName,
          rules: [
            {
              id: "expire-access-logs",
              status: "Enabled",
              filter: {},
              expiration: { days: 365 },
              noncurrentVersionExpiration: { noncurrentDays: 30 },
              abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
          ],
        });
      });

      it("refuse requests without TLS and let Tokyo's Elastic Load Balancing account write this account's logs", () => {
        const arn = `arn:aws:s3:::${bucketName}`;
        expect(jsonInput(configuration(T.bucketPolicy), "policy")).to.deep.equal({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [arn, `${arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
              Sid: "ElasticLoadBalancingWritesAccessLogs",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::582318560864:root" },
              Action: "s3:PutObject",
              Resource: `${arn}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
            },
          ],
        });
      });
    });

    it("gathers its metric dimensions for ObservabilityStack: ARN suffixes, and the web ACL's metric name", async () => {
      expect(built.edge.webAclMetricName).to.equal("edge-prod-ap-northeast-1");
      expect(built.edge.webAclMetricName).to.equal(
        (find(T.webAcl, "edge").inputs["visibilityConfig"] as { metricName: string }).metricName,
      );
      const monitored = built.edge.monitored;
      expect(monitored.region).to.equal("ap-northeast-1");
      expect(monitored.webAclMetricName).to.equal("edge-prod-ap-northeast-1");
      expect(await valueOf(monitored.loadBalancer)).to.equal(await valueOf(built.edge.loadBalancerArnSuffix));
      expect(String(await valueOf(monitored.loadBalancer))).to.match(/^app\//);
      expect(Object.keys(monitored.targetGroups)).to.deep.equal(["api", "cmc", "shop"]);
      const suffixes = await valueOf(built.edge.targetGroupArnSuffixes);
      for (const [app, suffix] of Object.entries(monitored.targetGroups)) {
        expect(await valueOf(suffix), app).to.equal(suffixes[app]);
        expect(suffixes[app], app).to.match(/^targetgroup\//);
      }
    });

    it("creates in about 6 minutes, at its lower bound: the certificate's validation, then the HTTPS listener and rules", () => {
      const time = summarizeDeployTime({ resources: built.recorder.resources.map(planResourceOf) });
      expect(time.unknownTypes).to.deep.equal([]);
      expect(time.avoidableEdges).to.deep.equal([]);
      expect(time.criticalPathMinutes).to.equal(time.lowerBoundMinutes);
      expect(time.criticalPathMinutes).to.be.closeTo(6.3, 1e-9);
      expect(time.criticalPath.map((step) => `${step.name} ${step.minutes}`)).to.deep.equal([
        "edge 0.1",
        "edge-validation-apex 1",
        "edge 5",
        "edge-https 0.1",
        "edge-api 0.1",
      ]);
    });

    it("passes every policy pack with the prod config (the SSE-S3 bucket is one only ELB writes to)", async () => {
      expect(await componentVerdicts(built.recorder.resources.map(planResourceOf), "prod")).to.deep.equal([]);
    });
  });

  it("lets Taipei's log delivery service write, drains with weight 0, protects nothing in dev and passes its packs", async () => {
    const { recorder, edge } = await build({
      region: "ap-east-2",
      environment: "dev",
      weight: 0,
      protect: false,
      applications: { api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 } },
    });
    const bucket = await valueOf(edge.accessLogBucketName);
    const policy = JSON.parse(String(recorder.find(T.bucketPolicy, "edge-access-logs").inputs["policy"])) as {
      Statement: Record<string, unknown>[];
    };
    expect(policy.Statement[1]).to.deep.equal({
      Sid: "ElasticLoadBalancingWritesAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
    });
    expect(recorder.find(T.record, "edge-api").inputs["weightedRoutingPolicies"]).to.deep.equal([
      { weight: 0 },
    ]);
    expect(recorder.find(T.record, "edge-api").inputs["setIdentifier"]).to.equal("ap-east-2");
    expect(recorder.find(T.loadBalancer, "edge").inputs["enableDeletionProtection"]).to.equal(false);
    expect(recorder.find(T.bucket, "edge-access-logs").options.protect).to.equal(false);
    expect(recorder.find(T.certificate, "edge").inputs["subjectAlternativeNames"]).to.deep.equal([
      "*.kimkao.io",
      "*.ap-east-2.kimkao.io",
    ]);
    // Deletion protection follows protect, off in dev: the one finding, advisory there as all of data-protection.
    expect(await componentVerdicts(recorder.resources.map(planResourceOf), "dev")).to.deep.equal([
      "data-protection/lb-deletion-protection edge: enableDeletionProtection is false; set enableDeletionProtection to true.",
    ]);
  });

  it("reports every problem at once, before any child", async () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    expect(
      () =>
        new RegionalEdge(
          "edge",
          {
            ...TOKYO,
            applications: {
              api: { host: "api.example.com", healthPath: "healthz", port: 0 },
              shop: { host: "shop.kimkao.io", healthPath: "/health", port: 8080 },
              web: { host: "shop.kimkao.io", healthPath: "/health", port: 8080 },
            },
            weight: 256,
            wafRateLimit: 5,
            logRetentionDays: 100,
            edgeSubnetIds: [],
          },
          {},
        ),
    ).to.throw(
      ValidationError,
      'Invalid arguments for RegionalEdge "edge":\n' +
        "  - applications.api.host: api.example.com is outside kimkao.io; use kimkao.io or a name one label below it (e.g. api.kimkao.io)\n" +
        '  - applications.api.healthPath: "healthz" does not start with /; write the path from the root (e.g. /healthz)\n' +
        "  - applications.api.port: 0 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)\n" +
        "  - applications.web.host: shop.kimkao.io is also the host of shop; give each application its own host\n" +
        "  - weight: 256 is not a Route 53 weight; use a whole number from 0 (drains this region) to 255\n" +
        "  - edgeSubnetIds: no edge subnets; an internet-facing Application Load Balancer needs subnets in at least two availability zones, so pass the edge tier's subnets of two or more zones (RegionalVpc tiers.edge)\n" +
        "  - logRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)\n" +
        "  - wafRateLimit: 5 is below WAF's minimum rate limit of 10 requests per 5 minutes; use a whole number from 10 (e.g. 2000)\n" +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    await recorder.settled();
    expect(recorder.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
      `${REGIONAL_EDGE_TYPE}::edge`,
    ]);
    expect(recorder.invokes).to.deep.equal([]);
  });
});
