import type { Invite } from "@steward/client";
import { STATE_LABELS } from "@/lib/invites";

const TONES: Record<Invite["state"], string> = {
  pending: "badge-success",
  used: "badge-primary",
  expired: "badge-outline",
  revoked: "badge-danger",
};

export function InviteStateBadge({ state }: { state: Invite["state"] }) {
  return <span className={`badge badge-dot ${TONES[state]}`}>{STATE_LABELS[state]}</span>;
}
