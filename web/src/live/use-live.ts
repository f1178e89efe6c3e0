import { useEffect, useRef } from "preact/hooks";
import type { LiveEvent } from "../api/types.js";
import { live } from "./stream.js";

/**
 * Calls `onEvents` with the live events that `accept` lets through, batched: a burst (a batch
 * update of 500 tickets) becomes one call after `delayMs` of quiet, at most `delayMs * 4` late.
 */
export function useLiveEvents(
  onEvents: (events: LiveEvent[]) => void,
  accept: (event: LiveEvent) => boolean = () => true,
  delayMs = 120,
): void {
  const handler = useRef(onEvents);
  const filter = useRef(accept);
  handler.current = onEvents;
  filter.current = accept;
  useEffect(() => {
    let pending: LiveEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = 0;
    const fire = () => {
      timer = undefined;
      const events = pending;
      pending = [];
      handler.current(events);
    };
    const unsubscribe = live.subscribe((event) => {
      if (event.type !== "reset" && !filter.current(event)) return;
      pending.push(event);
      if (timer === undefined) first = performance.now();
      else clearTimeout(timer);
      const late = performance.now() - first > delayMs * 4;
      timer = setTimeout(fire, late ? 0 : delayMs);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [delayMs]);
}
