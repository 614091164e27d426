/**
 * The applications' data that the stacks hand to the components (a reusable component knows nothing of one
 * company's topics or clients): the seed's Kafka topic catalogue, who may use which topic, and the applications
 * themselves: the identity each gets in every region's cluster and what it may reach. Adding an application is one
 * entry in `APPLICATIONS` (and its client in `KAFKA_ACCESS_MATRIX`).
 */
import type { AccessMatrix, TopicSpec } from "../components/msk-cluster/plan";

/** The seed's domain topics (seed 000 task 6.4), grouped by class. */
export const TOPIC_CATALOGUE: readonly TopicSpec[] = [
  {
    name: "customer-events",
    class: "core",
    events: ["CustomerCreated", "CustomerUpdated", "CustomerDeleted"],
  },
  {
    name: "order-events",
    class: "core",
    events: ["OrderCreated", "OrderConfirmed", "OrderCancelled", "OrderCompleted"],
  },
  {
    name: "payment-events",
    class: "core",
    events: ["PaymentInitiated", "PaymentCompleted", "PaymentFailed", "PaymentRefunded"],
  },
  {
    name: "inventory-events",
    class: "core",
    events: ["StockReserved", "StockReleased", "StockUpdated", "StockDepleted"],
  },
  {
    name: "product-events",
    class: "core",
    events: ["ProductCreated", "ProductUpdated", "ProductDeleted", "ProductPriceChanged"],
  },
  {
    name: "delivery-events",
    class: "operational",
    events: ["DeliveryScheduled", "DeliveryInProgress", "DeliveryCompleted", "DeliveryFailed"],
  },
  {
    name: "notification-events",
    class: "operational",
    events: ["EmailSent", "SMSSent", "PushNotificationSent", "NotificationFailed"],
  },
  {
    name: "review-events",
    class: "operational",
    events: ["ReviewSubmitted", "ReviewApproved", "ReviewRejected", "ReviewDeleted"],
  },
  {
    name: "shopping-cart-events",
    class: "analytics",
    events: ["CartCreated", "ItemAdded", "ItemRemoved", "CartAbandoned", "CartConverted"],
  },
  {
    name: "promotion-events",
    class: "analytics",
    events: ["PromotionApplied", "DiscountCalculated", "CouponUsed", "LoyaltyPointsEarned"],
  },
  {
    name: "pricing-events",
    class: "analytics",
    events: ["PriceCalculated", "DiscountApplied", "TaxCalculated", "FinalPriceSet"],
  },
  {
    name: "system-events",
    class: "system",
    events: ["ApplicationStarted", "ApplicationStopped", "HealthCheckFailed", "ConfigurationChanged"],
  },
  {
    name: "audit-events",
    class: "system",
    events: ["UserAction", "AdminAction", "SecurityEvent", "ComplianceEvent"],
  },
];

/** The seed's access matrix (seed 000 task 6.4: cmc.kimkao.io, shop.kimkao.io, api.kimkao.io). */
export const KAFKA_ACCESS_MATRIX: AccessMatrix = {
  cmc: [{ level: "manage", topics: "all" }],
  shop: [
    { level: "read", topics: ["customer-events", "product-events", "pricing-events", "promotion-events"] },
  ],
  api: [{ level: "readwrite", topics: "all" }],
};

/** What an application's identity may reach; each grant is a policy of its role. */
export interface ApplicationAccess {
  /** Its client of `KAFKA_ACCESS_MATRIX`, whose policy the role gets (managed policy `kafka`). */
  readonly kafkaClient?: string;
  /**
   * The database user it connects as with IAM authentication, to this region's cluster only (inline policy
   * `database-connect`); the user is created in PostgreSQL by the application's migrations.
   */
  readonly databaseUser?: string;
  /** Its prefix of the stack's application bucket, listed, read and written (inline policy `assets`). */
  readonly bucketPrefix?: string;
  /**
   * How the public reaches it through each region's edge (`platform:edge`, ADR 0027); absent for an application
   * the internet never calls.
   */
  readonly edge?: ApplicationEdge;
}

/** An application behind the edge, before the stack's domain is known. */
export interface ApplicationEdge {
  /** The label of its public host below `platform:edge.domain`: `api` serves `api.<domain>`. */
  readonly subdomain: string;
  /** The path the target group and the Route 53 health check request; 2xx or 3xx is healthy. */
  readonly healthPath: string;
  /** The container port its pods serve HTTP on (the port of its Kubernetes Service the TargetGroupBinding names). */
  readonly port: number;
}

/**
 * The seed's hosts are `<app>.kimkao.io` (seed 000 task 6.4). The health path and port are the platform's convention
 * for every application's container (the seed names neither): `GET /healthz` answers 200 when the process can serve,
 * on the one HTTP port 8080 (unprivileged, so containers run as non-root). An application that differs sets
 * `platform:edge.applications.<app>` in the stack files.
 */
const SERVED = (subdomain: string): ApplicationEdge => ({ subdomain, healthPath: "/healthz", port: 8080 });

/**
 * The seed's applications (task 6.3: Aurora, MSK and S3 access), by name: each gets a service account of that name in
 * the application namespace, bound to its own IAM role through EKS Pod Identity (`app-<name>`), and, with `edge`, a
 * host, target group and TargetGroupBinding in every region that has `platform:edge`.
 */
export const APPLICATIONS: Readonly<Record<string, ApplicationAccess>> = {
  // Reads and writes every topic; connects to Aurora.
  api: { kafkaClient: "api", databaseUser: "app_api", edge: SERVED("api") },
  // Reads its four topics.
  shop: { kafkaClient: "shop", edge: SERVED("shop") },
  // Manages the topics; reads and writes its prefix of the application bucket.
  cmc: { kafkaClient: "cmc", bucketPrefix: "cmc", edge: SERVED("cmc") },
};
