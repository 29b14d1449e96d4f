import type { User } from "@steward/client";
import { initialsOf } from "@/lib/format";

export function Avatar({ user, large }: { user: User; large?: boolean }) {
  return (
    <span className={`avatar${large ? " avatar-lg" : ""}`} aria-hidden>
      {initialsOf(user)}
    </span>
  );
}
