import type { Metadata } from "next";
import { Suspense } from "react";
import { OutboxView } from "@/components/outbox-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Outbox" };

export default function OutboxPage() {
  return (
    <Suspense fallback={<Spinner label="Loading the outbox" />}>
      <OutboxView />
    </Suspense>
  );
}
