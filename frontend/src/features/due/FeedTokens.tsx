import { useId, useState, type FormEvent } from "react";
import { FormProblem } from "../../components/FormProblem";
import { Empty, Loaded } from "../../components/States";
import { formatDate } from "../../lib/format";
import { useFormWrite } from "../../lib/formWrite";
import { TeamPicker, useTeamChoice, type Picked } from "../programmes/TeamPicker";
import { createFeedToken, feedUrl, revokeFeedToken, useFeedTokens, type FeedTokenCreated } from "./api";

function NewFeed({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  const copy = async () => {
    await navigator.clipboard?.writeText(url);
    setCopied(true);
  };
  return (
    <div className="notice success" role="status" data-testid="feed-new">
      <label htmlFor={id}>Your feed address (shown once: copy it now)</label>
      <input id={id} type="text" readOnly value={url} onFocus={(e) => e.target.select()} style={{ width: "100%" }} />{" "}
      <button type="button" className="secondary" onClick={() => void copy()}>
        {copied ? "Copied" : "Copy address"}
      </button>
    </div>
  );
}

/** Make, list and revoke your calendar feed tokens (signed-in callers only). */
// long: the new-feed form and the list of tokens with their revoke buttons
export function FeedTokens({ programmeId, teamId }: { programmeId: string; teamId: string | null }) {
  const tokens = useFeedTokens(true);
  const write = useFormWrite(["name", "team_id", "programme_id"]);
  const [name, setName] = useState("My calendar");
  const initial = useTeamChoice(teamId);
  const [team, setTeam] = useState<Picked | null | undefined>(undefined);
  const [made, setMade] = useState<FeedTokenCreated | null>(null);
  const nameId = useId();
  const chosen = team === undefined ? initial : team;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    const created = await write.run(() => createFeedToken(name.trim(), programmeId, chosen?.id ?? null));
    if (created) setMade(created);
  };
  const onRevoke = async (id: string) => {
    setMade(null);
    await write.run(() => revokeFeedToken(id));
  };

  return (
    <section className="card" aria-labelledby="feeds" data-testid="feed-tokens">
      <h2 id="feeds" style={{ marginTop: 0 }}>
        Calendar feed
      </h2>
      <p className="hint">
        Subscribe to what is due from a calendar app. The address holds a secret that opens this
        feed only; revoke it here if it leaks.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} className="filters" aria-label="New calendar feed">
        <div>
          <label htmlFor={nameId}>Feed name</label>
          <input id={nameId} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
        </div>
        <TeamPicker label="Team (optional)" programmeId={programmeId} value={chosen} onChange={setTeam} placeholder="Whole programme" testId="feed-team" />
        <button type="submit" disabled={write.busy || !name.trim()}>
          Create feed
        </button>
      </form>
      <FormProblem state={write} />
      {made?.url ? <NewFeed url={feedUrl(made.url)} /> : null}
      <Loaded state={tokens} what="your feeds">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>You have no calendar feeds.</Empty>
          ) : (
            <ul className="feed-list" data-testid="feed-list">
              {page.items.map((t) => (
                <li key={t.id}>
                  {t.name} ({t.team_id ? "one team" : "whole programme"}), made {formatDate(t.created_at.slice(0, 10))}
                  {t.last_used_at ? `, last fetched ${formatDate(t.last_used_at.slice(0, 10))}` : ", not fetched yet"}{" "}
                  <button type="button" className="secondary" onClick={() => void onRevoke(t.id)} disabled={write.busy}>
                    Revoke<span className="visually-hidden"> {t.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
