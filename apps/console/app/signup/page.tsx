import type { Metadata } from "next";
import { SignUpPage } from "@/components/sign-up-page";

// Public: no sign-in. Outside the (console) group, so no session check wraps it.
export const metadata: Metadata = { title: "Create an account" };

export default function SignUp() {
  return <SignUpPage />;
}
