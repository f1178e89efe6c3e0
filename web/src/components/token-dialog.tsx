import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { setToken } from "../api/client.js";

/**
 * Asked for when the server answers 401: the token is kept in sessionStorage (this tab only,
 * gone when it closes) and sent as `Authorization: Bearer`.
 */
export function TokenDialog(props: { message: string; onDone: () => void }): JSX.Element {
  const [value, setValue] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="token-title" onCancel={(e) => e.preventDefault()}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!value.trim()) return;
          setToken(value.trim());
          dialog.current?.close();
          props.onDone();
        }}
      >
        <h2 id="token-title">This server needs a token</h2>
        <p class="muted">{props.message}</p>
        <label class="field">
          <span>Access token</span>
          <input
            type="password"
            autocomplete="off"
            value={value}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            required
          />
        </label>
        <p class="hint">
          Kept for this tab only (sessionStorage). Start the server with TRACKDOWN_TOKEN to set one.
        </p>
        <div class="dialog-actions">
          <button type="submit" class="button primary">
            Connect
          </button>
        </div>
      </form>
    </dialog>
  );
}
