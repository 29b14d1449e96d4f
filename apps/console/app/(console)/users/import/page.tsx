import type { Metadata } from "next";
import { UsersImport } from "@/components/users-import";

export const metadata: Metadata = { title: "Import users" };

export default function ImportUsersPage() {
  return <UsersImport />;
}
