import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Steward console", template: "%s · Steward" },
  description: "Administration console for Steward users and access.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#5b4cf0" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render every page per request: its scripts carry that response's CSP
  // nonce (proxy.ts); a page built ahead of time would have none.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
