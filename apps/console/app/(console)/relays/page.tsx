import type { Metadata } from "next";
import { RelaysView } from "@/components/relays-view";

export const metadata: Metadata = { title: "Relays" };

export default function RelaysPage() {
  return <RelaysView />;
}
