import { SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Empty, ErrorPanel, Loaded, Loading } from "../../components/States";
import { label, plural, todayIso } from "../../lib/format";
import { useAsOf, useParams } from "../../lib/url";
import { DIMENSIONS, useTeamSummaries } from "../dashboard/api";
import { useTeams } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { IndicatorCard } from "./IndicatorCard";
import { byDimension } from "./shape";

/** Above this many teams the view asks for one team rather than loading every summary. */
const MAX_TEAMS_AT_ONCE = 30;

export function ResultsPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const team = search.get("team");
  const dimension = search.get("dimension");
  const teams = useTeams(programme.id);
  const ids =
    teams.status !== "ready"
      ? null
      : team
        ? teams.data.filter((t) => t.id === team).map((t) => t.id)
        : teams.data.length <= MAX_TEAMS_AT_ONCE
          ? teams.data.map((t) => t.id)
          : [];
  const summaries = useTeamSummaries(ids, asOf);

  return (
    <>
      <PageHead title="Results">
        Whether care is improving: each team's quality indicators under the Health Foundation's six
        dimensions of quality (safe, effective, person-centred, timely, efficient and equitable),
        with the baseline, the target and every period measured by the as-of date.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter indicators">
        <SelectFilter
          param="team"
          label="Team"
          allLabel="All teams"
          options={teams.status === "ready" ? teams.data.map((t) => ({ value: t.id, label: t.name })) : []}
        />
        <SelectFilter param="dimension" label="Dimension" allLabel="All six dimensions" options={DIMENSIONS.map((d) => ({ value: d, label: label(d) }))} />
      </div>
      {teams.status === "loading" ? <Loading what="teams" /> : null}
      {teams.status === "error" ? <ErrorPanel error={teams.error} retry={teams.reload} /> : null}
      {ids !== null && ids.length === 0 && teams.status === "ready" && teams.data.length > MAX_TEAMS_AT_ONCE && !team ? (
        <Empty>This programme has {teams.data.length} teams: choose one to see its indicators.</Empty>
      ) : null}
      {ids !== null && ids.length > 0 ? (
        <Loaded state={summaries} what="indicators">
          {(list) => {
            const grouped = byDimension(list);
            const shown = DIMENSIONS.filter((d) => !dimension || d === dimension);
            const total = shown.reduce((n, d) => n + grouped[d].length, 0);
            return (
              <>
                <p data-testid="indicator-count">
                  {plural(total, "indicator")} across {plural(list.length, "team")}.
                </p>
                {shown.map((d) => (
                  <section key={d} aria-labelledby={`dim-${d}`} data-testid={`dimension-${d}`}>
                    <h2 id={`dim-${d}`}>
                      {label(d)} <span className="hint">({grouped[d].length})</span>
                    </h2>
                    {grouped[d].length === 0 ? (
                      <Empty>No indicators measure this dimension yet.</Empty>
                    ) : (
                      <div className="grid-2">
                        {grouped[d].map((e) => (
                          <IndicatorCard key={e.indicator.id} indicator={e.indicator} team={e.team} asOf={day} />
                        ))}
                      </div>
                    )}
                  </section>
                ))}
              </>
            );
          }}
        </Loaded>
      ) : null}
    </>
  );
}
