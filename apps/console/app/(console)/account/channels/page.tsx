import type { Metadata } from "next";
import { Suspense } from "react";
import { AccountChannels } from "@/components/account-channels";
import { Spinner } from "@/components/ui";

export const metadata: Metadata = { title: "Your channels" };

export default function AccountChannelsPage() {
  return (
    <Suspense fallback={<Spinner label="Loading your channels" />}>
      <AccountChannels />
    </Suspense>
  );
}
