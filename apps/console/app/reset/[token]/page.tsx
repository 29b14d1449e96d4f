import type { Metadata } from "next";
import { InvitationPage } from "@/components/invitation-page";

// Public: no sign-in. Outside the (console) group, so no session check wraps it.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPage({ params }: PageProps<"/reset/[token]">) {
  const { token } = await params;
  return <InvitationPage token={token} expect="reset" />;
}
