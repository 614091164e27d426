import { expect } from "chai";
import {
  QUERY_LOG_REGION,
  publicZoneArgsProblems,
  publicZoneDefaults,
  queryLogGroupName,
  queryLogPolicyName,
  withDefaults,
} from "../../../components/public-zone/plan";
import { domainNameProblem, isWithinDomain } from "../../../components/common/aws-limits";

const notADomain = (name: string) =>
  `${JSON.stringify(name)} is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase ` +
  "letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)";

describe("PublicZone planner", () => {
  it("defaults to query logging for a year, unprotected, no extra tags", () => {
    expect(withDefaults({ domain: "kimkao.io" })).to.deep.equal({
      domain: "kimkao.io",
      queryLogging: true,
      queryLogRetentionDays: 365,
      protect: false,
      tags: {},
    });
    expect(publicZoneDefaults).to.deep.equal({
      queryLogging: true,
      queryLogRetentionDays: 365,
      protect: false,
      tags: {},
    });
  });

  it("accepts a domain and a CloudWatch retention", () => {
    expect(publicZoneArgsProblems(withDefaults({ domain: "kimkao.io" }))).to.deep.equal([]);
    expect(
      publicZoneArgsProblems(withDefaults({ domain: "dev.kimkao.io", queryLogRetentionDays: 90 })),
    ).to.deep.equal([]);
  });

  it("names the domain and the retention when they are wrong, and ignores the retention without query logs", () => {
    expect(
      publicZoneArgsProblems(withDefaults({ domain: "kimkao", queryLogRetentionDays: 0 })),
    ).to.deep.equal([
      { path: "domain", message: notADomain("kimkao") },
      {
        path: "queryLogRetentionDays",
        message:
          "0 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 1)",
      },
    ]);
    expect(
      publicZoneArgsProblems(
        withDefaults({ domain: "kimkao.io", queryLogging: false, queryLogRetentionDays: 0 }),
      ),
    ).to.deep.equal([]);
  });

  it("names the query log group and its resource policy after the domain, in us-east-1", () => {
    expect(QUERY_LOG_REGION).to.equal("us-east-1");
    expect(queryLogGroupName("kimkao.io")).to.equal("/aws/route53/kimkao.io");
    expect(queryLogPolicyName("kimkao.io")).to.equal("route53-query-logs-kimkao.io");
  });

  describe("domain names (components/common/aws-limits.ts)", () => {
    it("accepts lowercase names of two or more labels", () => {
      for (const name of ["kimkao.io", "dev.kimkao.io", "a-b.c0.example.co.uk", "xn--p1ai.xn--p1ai"]) {
        expect(domainNameProblem(name), name).to.equal(undefined);
      }
      expect(domainNameProblem(`${"a".repeat(63)}.io`)).to.equal(undefined);
    });

    it("refuses one label, a trailing dot, capitals, bad labels, a numeric top level and overlong names", () => {
      const long = `${Array.from({ length: 4 }, () => "a".repeat(63)).join(".")}.io`;
      for (const name of [
        "kimkao",
        "kimkao.io.",
        "Kimkao.io",
        "-kimkao.io",
        "kimkao-.io",
        "kim_kao.io",
        "kimkao..io",
        "*.kimkao.io",
        "10.0.0.1",
        `${"a".repeat(64)}.io`,
        long,
        "",
      ]) {
        expect(domainNameProblem(name), name).to.equal(notADomain(name));
      }
    });

    it("knows what lies within a domain", () => {
      expect(isWithinDomain("kimkao.io", "kimkao.io")).to.equal(true);
      expect(isWithinDomain("api.kimkao.io", "kimkao.io")).to.equal(true);
      expect(isWithinDomain("notkimkao.io", "kimkao.io")).to.equal(false);
      expect(isWithinDomain("kimkao.io.evil.com", "kimkao.io")).to.equal(false);
    });
  });
});
