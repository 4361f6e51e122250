import { prefetchCharts } from "../../components/Chart";
import { useToast } from "../../components/Toast";
import { useState } from "react";
import { useParams } from "wouter";
import { Badge } from "../../components/Badge";
import { statusLabel } from "../../lib/labels";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { Tile } from "../../components/Tile";
import { currencyUnit } from "../../lib/exportTable";
import { formatDate, formatMoney, formatNumber, label, penceToPoundsString, plural, todayIso } from "../../lib/format";
import { useAsOf } from "../../lib/url";
import { SUPPORT_TYPES, useTeamSummary, type TeamSummary } from "../dashboard/api";
import { MilestoneForm, shownAs } from "../milestones/api";
import { IndicatorCard } from "../results/IndicatorCard";
import { milestoneColumns } from "../timeline/TimelinePage";
import { useCan } from "../../lib/permissions";
import { CheckinHistory, DatedStatus, datedStatusText } from "./Decisions";
import { TeamHistory } from "./TeamHistory";
import { TeamMoney } from "../money/TeamMoney";

// This view draws charts: fetch the chart library while its data loads.
prefetchCharts(["line", "scatter", "markLine"]);

type PaymentAsOf = TeamSummary["awards"][number]["payments"][number] & { identifier: string };
type Activity = TeamSummary["support_activities"][number];

function Provenance({ team }: { team: TeamSummary["team"] }) {
  if (team.provenance === "sourced") {
    return (
      <p>
        <Badge value="sourced" text="Sourced" /> Facts from a published page:{" "}
        {team.source_url ? (
          <a href={team.source_url} rel="noreferrer noopener" target="_blank">
            {team.source_url}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          "source not recorded"
        )}
      </p>
    );
  }
  return (
    <p>
      <Badge value="synthetic" text="Synthetic" /> Made up for the demonstration: not a real award holder.
    </p>
  );
}

