import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Steward console", template: "%s · Steward" },
  description: "Administration console for Steward users and access.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#5b4cf0" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
