/**
 * Amazon Data Firehose: a delivery stream keeps the records it buffers encrypted with a customer managed KMS key.
 * Server-side encryption of a stream applies to records put directly (DirectPut, which CloudWatch Logs subscriptions
 * and the SDKs use); a stream that reads a Kinesis data stream or an MSK cluster takes that source's encryption and
 * cannot set its own (Amazon Data Firehose Developer Guide, "Data protection"), so such a stream passes.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { customerKeyProblem, setTo } from "../lib/values";

export const FIREHOSE_DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

export const firehoseEncrypted: ResourceValidationPolicy = {
  name: "firehose-encrypted",
  description:
    "Firehose delivery streams fed directly (DirectPut) encrypt buffered records with a customer managed KMS key " +
    "(serverSideEncryption enabled, keyType CUSTOMER_MANAGED_CMK).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.kinesis.FirehoseDeliveryStreamArgs>>(
    FIREHOSE_DELIVERY_STREAM,
    (stream, _args, report) => {
      if (stream.kinesisSourceConfiguration !== undefined || stream.mskSourceConfiguration !== undefined) {
        return;
      }
      const sse = stream.serverSideEncryption;
      if (sse?.enabled !== true) {
        report(setTo("serverSideEncryption.enabled", sse?.enabled, "true"));
        return;
      }
      if (sse.keyType !== "CUSTOMER_MANAGED_CMK") {
        report(setTo("serverSideEncryption.keyType", sse.keyType, '"CUSTOMER_MANAGED_CMK"'));
        return;
      }
      const problem = customerKeyProblem("serverSideEncryption.keyArn", sse.keyArn);
      if (problem !== undefined) {
        report(problem);
      }
    },
  ),
};
