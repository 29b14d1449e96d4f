import type { ServiceContext } from "../kernel/context.ts";
import { readPlatformSettings } from "./platform-settings.ts";

/**
 * The XMPP domain accounts' JIDs live under (the settings' `xmpp.domain`),
 * for the Prosody API's answers: read with each request (one primary-key
 * read), so a change applies at once on every instance.
 */
export async function readXmppDomain(ctx: ServiceContext): Promise<string> {
  return (await readPlatformSettings(ctx)).xmpp.domain;
}
