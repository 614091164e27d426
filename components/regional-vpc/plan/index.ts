/**
 * Pure planning for `RegionalVpc`, by subject: the subnet layout (`./layout`), the network around it (`./network`:
 * egress, endpoints, network ACLs, discovery tags) and the arguments with their defaults and rules
 * (`./arguments`). Nothing here imports `@pulumi/*`, so every rule is testable without mocks and the config section
 * checks `platform:network` with exactly the component's rules.
 */
export * from "./arguments";
export * from "./layout";
export * from "./network";
