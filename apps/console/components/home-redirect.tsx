"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { readSession } from "@/lib/session";
import { Spinner } from "./ui";

/** `/`: the users list when signed in in this tab, else the sign-in page. */
export function HomeRedirect() {
  const router = useRouter();
  useEffect(() => {
    router.replace(readSession() ? "/users" : "/login");
  }, [router]);
  return <Spinner label="Opening the console" />;
}
