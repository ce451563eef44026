/**
 * The report's keyboard shortcuts: `/` focuses the search of the open section, Escape clears it (then its filters,
 * then leaves the box). Enter and Space on a scenario and the arrow keys in the list and the tabs are their own
 * elements' (scenario-list.ts, tabs.ts).
 */

/** A section's search box and what Escape does in it. */
export interface SearchSection {
  readonly search: HTMLInputElement;
  escape(target: EventTarget | null): void;
}

function typingIn(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/** Listens for the shortcuts on the document; `current` is the section open when a key is pressed. */
export function installShortcuts(current: () => SearchSection): void {
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && !typingIn(ev.target) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      const box = current().search;
      box.focus();
      box.select();
    } else if (ev.key === 'Escape') current().escape(ev.target);
  });
}
