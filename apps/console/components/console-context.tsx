"use client";

import { createContext, useCallback, useContext } from "react";
import type { Me, StewardClient } from "@steward/client";
import type { StoredSession } from "@/lib/session";
import { can, type Feature } from "@/lib/permissions";

export interface ConsoleContextValue {
  client: StewardClient;
  session: StoredSession;
  /** Who is signed in; null until the first /auth/me answers. */
  me: Me | null;
  signOut(): Promise<void>;
  /** Names the current page in the top bar's breadcrumb (null for none). */
  setCrumb(label: string | null): void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole() must be used inside the signed-in console layout");
  return value;
}

/**
 * `can(...features)` for the signed-in operator (lib/permissions.ts's one
 * table): what every page asks before it shows a card or a control.
 */
export function useCan(): (...features: Feature[]) => boolean {
  const { me } = useConsole();
  return useCallback((...features: Feature[]) => can(me, ...features), [me]);
}
