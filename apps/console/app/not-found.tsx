import type { Metadata } from "next";
import { NotFoundPage } from "@/components/not-found-page";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Every unknown path: inside the console's shell for a signed-in tab, else
 * on the public card with a way to sign in. Rendered in the root layout, so
 * its scripts carry the CSP nonce like every other page's.
 */
export default function NotFound() {
  return <NotFoundPage />;
}
