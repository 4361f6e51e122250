import { useCallback, useEffect, useState } from "react";

/**
 * A save confirmation where the user is: a polite live region fixed at the bottom of the viewport
 * (not a notice at the top of a long page), mounted before anything is said so screen readers
 * announce it. It goes after a while, or when dismissed.
 */
export function useToast(ms = 10_000) {
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState(0);
  const hide = useCallback(() => setMessage(null), []);
  /** Says `text` (null: hides what was said). */
  const say = useCallback((text: string | null) => {
    setMessage(text);
    if (text !== null) setShown((n) => n + 1);
  }, []);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(hide, ms);
    return () => clearTimeout(timer);
  }, [message, shown, ms, hide]);
  const toast = (
    <div className="toast-region" role="status" aria-live="polite" data-testid="toast">
      {message ? (
        <p className="notice success toast" key={shown}>
          {message}{" "}
          <button type="button" className="link" onClick={hide}>
            Dismiss
          </button>
        </p>
      ) : null}
    </div>
  );
  return { say, toast };
}
