/**
 * The applications' data that the stacks hand to the components (a reusable component knows nothing of one
 * company's topics or clients): the seed's Kafka topic catalogue and who may use which topic, the applications'
 * identities in the clusters, and their database users.
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

/** Database users the applications connect as with IAM authentication (created in PostgreSQL by their migrations). */
export const APPLICATION_DATABASE_USERS = { api: "app_api" } as const;
