import type { Metadata } from "next";
import { Suspense } from "react";
import { GroupsView } from "@/components/groups-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Groups" };

export default function GroupsPage() {
  return (
    <Suspense fallback={<Spinner label="Loading groups" />}>
      <GroupsView />
    </Suspense>
  );
}
