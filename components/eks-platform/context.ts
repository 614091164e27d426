/**
 * The context `EksPlatform`'s constructor hands to each of its steps (the modules beside it).
 */
import type { ComponentStepContext } from "../common/providers";
import type { ResolvedEksPlatformArgs } from "./args";
import type { KubernetesVersionPins } from "./plan";

/** What every step of the constructor creates with. */
export interface Context extends ComponentStepContext {
  readonly resolved: ResolvedEksPlatformArgs;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly protect: boolean;
  /** The add-on versions and autoscaler image pinned for the Kubernetes version. */
  readonly pins: KubernetesVersionPins;
}
