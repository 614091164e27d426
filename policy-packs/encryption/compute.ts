/**
 * EBS: launch template volumes, instance volumes and standalone volumes are encrypted.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { describe, isTrue, listOf, setTo } from "../lib/values";

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const INSTANCE = "aws:ec2/instance:Instance";
export const EBS_VOLUME = "aws:ebs/volume:Volume";

export const launchTemplateEbsEncrypted: ResourceValidationPolicy = {
  name: "launch-template-ebs-encrypted",
  description: "Launch templates map their EBS volumes (at least the root volume) with encryption on.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.LaunchTemplateArgs>>(
    LAUNCH_TEMPLATE,
    (template, _args, report) => {
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
    },
  ),
};

export const instanceEbsEncrypted: ResourceValidationPolicy = {
  name: "instance-ebs-encrypted",
  description: "EC2 instances encrypt their root and attached EBS volumes.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.InstanceArgs>>(INSTANCE, (instance, _args, report) => {
    // With a launch template and no root device here, the template's mappings apply (checked on the template).
    const fromTemplate = instance.launchTemplate !== undefined && instance.rootBlockDevice === undefined;
    if (!fromTemplate && instance.rootBlockDevice?.encrypted !== true) {
      report(setTo("rootBlockDevice.encrypted", instance.rootBlockDevice?.encrypted, "true"));
    }
    listOf(instance.ebsBlockDevices).forEach((device, index) => {
      if (device.encrypted !== true) {
        report(setTo(`ebsBlockDevices[${index}].encrypted`, device.encrypted, "true"));
      }
    });
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
