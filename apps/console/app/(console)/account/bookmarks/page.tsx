import type { Metadata } from "next";
import { AccountBookmarks } from "@/components/account-bookmarks";

export const metadata: Metadata = { title: "Your bookmarks" };

export default function AccountBookmarksPage() {
  return <AccountBookmarks />;
}
