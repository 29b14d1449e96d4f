import type { Group, Invite, ProsodyGroup, ProsodyInvite, ProsodyUser, ServerInfo, Session, User } from "@steward/contracts";

/**
 * Steward's resources in Prosody's shapes: pure functions, one per
 * resource. `domain` is the XMPP domain users live under.
 */

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function toProsodyUser(user: User): ProsodyUser {
  return {
    username: user.username,
    display_name: user.displayName,
    email: user.email,
    phone: user.phone,
    groups: user.groups.map((group) => group.id),
    // Prosody 13's roles: the admin role is `prosody:admin`, everyone else a member.
    role: user.roles.includes("admin") ? "prosody:admin" : "prosody:member",
    secondary_roles: [],
    enabled: user.status === "active",
  };
}

export function toProsodyGroup(group: Group): ProsodyGroup {
  return { id: group.id, name: group.name, muc_jid: group.mucJid };
}

export function toProsodyInvite(invite: Invite, domain: string): ProsodyInvite {
  const jid = invite.targetUsername ? `${invite.targetUsername}@${domain}` : domain;
  // Without its token (a reset invite after the answer that made it, or one the caller could not make now), no uri or landing page either.
  const secret = invite.token === null ? {} : { token: invite.token, uri: `xmpp:${jid}?register;preauth=${invite.token}`, landing_page: invite.link ?? "" };
  return {
    id: invite.id,
    // Real Prosody 13 answers `register` for account, group and reset invites alike; `reset` tells them apart.
    type: "register",
    reusable: invite.reusable,
    ...(invite.inviter ? { inviter: `${invite.inviter.username}@${domain}` } : {}),
    jid,
    ...secret,
    created_at: unixSeconds(invite.createdAt),
    // Prosody leaves `expires` out of an invite valid until revoked (a nil field).
    ...(invite.expiresAt ? { expires: unixSeconds(invite.expiresAt) } : {}),
    groups: invite.groups.map((group) => group.id),
    source: invite.source ?? "",
    reset: invite.kind === "reset",
  };
}

export function toProsodySession(session: Session, username: string, domain: string) {
  return {
    full_jid: `${username}@${domain}/${session.id}`,
    ip: session.ip,
    since: unixSeconds(session.createdAt),
    status: { connected: true, hibernating: false },
    // Stream features and stanza queues belong to XMPP connections; a Steward session has none.
    features: {},
    queues: {},
  };
}

export function toProsodyDebug(sessions: Session[], username: string, domain: string, now: Date) {
  return {
    sessions: sessions.map((session) => toProsodySession(session, username, domain)),
    push_registrations: {},
    omemo: { status: { valid: false } },
    time: Math.floor(now.getTime() / 1000),
  };
}

export function toProsodyServerInfo(info: ServerInfo) {
  return { site_name: info.siteName, version: info.version };
}
