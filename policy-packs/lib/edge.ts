/**
 * The edge: Elastic Load Balancing v2 (`aws:lb/*` and their `aws:alb/*` aliases, the same resources under two tokens),
 * WAFv2 web ACLs, ACM certificates.
 */
import type { PolicyResource } from "@pulumi/policy";
import { peek } from "./values";

export const LOAD_BALANCER_TYPES: readonly string[] = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
];
export const LISTENER_TYPES: readonly string[] = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
export const WEB_ACL_LOGGING_CONFIGURATION =
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
export const ACM_CERTIFICATE = "aws:acm/certificate:Certificate";

/** Whether a load balancer's inputs make it an Application Load Balancer (`loadBalancerType` unset or "application"). */
export function isApplicationLoadBalancer(props: { loadBalancerType?: unknown }): boolean {
  return props.loadBalancerType === undefined || props.loadBalancerType === "application";
}

/** Same, for a stack resource, read without the unknown check (the type is always a literal). */
export function isApplicationLoadBalancerResource(resource: PolicyResource): boolean {
  return isApplicationLoadBalancer({ loadBalancerType: peek(resource.props, "loadBalancerType") });
}
