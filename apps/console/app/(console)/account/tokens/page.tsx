import type { Metadata } from "next";
import { AccountTokensView } from "@/components/account-tokens-view";

export const metadata: Metadata = { title: "Your access tokens" };

export default function AccountTokensPage() {
  return <AccountTokensView />;
}
