"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { Relay } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { Confirm, InlineField, ListHeader, ListTable, RowRemoveButton, WriteOutcome } from "./ui";
import { fieldMessageOf } from "@/lib/errors";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

/**
 * The relays the platform follows: the API lists them all at once (they are
 * few), by URL. Follow one by URL (the API checks and normalises it; its
 * objection is shown at the field); unfollow after a confirmation.
 */
export function RelaysView() {
  const { client, me, setCrumb } = useConsole();
  const { page, loading, error, reload } = usePage(() => client.relays.list(), [client]);
  const mayManage = can(me, "relays.manage");
  const [url, setUrl] = useState("");
  const following = useAction();
  const [unfollowing, setUnfollowing] = useState<Relay | null>(null);
  const removal = useAction();

  useEffect(() => setCrumb(null), [setCrumb]);

  function follow(event: FormEvent) {
    event.preventDefault();
    const text = url.trim();
    if (!text) {
      following.setError("Type the relay's URL.");
      return;
    }
    removal.setNotice(null);
    void following.run(async () => {
      let relay: Relay;
      try {
        relay = await client.relays.follow(text);
      } catch (err) {
        throw new Error(fieldMessageOf(err, "url"));
      }
      // Following is idempotent: a URL followed already (in any spelling) answers the same relay.
      const known = page?.data.some((listed) => listed.id === relay.id);
      following.setNotice(known ? `Already following ${relay.url}.` : `Now following ${relay.url}.`);
      setUrl("");
      reload();
    });
  }

  const unfollow = (relay: Relay) =>
    removal.run(async () => {
      await client.relays.unfollow(relay.id);
      setUnfollowing(null);
      following.setNotice(null);
      removal.setNotice(`No longer following ${relay.url}.`);
      reload();
    });

  return (
    <>
      <ListHeader
        title="Relays"
        total={page ? countOf(page.total, "relay") : null}
        totalTestId="relays-total"
        after=" followed by the platform"
      />

      <div className="stack space-below-lg">
        {mayManage ? (
          <form className="card" onSubmit={follow} noValidate aria-labelledby="follow-relay-title">
            <div className="card-header">
              <div>
                <h2 id="follow-relay-title">Follow a relay</h2>
                <p>The relay&apos;s actor URL, e.g. https://relay.example.org/actor. Public posts it shares reach the platform.</p>
              </div>
            </div>
            <div className="card-body">
              <InlineField
                id="relay-url"
                label="Relay URL"
                error={following.error}
                type="url"
                placeholder="https://relay.example.org/actor"
                autoComplete="off"
                maxLength={2048}
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  following.setError(null);
                }}
              >
                <button type="submit" className="btn btn-primary" disabled={following.busy}>
                  <PlusIcon />
                  {following.busy ? "Following…" : "Follow relay"}
                </button>
              </InlineField>
            </div>
          </form>
        ) : null}
        {unfollowing ? (
          <Confirm
            testId="relay-confirm"
            title={`Unfollow ${unfollowing.url}?`}
            confirmLabel="Unfollow relay"
            busyLabel="Unfollowing…"
            busy={removal.busy}
            error={removal.error}
            errorTitle="Relay not unfollowed"
            onConfirm={() => void unfollow(unfollowing)}
            onCancel={() => setUnfollowing(null)}
          >
            Posts it shares stop reaching the platform. You can follow it again later.
          </Confirm>
        ) : null}
        <WriteOutcome
          notice={following.notice ?? removal.notice}
          noticeTestId="relays-notice"
          error={unfollowing ? null : removal.error}
          errorTitle="Relay not unfollowed"
        />
      </div>

      <section className="card" aria-label="Relays">
        <ListTable
          columns={["Relay", "Followed since"]}
          actions={mayManage}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load relays", message: error }}
          empty={
            <>
              <strong>No relays followed</strong>
              {mayManage ? "Follow one with its URL above." : "An administrator can follow relays here."}
            </>
          }
        >
          {page?.data.map((relay) => (
            <tr key={relay.id} data-testid="relay-row" className="static">
              <td className="mono cell-url">{relay.url}</td>
              <td className="nowrap" title={formatDateTime(relay.followedAt)}>
                {formatDate(relay.followedAt)}
              </td>
              {mayManage ? (
                <td className="cell-actions">
                  <RowRemoveButton
                    label="Unfollow"
                    ariaLabel={`Unfollow ${relay.url}`}
                    disabled={removal.busy}
                    onClick={() => {
                      removal.setNotice(null);
                      following.setNotice(null);
                      setUnfollowing(relay);
                    }}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
      </section>
    </>
  );
}
