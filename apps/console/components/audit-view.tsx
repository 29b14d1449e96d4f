"use client";

import { useCallback, useEffect } from "react";
import type { ListAuditEventsOptions } from "@steward/client";
import { AuditTable } from "./audit-table";
import { useConsole } from "./console-context";
import { ChoiceSelect, ListHeader, Pager } from "./ui";
import { ACTION_SUGGESTIONS, SURFACES, TARGET_TYPES, isUuid, isoOfLocal } from "@/lib/audit";
import { useDebouncedText } from "@/lib/debounced-text";
import { countOf } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { usePage } from "@/lib/use-page";
import { choiceOf, pageSizeOf, searchOf, useUrlFilters } from "@/lib/url-filters";
import { StewardError } from "@steward/client";

const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_LIMIT = 50;

interface Filters {
  /** A username, or the id of a user or API key. */
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  surface: string;
  /** `datetime-local` values, local time. */
  since: string;
  until: string;
  limit: number;
}

function readFilters(params: URLSearchParams): Filters {
  return {
    actor: params.get("actor") ?? "",
    action: params.get("action") ?? "",
    targetType: choiceOf(TARGET_TYPES, params.get("targetType"), ""),
    targetId: params.get("targetId") ?? "",
    surface: choiceOf(SURFACES, params.get("surface"), ""),
    since: params.get("since") ?? "",
    until: params.get("until") ?? "",
    limit: pageSizeOf(PAGE_SIZES, params.get("limit"), DEFAULT_LIMIT),
  };
}

function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "targetType", "targetId", "surface", "since", "until"] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.limit !== DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  return searchOf(params);
}

/**
 * The audit log (`audit-events:read`): every recorded change, newest first,
 * filtered by actor (a username or an id), action (exact, or a resource
 * ending in a dot), target, surface and time; each event's changes open
 * field by field. The filters live in the URL.
 */
export function AuditView() {
  const { client, setCrumb } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/audit", readFilters, filtersToSearch);
  const paging = useCursorPages(filterKey);
  useEffect(() => setCrumb(null), [setCrumb]);

  const [actorText, setActorText] = useDebouncedText(filters.actor, useCallback((actor: string) => update({ actor }), [update]));
  const [actionText, setActionText] = useDebouncedText(filters.action, useCallback((action: string) => update({ action }), [update]));
  const [targetText, setTargetText] = useDebouncedText(filters.targetId, useCallback((targetId: string) => update({ targetId }), [update]));

  const { page, loading, error } = usePage(async () => {
    let actorId: string | undefined;
    if (filters.actor) {
      if (isUuid(filters.actor)) actorId = filters.actor;
      else {
        try {
          actorId = (await client.users.lookup({ username: filters.actor })).id;
        } catch (err) {
          if (err instanceof StewardError && err.status === 404) throw new Error(`No user is named ${filters.actor}: give a username, or the id of a user or API key.`);
          throw err;
        }
      }
    }
    const query: ListAuditEventsOptions = {
      actorId,
      action: filters.action || undefined,
      targetType: filters.targetType || undefined,
      targetId: filters.targetId || undefined,
      dialect: filters.surface || undefined,
      since: isoOfLocal(filters.since),
      until: isoOfLocal(filters.until),
      limit: filters.limit,
      cursor: paging.cursor,
    };
    return client.auditEvents.list(query);
  }, [client, filterKey, paging.cursor]);

  const hasFilters = Boolean(filters.actor || filters.action || filters.targetType || filters.targetId || filters.surface || filters.since || filters.until);
  const clear = () => update({ actor: "", action: "", targetType: "", targetId: "", surface: "", since: "", until: "" });

  return (
    <>
      <ListHeader
        title="Audit log"
        total={page ? countOf(page.total, "event") : null}
        totalTestId="audit-total"
        after={hasFilters ? (page?.total === 1 ? " matches these filters" : " match these filters") : " recorded"}
      />
      <section className="card" aria-label="Audit events">
        <div className="toolbar filters" role="search">
          <div className="field">
            <label htmlFor="audit-actor">Actor</label>
            <input
              id="audit-actor"
              className="input"
              placeholder="Username or id"
              autoComplete="off"
              maxLength={64}
              value={actorText}
              onChange={(e) => setActorText(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <input
              id="audit-action"
              className="input"
              placeholder="user.update, or user."
              autoComplete="off"
              list="audit-actions"
              maxLength={64}
              value={actionText}
              onChange={(e) => setActionText(e.target.value)}
            />
            <datalist id="audit-actions">
              {ACTION_SUGGESTIONS.map((action) => (
                <option key={action} value={action} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <ChoiceSelect id="audit-target-type" label="Target" labelShown value={filters.targetType} choices={TARGET_TYPES} onChange={(targetType) => update({ targetType })} />
          </div>
          <div className="field">
            <label htmlFor="audit-target-id">Target id</label>
            <input
              id="audit-target-id"
              className="input"
              placeholder="Id"
              autoComplete="off"
              maxLength={64}
              value={targetText}
              onChange={(e) => setTargetText(e.target.value)}
            />
          </div>
          <div className="field">
            <ChoiceSelect id="audit-surface" label="Surface" labelShown value={filters.surface} choices={SURFACES} onChange={(surface) => update({ surface })} />
          </div>
          <div className="field">
            <label htmlFor="audit-since">From</label>
            <input id="audit-since" className="input" type="datetime-local" value={filters.since} onChange={(e) => update({ since: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="audit-until">Until</label>
            <input id="audit-until" className="input" type="datetime-local" value={filters.until} onChange={(e) => update({ until: e.target.value })} />
          </div>
          {hasFilters ? (
            <button type="button" className="btn btn-ghost" onClick={clear}>
              Clear filters
            </button>
          ) : null}
        </div>
        <AuditTable
          page={page}
          loading={loading}
          loadError={{ title: "Could not load the audit log", message: error }}
          empty={
            <>
              <strong>{hasFilters ? "No event matches these filters" : "Nothing recorded yet"}</strong>
              {hasFilters ? "Widen the time range, or clear the filters." : "Changes made through any surface are recorded here."}
            </>
          }
        />
        <Pager
          paging={paging}
          page={page}
          limit={filters.limit}
          loading={loading}
          pageSize={{ id: "audit-page-size", options: PAGE_SIZES, onChange: (limit) => update({ limit }) }}
        />
      </section>
    </>
  );
}
