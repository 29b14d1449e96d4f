import type { ChannelPermission } from "@steward/client";
import { levelLabel } from "@/lib/account-space";

/** A shared token's permissions as chips: "Diary · Read", a channel in the trash said so. */
export function TokenPermissionChips({ permissions }: { permissions: readonly ChannelPermission[] }) {
  if (!permissions.length) return <span className="muted">Nothing</span>;
  return (
    <span className="chips">
      {permissions.map((permission) => (
        <span
          key={permission.channelId}
          className={`chip${permission.channelTrashed ? " chip-trashed" : ""}`}
          title={permission.channelTrashed ? "The channel is in the trash: this grants nothing until it is restored." : undefined}
        >
          {permission.channelName} · {levelLabel(permission.level)}
          {permission.channelTrashed ? " (in the trash)" : ""}
        </span>
      ))}
    </span>
  );
}
