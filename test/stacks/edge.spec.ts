import { expect } from "chai";
import { TLS_POLICY, WAF_MANAGED_RULE_GROUPS } from "../../components/regional-edge/plan";
import { named, ofType, plannedStacks } from "../support/stacks";
import { MOCK_ACCOUNT_ID } from "../../tools/plan/mocks";
import type { PlanResource, StackPlan } from "../../tools/plan/model";

const APPS = ["api", "cmc", "shop"];
const PROD: Record<string, { region: string; weight: number }> = {
  "prod-taipei": { region: "ap-east-2", weight: 70 },
  "prod-tokyo": { region: "ap-northeast-1", weight: 30 },
};

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("edge (platform:edge)", () => {
    it("creates the kimkao.io zone in prod-taipei only, protected, and dev.kimkao.io in dev, each with query logs in us-east-1", () => {
      const zones = (stack: string) =>
        ofType(plans[stack], "aws:route53/zone:Zone").map((z) => [
          z.inputs.name,
          z.inputs.forceDestroy,
          z.options.protect,
        ]);
      expect(zones("prod-taipei")).to.deep.equal([["kimkao.io", false, true]]);
      expect(zones("prod-tokyo")).to.deep.equal([]);
      expect(zones("dev")).to.deep.equal([["dev.kimkao.io", false, false]]);
      for (const stack of ["prod-taipei", "dev"]) {
        const logs = named(plans[stack], "aws:cloudwatch/logGroup:LogGroup", "zone-query-logs");
        expect(logs.inputs.region, stack).to.equal("us-east-1");
        expect(ofType(plans[stack], "aws:route53/queryLog:QueryLog"), stack).to.have.length(1);
      }
    });

    it("writes every region's records into the zone its stack owns, or its primary's", () => {
      const taipeiZone = plans["prod-taipei"].outputs.edgeZoneId;
      expect(taipeiZone).to.be.a("string");
      expect(plans["prod-tokyo"].outputs.edgeZoneId).to.equal(taipeiZone);
      expect(plans.dev.outputs.edgeZoneId).to.not.equal(taipeiZone);
      for (const [stack, plan] of Object.entries(plans)) {
        const zoneIds = new Set(ofType(plan, "aws:route53/record:Record").map((r) => r.inputs.zoneId));
        expect([...zoneIds], stack).to.deep.equal([plan.outputs.edgeZoneId]);
      }
    });

    it("validates a certificate for the domain, its wildcard and the region's through DNS in each prod region", () => {
      for (const [stack, { region }] of Object.entries(PROD)) {
        const plan = plans[stack];
        const certificate = named(plan, "aws:acm/certificate:Certificate", "edge");
        expect(certificate.inputs, stack).to.deep.include({
          domainName: "kimkao.io",
          subjectAlternativeNames: ["*.kimkao.io", `*.${region}.kimkao.io`],
          validationMethod: "DNS",
        });
        const validation = named(plan, "aws:acm/certificateValidation:CertificateValidation", "edge");
        expect(validation.inputs.validationRecordFqdns, stack).to.have.length(2);
        const https = named(plan, "aws:lb/listener:Listener", "edge-https");
        // The listener takes the certificate once it is validated.
        expect(https.options.dependsOn, stack).to.include(validation.urn);
      }
    });

    it("runs an internet-facing ALB in the edge subnets with HTTPS (TLS 1.2+), a redirect and invalid headers dropped", () => {
      for (const stack of Object.keys(PROD)) {
        const plan = plans[stack];
        const alb = named(plan, "aws:lb/loadBalancer:LoadBalancer", "edge");
        const edgeSubnets = (plan.outputs.subnetIds as { edge: string[] }).edge;
        expect(edgeSubnets, stack).to.have.length(3);
        expect(alb.inputs, stack).to.deep.include({
          loadBalancerType: "application",
          internal: false,
          dropInvalidHeaderFields: true,
          enableDeletionProtection: true,
          subnets: edgeSubnets,
        });
        expect(alb.inputs.accessLogs, stack).to.deep.include({ enabled: true });
        expect(plan.outputs.edgeLoadBalancerDnsName, stack).to.match(/\.elb\.amazonaws\.com$/);
        const https = named(plan, "aws:lb/listener:Listener", "edge-https");
        expect(https.inputs, stack).to.deep.include({ port: 443, protocol: "HTTPS", sslPolicy: TLS_POLICY });
        const http = named(plan, "aws:lb/listener:Listener", "edge-http");
        expect(http.inputs.defaultActions, stack).to.deep.equal([
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
      }
      // Deletion protection follows protect: off in dev.
      expect(
        named(plans.dev, "aws:lb/loadBalancer:LoadBalancer", "edge").inputs.enableDeletionProtection,
      ).to.equal(false);
    });

    it("puts the ALB behind a web ACL with the managed rule groups and a rate limit, logging to a KMS-encrypted log group", () => {
      for (const stack of Object.keys(PROD)) {
        const plan = plans[stack];
        const acl = named(plan, "aws:wafv2/webAcl:WebAcl", "edge");
        const rules = acl.inputs.rules as { name: string }[];
        expect(
          rules.map((r) => r.name),
          stack,
        ).to.include.members([...WAF_MANAGED_RULE_GROUPS, "rate-limit-per-ip"]);
        const association = named(plan, "aws:wafv2/webAclAssociation:WebAclAssociation", "edge");
        expect(association.options.dependsOn, stack).to.include(
          named(plan, "aws:lb/loadBalancer:LoadBalancer", "edge").urn,
        );
        const logging = named(
          plan,
          "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
          "edge",
        );
        expect(String((logging.inputs.logDestinationConfigs as string[])[0]), stack).to.contain(
          ":log-group:aws-waf-logs-edge-prod-",
        );
        const wafLogs = ofType(plan, "aws:cloudwatch/logGroup:LogGroup").find((g) =>
          String(g.inputs.name).startsWith("aws-waf-logs-"),
        );
        expect(wafLogs?.inputs.kmsKeyId, stack).to.equal(plan.outputs.logsKeyArn);
      }
    });

    it("gives each application an ip target group that a TargetGroupBinding fills, after the Load Balancer Controller", () => {
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const release = ofType(plan, "kubernetes:helm.sh/v3:Release").find(
          (r) => r.inputs.name === "aws-load-balancer-controller",
        );
        expect(release, stack).to.not.equal(undefined);
        for (const app of APPS) {
          const group = named(plan, "aws:lb/targetGroup:TargetGroup", `edge-${app}`);
          expect(group.inputs, `${stack} ${app}`).to.deep.include({
            targetType: "ip",
            port: 8080,
            protocol: "HTTP",
          });
          const binding = named(
            plan,
            "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
            `edge-${app}-binding`,
          );
          // The group the host rule forwards to.
          const rule = named(plan, "aws:lb/listenerRule:ListenerRule", `edge-${app}`);
          const [forward] = rule.inputs.actions as { targetGroupArn: string }[];
          expect(binding.inputs, `${stack} ${app}`).to.deep.equal({
            apiVersion: "elbv2.k8s.aws/v1beta1",
            kind: "TargetGroupBinding",
            metadata: { name: app, namespace: "apps" },
            spec: {
              serviceRef: { name: app, port: 8080 },
              targetGroupARN: forward.targetGroupArn,
              targetType: "ip",
            },
          });
          expect(binding.options.dependsOn, `${stack} ${app}`).to.include(release!.urn);
          expect(binding.options.provider, `${stack} ${app}`).to.match(/pulumi:providers:kubernetes::/);
        }
      }
    });

    it("routes api, shop and cmc 70 (Taipei) / 30 (Tokyo), each weighted record answered only while its region's health check passes", () => {
      for (const [stack, { region, weight }] of Object.entries(PROD)) {
        const plan = plans[stack];
        const healthCheckIds = plan.outputs.edgeHealthCheckIds as Record<string, string>;
        expect(Object.keys(healthCheckIds).sort(), stack).to.deep.equal(APPS);
        for (const app of APPS) {
          const record = named(plan, "aws:route53/record:Record", `edge-${app}`);
          expect(record.inputs, `${stack} ${app}`).to.deep.include({
            name: `${app}.kimkao.io`,
            type: "A",
            setIdentifier: region,
            weightedRoutingPolicies: [{ weight }],
            healthCheckId: healthCheckIds[app],
          });
          const check = named(plan, "aws:route53/healthCheck:HealthCheck", `edge-${app}`);
          expect(check.inputs, `${stack} ${app}`).to.deep.include({
            type: "HTTPS",
            fqdn: `${app}.${region}.kimkao.io`,
            resourcePath: "/healthz",
          });
        }
      }
      const dev = named(plans.dev, "aws:route53/record:Record", "edge-api");
      expect(dev.inputs).to.deep.include({
        name: "api.dev.kimkao.io",
        weightedRoutingPolicies: [{ weight: 100 }],
      });
    });

    it("admits the ALB's security group to the nodes on the applications' port, and no CIDR", () => {
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const [albGroup] = named(plan, "aws:lb/loadBalancer:LoadBalancer", "edge").inputs
          .securityGroups as string[];
        const toNodes = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
          (r: PlanResource) => r.inputs.securityGroupId === plan.outputs.eksNodeSecurityGroupId,
        );
        const fromAlb = toNodes.filter((r) => r.inputs.referencedSecurityGroupId === albGroup);
        expect(
          fromAlb.map((r) => [
            r.name,
            r.inputs.fromPort,
            r.inputs.toPort,
            r.inputs.cidrIpv4,
            r.inputs.cidrIpv6,
          ]),
          stack,
        ).to.deep.equal([["edge-to-nodes-8080", 8080, 8080, undefined, undefined]]);
        expect(
          toNodes.filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0"),
          stack,
        ).to.deep.equal([]);
      }
    });

    it("keeps the load balancer's access logs in a SecureBucket with the inputs and, through aliases, the URNs the hand-built bucket had", () => {
      const REGIONS: Record<string, string> = {
        dev: "ap-east-2",
        "prod-taipei": "ap-east-2",
        "prod-tokyo": "ap-northeast-1",
      };
      const S3 = "aws:s3/";
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const region = REGIONS[stack];
        const env = stack === "dev" ? "dev" : "prod";
        const component = named(plan, "platform:storage:SecureBucket", "edge-access-logs");
        expect(component.parent, stack).to.equal(named(plan, "platform:edge:RegionalEdge", "edge").urn);
        const of = (type: string) => named(plan, `${S3}${type}`, "edge-access-logs");
        const bucket = of("bucket:Bucket");
        expect(bucket.parent, stack).to.equal(component.urn);
        const name = String(bucket.state?.["bucket"]);
        const arn = `arn:aws:s3:::${name}`;
        expect(name, stack).to.match(new RegExp(`^${env}-${region}-alb-logs-\\d{26}$`));
        // The inputs the hand-built bucket had (recorded from the plans before the move).
        expect(bucket.inputs, stack).to.deep.equal({
          bucketPrefix: `${env}-${region}-alb-logs-`,
          forceDestroy: false,
          tags: {
            Name: "edge-access-logs",
            "platform:data-class": "logs",
            "platform:replication": "none: ALB access logs of this region's load balancer stay in the region",
          },
        });
        expect(bucket.options.protect, stack).to.equal(env === "prod");
        expect(
          of("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs,
        ).to.deep.equal({
          bucket: name,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
        expect(of("bucketVersioning:BucketVersioning").inputs).to.deep.equal({
          bucket: name,
          versioningConfiguration: { status: "Enabled" },
        });
        expect(of("bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.equal({
          bucket: name,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        expect(of("bucketOwnershipControls:BucketOwnershipControls").inputs).to.deep.equal({
          bucket: name,
          rule: { objectOwnership: "BucketOwnerEnforced" },
        });
        expect(of("bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs).to.deep.equal({
          bucket: name,
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
        const policy = of("bucketPolicy:BucketPolicy");
        expect(policy.inputs.bucket).to.equal(name);
        expect(JSON.parse(String(policy.inputs.policy)), stack).to.deep.equal({
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
              Principal:
                region === "ap-northeast-1"
                  ? { AWS: "arn:aws:iam::582318560864:root" }
                  : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: `${arn}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
            },
          ],
        });
        // The URNs the plans recorded before the move (the mocks' form: the parent's type only): each moved
        // resource's aliases name its own, so the engine matches it to its state and replaces nothing.
        const moved = plan.resources.filter((r) => r.type.startsWith(S3) && r.name === "edge-access-logs");
        expect(moved, stack).to.have.length(7);
        for (const resource of moved) {
          const before =
            resource.type === "aws:s3/bucket:Bucket"
              ? `urn:pulumi:${stack}::platform::platform:edge:RegionalEdge$aws:s3/bucket:Bucket::edge-access-logs`
              : `urn:pulumi:${stack}::platform::aws:s3/bucket:Bucket$${resource.type}::edge-access-logs`;
          expect(resource.options.aliases, `${stack} ${resource.type}`).to.include(before);
        }
      }
    });

    it("exports the domain, the zone, the load balancer's name and the health checks; the zone's name servers where it is owned", () => {
      for (const stack of Object.keys(plans)) {
        const outputs = plans[stack].outputs;
        expect(outputs.edgeDomain, stack).to.equal(stack === "dev" ? "dev.kimkao.io" : "kimkao.io");
        expect(outputs.edgeNameServers !== undefined, stack).to.equal(stack !== "prod-tokyo");
      }
    });
  });
});
