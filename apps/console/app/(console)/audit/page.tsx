import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <Suspense fallback={<Spinner label="Loading the audit log" />}>
      <AuditView />
    </Suspense>
  );
}
