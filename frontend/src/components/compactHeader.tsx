/**
 * The header on a phone: the title and a "Menu" button that shows the programme, as-of and
 * sign-in controls (hidden until asked for, so the header stays under 120 px), and a navigation
 * strip that keeps the current view in sight.
 */
import { useEffect, useState, type RefObject } from "react";

/** The menu's state: open or closed, closed again after each navigation. */
export function useHeaderMenu(path: string): { open: boolean; toggle: () => void } {
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(path);
  if (seen !== path) {
    setSeen(path);
    setOpen(false);
  }
  return { open, toggle: () => setOpen((o) => !o) };
}

export function MenuButton({ open, toggle, controls }: { open: boolean; toggle: () => void; controls: string }) {
  return (
    <button type="button" className="menu-toggle secondary" aria-expanded={open} aria-controls={controls} onClick={toggle}>
      {open ? "Close menu" : "Menu"}
    </button>
  );
}

/** Scrolls the navigation strip (not the page) so the current view's link is in sight. */
export function useCurrentInView(nav: RefObject<HTMLElement | null>, path: string): void {
  useEffect(() => {
    const strip = nav.current;
    const current = strip?.querySelector<HTMLElement>('a[aria-current="page"]');
    if (!strip || !current || strip.scrollWidth <= strip.clientWidth) return;
    const left = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
    strip.scrollTo({ left: Math.max(0, left) });
  }, [nav, path]);
}
