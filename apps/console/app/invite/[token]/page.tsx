import type { Metadata } from "next";
import { InvitationPage } from "@/components/invitation-page";

// Public: no sign-in. Outside the (console) group, so no session check wraps it.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitePage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  return <InvitationPage token={token} expect="account" />;
}
