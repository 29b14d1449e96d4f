import type { Metadata } from "next";
import { Suspense } from "react";
import { ApiKeysView } from "@/components/api-keys-view";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <Suspense fallback={<Spinner label="Loading API keys" />}>
      <ApiKeysView />
    </Suspense>
  );
}
