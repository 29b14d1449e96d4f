"use client";

import { useRouter } from "next/navigation";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { Confirm } from "./ui";
import { reasonOf } from "@/lib/errors";
import { countOf } from "@/lib/format";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

/**
 * The question asked before deleting a user for good. The API refuses to
 * delete a user who still has resources attached (409 `resources_attached`)
 * unless told to detach them in the same step, so the question says how many
 * are attached (read when it is asked) and then offers "Detach them and
 * delete". A refusal because some were attached meanwhile is shown as the
 * API words it, and the count is read again, so the offer follows.
 */
export function UserDeleteConfirm({ user, onCancel }: { user: User; onCancel(): void }) {
  const { client } = useConsole();
  const router = useRouter();
  const attached = usePage(async () => (await client.users.resources.list(user.id, { limit: 1 })).total, [client, user.id]);
  const deletion = useAction();
  const count = attached.page;

  const remove = (detachResources: boolean) =>
    deletion.run(async () => {
      try {
        await client.users.delete(user.id, { detachResources });
      } catch (err) {
        if (reasonOf(err) === "resources_attached") attached.reload();
        throw err;
      }
      router.replace("/users");
    });

  let question = "Their profile, roles, memberships, follows and sessions go with them. This cannot be undone.";
  if (count) {
    const detached =
      count === 1
        ? "it is detached first (it stays in its own system, linked to no one here)"
        : "they are detached first (they stay in their own systems, linked to no one here)";
    question = `${countOf(count, "resource")} ${count === 1 ? "is" : "are"} attached to ${user.username}: ${detached}, then the user is deleted. ${question}`;
  } else if (attached.error) {
    question = `The resources attached to ${user.username} could not be counted (${attached.error}). ${question}`;
  }

  return (
    <Confirm
        testId="user-delete-confirm"
        title={`Delete ${user.username} for good?`}
        confirmLabel={count ? "Detach them and delete" : "Delete user"}
        busyLabel="Deleting…"
        // Nothing is sent until the count is in: it decides what is asked.
        busy={deletion.busy || attached.loading}
        error={deletion.error}
        errorTitle="User not deleted"
        onConfirm={() => void remove(Boolean(count))}
        onCancel={onCancel}
      >
        {attached.loading && count === null ? `Checking what is attached to ${user.username}…` : question}
      </Confirm>
  );
}
