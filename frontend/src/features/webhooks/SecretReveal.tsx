import { useId, useRef, useState } from "react";

/** Copies `text`: the Clipboard API, or selecting the box and copying where it is missing (plain http). */
async function copy(text: string, box: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission): fall back to the selection.
  }
  box?.select();
  return document.execCommand("copy");
}

/**
 * A signing secret shown once: the API never answers it again, so the warning says so and the
 * secret can be copied from a read-only box (selected on focus, for copying by hand too).
 */
export function SecretReveal({ secret, note }: { secret: string; note?: string }) {
  const box = useRef<HTMLInputElement>(null);
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div data-testid="secret-reveal">
      <div className="notice warning" role="alert">
        <strong>Copy this secret now: it will not be shown again.</strong> Store it where your receiver
        reads it; it verifies each delivery's <code>webhook-signature</code>. If it is lost, rotate
        the secret to get a new one.
      </div>
      <div className="field">
        <label htmlFor={id}>Signing secret</label>
        <input id={id} ref={box} readOnly value={secret} onFocus={(e) => e.target.select()} data-testid="secret" />
      </div>
      <p>
        <button type="button" onClick={() => void copy(secret, box.current).then(setCopied)}>
          Copy secret
        </button>{" "}
        <span role="status">{copied === null ? "" : copied ? "Copied." : "Not copied: select the secret and copy it."}</span>
      </p>
      {note ? <p data-testid="secret-note">{note}</p> : null}
    </div>
  );
}
