import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useParam } from "../../lib/url";
import type { Option } from "../../components/Filters";
import { knownTeamName, loadTeam, searchTeams } from "./teams";

/** The option after (1) or before (-1) the active one, wrapping round; -1 when there are none. */
export function moveActive(active: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (active < 0) return step === 1 ? 0 : count - 1;
  return (active + step + count) % count;
}

export interface Picked {
  id: string;
  name: string;
}

/**
 * Type-ahead team search (ARIA combobox with a listbox): typing asks the API for the first ten
 * teams whose name matches (`/teams?programme_id=…&q=…&limit=10`); arrows move, Enter chooses,
 * Escape closes. `extra` choices (such as "Programme-wide only") come first.
 */
// long: the ARIA combobox's keyboard handling and markup
export function TeamPicker({
  label,
  programmeId,
  value,
  onChange,
  extra = [],
  placeholder = "All teams",
  testId,
}: {
  label: string;
  programmeId: string;
  value: Picked | null;
  onChange: (team: Picked | null) => void;
  extra?: Option[];
  placeholder?: string;
  testId?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState("");
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(text.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [text]);

  const found = useQuery({ queryKey: ["team-search", programmeId, query], queryFn: () => searchTeams(programmeId, query), enabled: open });
  const typed = text.trim().toLowerCase();
  const options: Picked[] = [
    ...extra.filter((o) => !typed || o.label.toLowerCase().includes(typed)).map((o) => ({ id: o.value, name: o.label })),
    ...(found.status === "success" ? found.data.map((t) => ({ id: t.id, name: t.name })) : []),
  ];
  const optionId = (i: number) => `${id}-opt-${i}`;

  const choose = (team: Picked | null) => {
    onChange(team);
    setOpen(false);
    setEditing(false);
    setText("");
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setEditing(true);
        return;
      }
      setActive((i) => moveActive(i, options.length, e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      if (open) e.preventDefault();
      const picked = options[active];
      if (open && picked) choose(picked);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
      }
      setOpen(false);
      setEditing(false);
      setText("");
      setActive(-1);
    }
  };

  const status =
    !open || found.status === "pending"
      ? ""
      : found.status === "error"
        ? "The search failed."
        : `${options.length} ${options.length === 1 ? "match" : "matches"}${options.length ? "; use the arrow keys to choose" : ""}.`;

  return (
    <div className="combobox" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <div className="combobox-field">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 && active < options.length ? optionId(active) : undefined}
          aria-describedby={`${id}-status`}
          placeholder={value ? value.name : placeholder}
          value={editing ? text : (value?.name ?? "")}
          onFocus={() => setEditing(false)}
          onChange={(e) => {
            setText(e.target.value);
            setEditing(true);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setEditing(false);
            setText("");
          }}
        />
        {value ? (
          <button type="button" className="secondary combobox-clear" onClick={() => { choose(null); input.current?.focus(); }}>
            Clear<span className="visually-hidden"> {label.toLowerCase()}</span>
          </button>
        ) : null}
      </div>
      <ul id={listId} role="listbox" aria-label={`${label}: matches`} className="combobox-list" hidden={!open || options.length === 0}>
        {options.map((t, i) => (
          <li
            key={t.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? "active" : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(t);
            }}
          >
            {t.name}
          </li>
        ))}
      </ul>
      <span id={`${id}-status`} className="visually-hidden" aria-live="polite">
        {status}
      </span>
    </div>
  );
}

/** The team named by an id, from what the dashboard already read or one lookup. */
export function useTeamChoice(teamId: string | null, extra: Option[] = []): Picked | null {
  const fixed = extra.find((o) => o.value === teamId);
  const known = fixed ? fixed.label : knownTeamName(teamId);
  const looked = useQuery({ queryKey: ["team", teamId], queryFn: () => loadTeam(teamId!), enabled: Boolean(teamId) && known === undefined });
  if (!teamId) return null;
  const name = known ?? (looked.status === "success" ? looked.data.name : "…");
  return { id: teamId, name };
}

/** A TeamPicker bound to a query-string parameter (`?team=<id>`). */
export function TeamFilter({
  param = "team",
  label = "Team",
  programmeId,
  extra = [],
  placeholder,
}: {
  param?: string;
  label?: string;
  programmeId: string;
  extra?: Option[];
  placeholder?: string;
}) {
  const [value, setValue] = useParam(param);
  const choice = useTeamChoice(value, extra);
  return (
    <TeamPicker
      label={label}
      programmeId={programmeId}
      value={choice}
      extra={extra}
      placeholder={placeholder}
      testId={`team-picker-${param}`}
      onChange={(t) => setValue(t?.id ?? null, { replace: true })}
    />
  );
}
