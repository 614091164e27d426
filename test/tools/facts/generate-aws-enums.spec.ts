/**
 * The AWS enumerations config is checked against (`components/common/aws-enums.json`) are what the generator makes
 * from the installed @pulumi/aws, byte for byte: upgrading the SDK without `npm run aws-enums` fails here.
 */
import { expect } from "chai";
import * as fs from "fs";
import awsEnums from "../../../components/common/aws-enums.json";
import rootPackage from "../../../package.json";
import {
  AWS_ENUMS_FILE,
  enumValues,
  generateAwsEnums,
  renderAwsEnums,
  runAwsEnumsCli,
} from "../../../tools/facts/generate-aws-enums";

describe("tools: the AWS enumerations generator (npm run aws-enums)", () => {
  it("aws-enums.json is what the generator makes from the installed @pulumi/aws", () => {
    const generated = generateAwsEnums();
    expect(generated.generatedFrom).to.deep.equal({ "@pulumi/aws": rootPackage.dependencies["@pulumi/aws"] });
    // Byte for byte, so a stale file fails here: run `npm run aws-enums`.
    expect(renderAwsEnums(generated)).to.equal(fs.readFileSync(AWS_ENUMS_FILE, "utf8"));
  });

  it("--check exits 0 on the committed file; an unknown argument exits 2, naming it", () => {
    const io = { stdout: "", stderr: "" };
    const capture = {
      out: (text: string) => void (io.stdout += text),
      err: (text: string) => void (io.stderr += text),
    };
    expect(runAwsEnumsCli(["--check"], capture)).to.equal(0);
    expect(runAwsEnumsCli(["--force"], capture)).to.equal(2);
    expect(io).to.deep.equal({
      stdout: "",
      stderr:
        'unknown argument "--force"\nusage: npm run aws-enums [-- --check]\n' +
        'Run "npm run aws-enums -- --help" for the options and exit codes.\n',
    });
  });

  it("takes an enum's string values once each, sorted", () => {
    expect(enumValues({ B: "m7g.large", A: "c7g.large", C: "m7g.large", D: 3 })).to.deep.equal([
      "c7g.large",
      "m7g.large",
    ]);
  });

  it("holds the regions and instance types the stacks use", () => {
    expect(awsEnums.regions).to.include.members(["ap-east-2", "ap-northeast-1"]);
    expect(awsEnums.ec2InstanceTypes).to.include.members([
      "m7g.xlarge",
      "m6g.xlarge",
      "m5.xlarge",
      "m6i.xlarge",
    ]);
    expect(awsEnums.ec2InstanceTypes).not.to.include("m7g.huge");
  });
});
