"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { createPublicClient } from "@/lib/invitations";

/** "Create an account", under the sign-in form, only while the platform's settings open sign-up to anyone. */
export function SignUpLink() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    createPublicClient()
      .registration.get()
      .then((info) => live && setOpen(info.registration === "open"))
      // No link is the safe answer when the policy cannot be read.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!open) return null;
  return (
    <p className="auth-foot" data-testid="signup-link">
      New here? <Link href="/signup">Create an account</Link>
    </p>
  );
}
