import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/client.js";
import { getTicket, patchTicket } from "../../api/endpoints.js";
import { isRemoval, type TicketDetail } from "../../api/types.js";
import { useLiveEvents } from "../../live/use-live.js";

/**
 * One ticket, kept current from the live stream, and its writes. Every write carries the
 * revision the user was looking at (If-Match); when someone else changed the ticket first the
 * write is refused and `save` answers with the ticket as it is now, for the conflict panel.
 */

export type SaveResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly conflict: TicketDetail }
  | { readonly ok: false; readonly error: ApiError };

export interface TicketState {
  readonly ticket: TicketDetail | undefined;
  readonly error: unknown;
  /** Set when the live stream says the ticket was deleted. */
  readonly deleted: boolean;
  reload(): Promise<TicketDetail | undefined>;
  save(changes: Record<string, unknown>, revision: string): Promise<SaveResult>;
}

export function useTicket(id: string): TicketState {
  const [ticket, setTicket] = useState<TicketDetail>();
  const [error, setError] = useState<unknown>();
  const [deleted, setDeleted] = useState(false);
  const request = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++request.current;
    try {
      const fresh = await getTicket(id);
      if (mine === request.current) {
        setTicket(fresh);
        setError(undefined);
      }
      return fresh;
    } catch (failure) {
      if (mine === request.current) setError(failure);
      return undefined;
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useLiveEvents(
    (events) => {
      if (events.some(isRemoval)) setDeleted(true);
      else void reload();
    },
    (event) => sameId(event.ticket?.id ?? event.id, id, ticket?.id),
  );

  const save = useCallback(
    async (changes: Record<string, unknown>, revision: string): Promise<SaveResult> => {
      try {
        await patchTicket(id, changes, revision);
        await reload();
        return { ok: true };
      } catch (failure) {
        const apiError = failure instanceof ApiError ? failure : new ApiError(0, "NETWORK", String(failure));
        if (apiError.isConflict && apiError.code !== "GATE") {
          const latest = await reload();
          if (latest && latest.revision !== revision) return { ok: false, conflict: latest };
        }
        return { ok: false, error: apiError };
      }
    },
    [id, reload],
  );

  return { ticket, error, deleted, reload, save };
}

/** An event is about this ticket when its ID is the one shown (IDs in URLs may be prefixes). */
function sameId(eventId: string | undefined, asked: string, shown: string | undefined): boolean {
  if (!eventId) return false;
  const key = eventId.toLowerCase();
  return key === (shown ?? asked).toLowerCase() || key.startsWith(asked.toLowerCase());
}
