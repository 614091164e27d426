/**
 * EBS: launch template and launch configuration volumes, instance volumes and standalone volumes are encrypted.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { describe, isTrue, listOf, setTo } from "../lib/values";

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const INSTANCE = "aws:ec2/instance:Instance";
export const EBS_VOLUME = "aws:ebs/volume:Volume";

interface BlockDevice {
  encrypted?: boolean;
  noDevice?: boolean;
}
const FROM_LAUNCH_TEMPLATE = "from a launch template";

/**
 * Unencrypted volumes of an instance or a launch configuration: its root block device (unless it comes from a launch
 * template) and its EBS block devices (but a `noDevice` mapping, which suppresses one).
 */
function blockDeviceProblems(
  root: BlockDevice | undefined | typeof FROM_LAUNCH_TEMPLATE,
  ebsBlockDevices: readonly BlockDevice[] | undefined,
): string[] {
  const problems: string[] = [];
  if (root !== FROM_LAUNCH_TEMPLATE && root?.encrypted !== true) {
    problems.push(setTo("rootBlockDevice.encrypted", root?.encrypted, "true"));
  }
  listOf(ebsBlockDevices).forEach((device, index) => {
    if (device.noDevice !== true && device.encrypted !== true) {
      problems.push(setTo(`ebsBlockDevices[${index}].encrypted`, device.encrypted, "true"));
    }
  });
  return problems;
}

export const launchTemplateEbsEncrypted: ResourceValidationPolicy = {
  name: "launch-template-ebs-encrypted",
  description:
    "Launch templates and launch configurations map their EBS volumes (at least the root volume) with encryption on.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<Inputs<aws.ec2.LaunchTemplateArgs>>(LAUNCH_TEMPLATE, (template, _args, report) => {
      const mappings = listOf(template.blockDeviceMappings);
      if (mappings.length === 0) {
        report(
          `blockDeviceMappings is ${describe(template.blockDeviceMappings)}; map the root volume (e.g. /dev/xvda) ` +
            `with ebs.encrypted set to "true" (otherwise the AMI's and the account's defaults decide).`,
        );
        return;
      }
      mappings.forEach((mapping, index) => {
        if (mapping.ebs !== undefined && !isTrue(mapping.ebs.encrypted)) {
          report(setTo(`blockDeviceMappings[${index}].ebs.encrypted`, mapping.ebs.encrypted, '"true"'));
        }
      });
    }),
    validateType<Inputs<aws.ec2.LaunchConfigurationArgs>>(
      LAUNCH_CONFIGURATION,
      (configuration, _args, report) =>
        // Unset, the root volume is the AMI's snapshot's, encrypted only if that or the account's default is.
        blockDeviceProblems(configuration.rootBlockDevice, configuration.ebsBlockDevices).forEach((p) =>
          report(p),
        ),
    ),
  ],
};

export const instanceEbsEncrypted: ResourceValidationPolicy = {
  name: "instance-ebs-encrypted",
  description: "EC2 instances encrypt their root and attached EBS volumes.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.InstanceArgs>>(INSTANCE, (instance, _args, report) => {
    // With a launch template and no root device here, the template's mappings apply (checked on the template).
    const fromTemplate = instance.launchTemplate !== undefined && instance.rootBlockDevice === undefined;
    const root = fromTemplate ? FROM_LAUNCH_TEMPLATE : instance.rootBlockDevice;
    blockDeviceProblems(root, instance.ebsBlockDevices).forEach((p) => report(p));
  }),
};

export const ebsVolumeEncrypted: ResourceValidationPolicy = {
  name: "ebs-volume-encrypted",
  description: "Standalone EBS volumes are encrypted.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ebs.VolumeArgs>>(EBS_VOLUME, (volume, _args, report) => {
    if (volume.encrypted !== true) {
      report(setTo("encrypted", volume.encrypted, "true"));
    }
  }),
};
