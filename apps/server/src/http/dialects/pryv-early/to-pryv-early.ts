import type { Bookmark, Channel, PryvEarlyBookmark, PryvEarlyChannel, PryvEarlyToken, PryvEarlyUserInfo, SharedAccessToken, User } from "@steward/contracts";

/** A Pryv timestamp: seconds since the epoch, with decimals. */
export const toPryvTime = (at: Date): number => at.getTime() / 1000;
const timeOrNull = (iso: string | null): number | null => (iso === null ? null : toPryvTime(new Date(iso)));

export function toUserInfo(user: User): PryvEarlyUserInfo {
  return {
    userName: user.username,
    email: user.email,
    displayName: user.displayName,
    firstName: user.firstName,
    lastName: user.lastName,
    language: user.language,
    phone: user.phone,
  };
}

export function toPryvEarlyToken(token: SharedAccessToken): PryvEarlyToken {
  return {
    id: token.id,
    name: token.name,
    type: "shared",
    permissions: token.permissions.map(({ channelId, level }) => ({ channelId, level })),
    expires: timeOrNull(token.expiresAt),
    lastUsed: timeOrNull(token.lastUsedAt),
  };
}

export const toPryvEarlyBookmark = ({ id, name, url, accessToken }: Bookmark): PryvEarlyBookmark => ({ id, name, url, accessToken });

export const toPryvEarlyChannel = ({ id, name, color, clientData, trashed }: Channel): PryvEarlyChannel => ({ id, name, color, clientData, trashed });
