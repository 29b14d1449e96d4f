import { PERMISSIONS, requiredPermissions, type RouteAccess } from "@steward/contracts";

/**
 * What an operation's OpenAPI entry says about who may call it, for the
 * canonical API and every dialect alike: `x-permission` (the route's
 * permission, or `public` / `authenticated`), `x-permissions` when it needs
 * more than one, `x-role` for a role's holders, and a sentence for people.
 */
export function accessDocs(access: RouteAccess): { needs: string; extensions: Record<string, unknown> } {
  if (access.access !== "permission") {
    return { needs: access.access === "public" ? "No authentication." : "Any signed-in caller.", extensions: { "x-permission": access.access } };
  }
  const permissions = requiredPermissions(access);
  const role = access.role ? `Only for users holding the \`${access.role}\` role. ` : "";
  const listed = permissions.map((permission) => `\`${permission}\` (${PERMISSIONS[permission]})`).join(" and ");
  return {
    needs: `${role}Requires permission${permissions.length > 1 ? "s" : ""} ${listed}.`,
    extensions: {
      "x-permission": access.permission,
      ...(permissions.length > 1 ? { "x-permissions": permissions } : {}),
      ...(access.role ? { "x-role": access.role } : {}),
    },
  };
}
