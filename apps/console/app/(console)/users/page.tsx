import type { Metadata } from "next";
import { Suspense } from "react";
import { UsersView } from "@/components/users-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <Suspense fallback={<Spinner label="Loading users" />}>
      <UsersView />
    </Suspense>
  );
}
