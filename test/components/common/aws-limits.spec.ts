/**
 * The AWS facts several components check (`components/common/aws-limits.ts`), against their sources: the installed
 * @pulumi/aws (its enums, generated into aws-enums.json, and its documented allowed values).
 */
import { expect } from "chai";
import {
  AWS_REGIONS,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  EC2_INSTANCE_TYPES,
  LONGEST_REGION_NAME,
  isEc2InstanceType,
  isRegionName,
  retentionProblem,
} from "../../../components/common/aws-limits";
import { numbersIn, providerDoc } from "../../support/provider-docs";

describe("components/common: AWS facts", () => {
  describe("CloudWatch Logs retentions", () => {
    it("are the provider's documented retentionInDays values, less 0 (never expire)", () => {
      const doc = providerDoc("cloudwatch/logGroup.d.ts", "retentionInDays");
      const documented = numbersIn(/Possible values are: ([\d, and]+)/.exec(doc)?.[1] ?? "");
      expect(documented).to.deep.equal([...CLOUDWATCH_LOG_RETENTION_DAYS, 0]);
    });

    it("accept a listed retention and name the next one for any other", () => {
      expect(retentionProblem(365)).to.equal(undefined);
      expect(retentionProblem(100)).to.equal(
        `100 is not a CloudWatch Logs retention; use one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")} (e.g. 120)`,
      );
    });
  });

  describe("regions", () => {
    it("are the provider's regions, the platform's among them", () => {
      expect(AWS_REGIONS).to.include.members(["ap-east-2", "ap-northeast-1", "us-gov-west-1"]);
      expect(AWS_REGIONS.length).to.be.greaterThan(30);
    });

    it("are known by name, not by their shape", () => {
      expect(isRegionName("ap-east-2")).to.equal(true);
      expect(isRegionName("ap-east-9")).to.equal(false);
      expect(isRegionName("ap-east-2a")).to.equal(false);
      expect(isRegionName("AP-EAST-2")).to.equal(false);
    });

    it("fit in LONGEST_REGION_NAME, which names derived from a region leave room for", () => {
      const longest = Math.max(...AWS_REGIONS.map((region) => region.length));
      expect(LONGEST_REGION_NAME).to.be.at.least(longest);
    });
  });

  describe("EC2 instance types", () => {
    it("are known by name: a family or size that does not exist is not one", () => {
      for (const type of ["m7g.large", "m6i.xlarge", "c8g.metal-24xl", "m7i-flex.large", "t4g.nano"]) {
        expect(isEc2InstanceType(type), type).to.equal(true);
      }
      for (const type of ["m7g.huge", "m9x.large", "m7g", "M7G.LARGE", "kafka.m7g.large"]) {
        expect(isEc2InstanceType(type), type).to.equal(false);
      }
      expect(EC2_INSTANCE_TYPES.size).to.be.greaterThan(1000);
    });
  });
});
