import type { User } from "@steward/client";

export function StatusBadge({ status }: { status: User["status"] }) {
  return status === "active" ? (
    <span className="badge badge-dot badge-success">Active</span>
  ) : (
    <span className="badge badge-dot badge-danger">Deactivated</span>
  );
}
