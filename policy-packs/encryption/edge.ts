/**
 * The edge speaks TLS: load balancer listeners use HTTPS or TLS (an HTTP listener only redirects to HTTPS) with a
 * TLS 1.2+ security policy, and ACM certificates use strong keys, renew themselves and are used only once issued.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ACM_CERTIFICATE, LISTENER_TYPES } from "../lib/edge";
import { linkedResources } from "../lib/links";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { describe, listOf, setTo } from "../lib/values";

type ListenerInputs = Inputs<aws.lb.ListenerArgs>;

/** Whether every default action of an HTTP listener redirects to HTTPS. */
function redirectsToHttps(listener: ListenerInputs): boolean {
  const actions = listOf(listener.defaultActions);
  return (
    actions.length > 0 &&
    actions.every((action) => action.type === "redirect" && action.redirect?.protocol === "HTTPS")
  );
}

export const lbListenerSecureProtocol: ResourceValidationPolicy = {
  name: "lb-listener-secure-protocol",
  description:
    "Load balancer listeners use HTTPS (application) or TLS (network); an HTTP listener only redirects to HTTPS.",
  enforcementLevel: "mandatory",
  validateResource: LISTENER_TYPES.map((type) =>
    validateType<ListenerInputs>(type, (listener, _args, report) => {
      // Unset, an Application Load Balancer's listener is HTTP.
      const protocol = listener.protocol ?? "HTTP";
      if (["HTTPS", "TLS", "GENEVE"].includes(protocol)) {
        return; // GENEVE: a Gateway Load Balancer's, which passes packets through without terminating anything
      }
      if (protocol === "HTTP") {
        if (!redirectsToHttps(listener)) {
          report(
            `protocol is ${describe(listener.protocol ?? "HTTP")} and its defaultActions do not all redirect to ` +
              'HTTPS; set protocol to "HTTPS" (with certificateArn and sslPolicy), or keep HTTP with one default ' +
              'action of type "redirect" and redirect.protocol "HTTPS".',
          );
        }
        return;
      }
      report(
        setTo(
          "protocol",
          protocol,
          '"TLS" (with certificateArn and sslPolicy), so the load balancer encrypts',
        ),
      );
    }),
  ),
};

export interface TlsPolicyConfig {
  /** Security policies HTTPS and TLS listeners may use. */
  allowedPolicies: string[];
}
/** The policies Security Hub's ELB.17 recommends: TLS 1.2 and 1.3 only, forward secrecy. */
const tlsPolicyDefaults: TlsPolicyConfig = {
  allowedPolicies: [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  ],
};

export const lbListenerTlsPolicy: ResourceValidationPolicy = {
  name: "lb-listener-tls-policy",
  description:
    "HTTPS and TLS listeners name one of the allowed security policies (TLS 1.2 or later by default).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    allowedPolicies: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: tlsPolicyDefaults.allowedPolicies,
      description: "Security policies (sslPolicy) HTTPS and TLS listeners may use.",
    },
  }),
  validateResource: LISTENER_TYPES.map((type) =>
    validateType<ListenerInputs>(type, (listener, args, report) => {
      if (!["HTTPS", "TLS"].includes(String(listener.protocol))) {
        return;
      }
      const { allowedPolicies } = configWithDefaults(args, tlsPolicyDefaults);
      if (listener.sslPolicy === undefined || !allowedPolicies.includes(listener.sslPolicy)) {
        report(
          setTo(
            "sslPolicy",
            listener.sslPolicy,
            `one of ${allowedPolicies.map((p) => JSON.stringify(p)).join(", ")}` +
              (listener.sslPolicy === undefined ? " (unset, the load balancer's default decides)" : ""),
          ),
        );
      }
    }),
  ),
};

type CertificateInputs = Inputs<aws.acm.CertificateArgs>;

/** Key algorithms of at least RSA 2048 bits or an ECDSA curve (ACM's names). */
const STRONG_KEY_ALGORITHMS = [
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "EC_prime256v1",
  "EC_secp384r1",
  "EC_secp521r1",
];

export const acmCertificateKeyAlgorithm: ResourceValidationPolicy = {
  name: "acm-certificate-key-algorithm",
  description: "ACM certificates use RSA keys of at least 2,048 bits or ECDSA keys.",
  enforcementLevel: "mandatory",
  validateResource: validateType<CertificateInputs>(ACM_CERTIFICATE, (certificate, _args, report) => {
    // Unset, ACM issues RSA_2048; an imported certificate's key is its own (acm-certificate-auto-renewing refuses those).
    if (certificate.keyAlgorithm !== undefined && !STRONG_KEY_ALGORITHMS.includes(certificate.keyAlgorithm)) {
      report(setTo("keyAlgorithm", certificate.keyAlgorithm, '"RSA_2048" or stronger, or "EC_prime256v1"'));
    }
  }),
};

export const acmCertificateAutoRenewing: ResourceValidationPolicy = {
  name: "acm-certificate-auto-renewing",
  description:
    "ACM certificates are issued by ACM (not imported) and validated through DNS, so ACM renews them before they expire.",
  enforcementLevel: "mandatory",
  validateResource: validateType<CertificateInputs>(ACM_CERTIFICATE, (certificate, _args, report) => {
    const imported = [certificate.certificateBody, certificate.privateKey, certificate.privateKeyWo].some(
      (value) => value !== undefined,
    );
    if (imported) {
      report(
        "the certificate is imported (certificateBody, privateKey), and ACM does not renew imported certificates; " +
          'request it from ACM with domainName and validationMethod "DNS" instead.',
      );
      return;
    }
    // A private CA's certificates renew through the CA and take no validation method.
    if (certificate.certificateAuthorityArn === undefined && certificate.validationMethod !== "DNS") {
      report(
        setTo(
          "validationMethod",
          certificate.validationMethod,
          '"DNS" (with its validation records in the zone, renewal needs no one to answer an email)',
        ),
      );
    }
  }),
};

export const ACM_CERTIFICATE_VALIDATION = "aws:acm/certificateValidation:CertificateValidation";

export const acmCertificateValidationAwaited: StackValidationPolicy = {
  name: "acm-certificate-validation-awaited",
  description:
    "Every DNS-validated ACM certificate has an aws.acm.CertificateValidation, so nothing uses it before it is issued.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const validations = resourcesOfType(args, ACM_CERTIFICATE_VALIDATION);
    for (const certificate of resourcesOfType(args, ACM_CERTIFICATE)) {
      const props = certificate.props as CertificateInputs;
      if (props.validationMethod !== "DNS") {
        continue;
      }
      const awaited = validations.some(
        (v) =>
          linkedResources(v, "certificateArn", [certificate], { candidateKeys: ["arn", "id"] }).length > 0,
      );
      if (!awaited) {
        report(
          "the certificate is DNS-validated but nothing waits for its validation; add an " +
            "aws.acm.CertificateValidation with certificateArn set to its ARN and validationRecordFqdns set to its " +
            "validation records, and give listeners the validation's certificateArn.",
          certificate.urn,
        );
      }
    }
  },
};
