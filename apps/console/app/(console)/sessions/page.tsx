import type { Metadata } from "next";
import { Suspense } from "react";
import { SessionsView } from "@/components/sessions-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Sessions" };

export default function SessionsPage() {
  return (
    <Suspense fallback={<Spinner label="Loading the sessions" />}>
      <SessionsView />
    </Suspense>
  );
}