// long: the view's markup: every section of one team's page
export function TeamPage() {
  const { teamId = "" } = useParams();
  const [asOf] = useAsOf();
  const summary = useTeamSummary(teamId, asOf);
  const canEdit = useCan("milestones", "write", teamId);
  const [editing, setEditing] = useState<string | null>(null);
  const { say: setSaved, toast } = useToast();

  return (
    <Loaded state={summary} what="the team">
      {(s) => {
        const currency = s.funding.currency;
        const day = asOf ?? todayIso();
        const payments: PaymentAsOf[] = s.awards.flatMap((a) => a.payments.map((p) => ({ ...p, identifier: a.identifier })));
        const paymentColumns: Column<PaymentAsOf>[] = [
          { key: "award", header: "Award", minor: true, value: (p) => p.identifier },
          { key: "instalment", header: "Instalment", minor: true, value: (p) => p.instalment, text: (p) => label(p.instalment) },
          { key: "scheduled", header: "Scheduled", value: (p) => p.scheduled_date, text: (p) => formatDate(p.scheduled_date) },
          { key: "paid_on", header: "Paid on", minor: true, value: (p) => p.paid_date ?? null, text: (p) => (p.paid_date ? formatDate(p.paid_date) : "") },
          {
            key: "amount",
            header: "Amount",
            numeric: true,
            value: (p) => p.amount_pence,
            text: (p) => formatMoney(p.amount_pence, currency),
            csv: (p) => penceToPoundsString(p.amount_pence),
            unit: currencyUnit(currency),
          },
          { key: "status", header: "Status", value: (p) => p.status, text: (p) => statusLabel("payment", p.status), cell: (p) => <Badge value={p.status} /> },
        ];
        const activityColumns: Column<Activity>[] = [
          { key: "title", header: "Activity", value: (a) => a.title },
          { key: "type", header: "Type", value: (a) => a.type, text: (a) => label(a.type) },
          { key: "start", header: "Start", value: (a) => a.start_date, text: (a) => formatDate(a.start_date) },
          { key: "end", header: "End", minor: true, value: (a) => a.end_date, text: (a) => formatDate(a.end_date) },
          { key: "provider", header: "Provider", minor: true, value: (a) => a.provider },
          { key: "hours", header: "Hours", numeric: true, minor: true, value: (a) => a.hours, text: (a) => formatNumber(a.hours) },
          { key: "status", header: "Status", value: (a) => a.status, text: (a) => statusLabel("activity", a.status), cell: (a) => <Badge value={a.status} /> },
        ];
        const indicators = s.quality_goals.flatMap((g) => g.indicators);
        return (
          <>
            <PageHead title={s.team.name}>
              <p>
                <strong>{s.team.project_title}</strong>
              </p>
              {s.team.summary ? <p>{s.team.summary}</p> : null}
            </PageHead>
            <Provenance team={s.team} />
            {toast}
            <div className="grid-2">
              <section className="card" aria-labelledby="who">
                <h2 id="who" style={{ marginTop: 0 }}>
                  Organisations
                </h2>
                <dl className="dl">
                  <dt>Lead</dt>
                  <dd data-testid="lead-organisation">
                    {s.lead_organisation.name} <span className="hint">({s.lead_organisation.org_identifier})</span>
                  </dd>
                  {s.partners
                    .filter((p) => p.id !== s.lead_organisation.id)
                    .map((p) => (
                      <div key={p.id} style={{ display: "contents" }}>
                        <dt>{label(p.role)}</dt>
                        <dd>
                          {p.name} <span className="hint">({p.org_identifier})</span>
                        </dd>
                      </div>
                    ))}
                  <dt>Status</dt>
                  <dd data-testid="team-status">
                    <DatedStatus kind="team" status={s.team.status} undated={s.team.status_undated} since={s.team.status_changed_on} />
                  </dd>
                  <dt>After funding</dt>
                  <dd data-testid="team-sustainability">{statusLabel("sustainability", s.team.sustainability_status)}</dd>
                </dl>
              </section>
              <section className="card" aria-labelledby="goal">
                <h2 id="goal" style={{ marginTop: 0 }}>
                  Common quality goal
                </h2>
                {s.quality_goals.length === 0 ? <Empty>No quality goal recorded yet.</Empty> : null}
                {s.quality_goals.map((g) => (
                  <div key={g.id}>
                    <p>
                      {g.statement} <Badge value="planned" text={label(g.dimension)} />
                    </p>
                    <div className="goal-sides">
                      <div>
                        <h3>Corporate side</h3>
                        <ul className="tag-list" aria-label="Corporate services">
                          {g.corporate_services.map((c) => (
                            <li key={c}>{label(c)}</li>
                          ))}
                        </ul>
                        <p className="hint">Lead: {g.corporate_lead ?? "not named"}</p>
                      </div>
                      <div>
                        <h3>Clinical side</h3>
                        <ul className="tag-list" aria-label="Clinical services">
                          {g.clinical_services.map((c) => (
                            <li key={c}>{c}</li>
                          ))}
                        </ul>
                        <p className="hint">Lead: {g.clinical_lead ?? "not named"}</p>
                      </div>
                    </div>
                  </div>
                ))}
              </section>
            </div>

            <CheckinHistory checkins={s.sustainability_checkins} asOf={s.as_of} />

            <h2>Funding</h2>
            <ul className="tiles" aria-label="Team funding figures">
              <Tile
                testId="team-awarded"
                label="Awarded"
                value={formatMoney(s.funding.awarded_pence, currency)}
                note={s.awards.map((a) => `${a.identifier}: ${datedStatusText("award", a.status, a.status_undated).toLowerCase()}`).join(", ") || "no award yet"}
              />
              <Tile testId="team-paid" label="Paid" value={formatMoney(s.funding.paid_pence, currency)} tone="good" />
              <Tile testId="team-scheduled" label="Scheduled, unpaid" value={formatMoney(s.funding.scheduled_unpaid_pence, currency)} />
              <Tile testId="team-remaining" label="Remaining" value={formatMoney(s.funding.remaining_pence, currency)} />
            </ul>
            <DataTable id="team_payments" caption="Payments" columns={paymentColumns} rows={payments} rowKey={(p) => p.id} defaultSort="scheduled" filename="team-payments.csv" empty="No payments by this date." />
            <TeamMoney teamId={teamId} asOf={asOf} say={setSaved} milestones={s.milestones.filter((m) => m.kind === "reporting")} />

            <h2>Milestones</h2>
            <p data-testid="team-milestone-counts">
              {plural(s.milestone_counts.total, "milestone")}: {s.milestone_counts.achieved} achieved, {s.milestone_counts.late} late,{" "}
              {s.milestone_counts.in_progress} in progress, {s.milestone_counts.planned} planned.
            </p>
            <DataTable
              id="team_milestones"
              caption="Milestones"
              columns={milestoneColumns(s.milestones, false)}
              rows={s.milestones}
              rowKey={(m) => m.id}
              defaultSort="due"
              filename="team-milestones.csv"
              actions={
                canEdit
                  ? (m) => (
                      <button type="button" className="secondary" onClick={() => { setSaved(null); setEditing(m.id); }}>
                        Update<span className="visually-hidden"> {m.title}</span>
                      </button>
                    )
                  : undefined
              }
            />

            <h2>Support received</h2>
            <ul className="tiles" aria-label="Support received by type">
              {SUPPORT_TYPES.map((type) => {
                const found = s.support.find((x) => x.type === type);
                return (
                  <Tile
                    key={type}
                    label={label(type)}
                    value={formatNumber(found?.activities ?? 0, 0)}
                    note={`${formatNumber(found?.hours ?? 0)} hours`}
                    tone={found?.activities ? undefined : "bad"}
                  />
                );
              })}
            </ul>
            <DataTable id="team_support" caption="Support activities" columns={activityColumns} rows={s.support_activities} rowKey={(a) => a.id} defaultSort="start" filename="team-support.csv" empty="No support recorded." />

            <h2>Indicators</h2>
            {indicators.length === 0 ? <Empty>No indicators yet.</Empty> : null}
            <div className="grid-2">
              {indicators.map((i) => (
                <IndicatorCard key={i.id} indicator={i} asOf={day} editTeamId={teamId} say={setSaved} />
              ))}
            </div>

            <h2>Evidence and exemplars</h2>
            <p>
              {plural(s.evidence_counts.total, "piece")} of evidence by {formatDate(s.as_of)}, {plural(s.evidence_counts.exemplars, "exemplar")}.
            </p>
            {s.evidence.length === 0 ? <Empty>No evidence published by this date.</Empty> : null}
            <ul className="evidence-list">
              {s.evidence.map((e) => (
                <li key={e.id} className="card">
                  <a href={e.url} rel="noreferrer noopener" target="_blank">
                    {e.title}
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>{" "}
                  <Badge value="planned" text={label(e.kind)} /> {e.is_exemplar ? <Badge value="exemplar" text="Exemplar" /> : null}
                  <div className="hint">Published {formatDate(e.published_on)}</div>
                </li>
              ))}
            </ul>
            <TeamHistory teamId={teamId} />
            <Dialog title="Update milestone" open={editing !== null} onClose={() => setEditing(null)}>
              {editing ? (
                <MilestoneForm
                  id={editing}
                  shown={shownAs(s.milestones, editing, s.as_of)}
                  onDone={(m) => {
                    setEditing(null);
                    setSaved(`Saved: “${m.title}” is now recorded as ${statusLabel("milestone", m.status).toLowerCase()}.`);
                  }}
                />
              ) : null}
            </Dialog>
          </>
        );
      }}
    </Loaded>
  );
}
