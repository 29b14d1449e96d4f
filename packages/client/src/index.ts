export { StewardClient, type StewardClientOptions } from "./client.js";
export type * from "./client.js";
export { StewardError } from "./errors.js";
export {
  PERMISSIONS,
  ALL_PERMISSIONS,
  missingPermissions,
  type ApiKey,
  type AttachedResource,
  type AuditEvent,
  type ErrorCode,
  type FieldError,
  type Follow,
  type Group,
  type GroupMember,
  type Invitation,
  type Invite,
  type OutboxMessage,
  type Page,
  type Permission,
  type Problem,
  type QueuedMail,
  type Redemption,
  type Relay,
  type Role,
  type ServerInfo,
  type Session,
  type User,
} from "@steward/contracts/v1";
