import type { Metadata } from "next";
import { GroupDetail } from "@/components/group-detail";

export const metadata: Metadata = { title: "Group" };

export default async function GroupPage({ params }: PageProps<"/groups/[id]">) {
  const { id } = await params;
  return <GroupDetail id={id} />;
}
