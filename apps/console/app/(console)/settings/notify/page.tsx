import type { Metadata } from "next";
import { NotifyView } from "@/components/notify-view";

export const metadata: Metadata = { title: "Notify" };

export default function NotifyPage() {
  return <NotifyView />;
}
