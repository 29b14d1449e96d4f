import type { Metadata } from "next";
import { Suspense } from "react";
import { InvitesView } from "@/components/invites-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Invites" };

export default function InvitesPage() {
  return (
    <Suspense fallback={<Spinner label="Loading invites" />}>
      <InvitesView />
    </Suspense>
  );
}
