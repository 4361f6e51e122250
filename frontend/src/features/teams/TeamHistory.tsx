import { Empty, Loaded } from "../../components/States";
import { label } from "../../lib/format";
import { useCan } from "../../lib/permissions";
import { useSession } from "../../lib/session";
import { useTeamAudit } from "../auth/api";
import { SignInToEdit } from "../auth/SignInLink";
import { changedFields, formatWhen, rowName } from "./history";

/** The latest writes to the team's rows, from the audit trail (admins and programme managers). */
export function TeamHistory({ teamId }: { teamId: string }) {
  const session = useSession();
  const allowed = useCan("audit-events", "read");
  const events = useTeamAudit(teamId, allowed);
  return (
    <section aria-labelledby="team-history" data-testid="team-history">
      <h2 id="team-history">Recent changes</h2>
      {!allowed ? (
        <p className="hint" data-testid="team-history-note">
          The change history is shown to admins and programme managers.{" "}
          {session ? null : <SignInToEdit what="see it" />}
        </p>
      ) : (
        <Loaded state={events} what="the change history">
          {(page) =>
            page.items.length === 0 ? (
              <Empty>No recorded changes to this team's rows.</Empty>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-label="Recent changes">
                <table>
                  <caption>The latest {page.items.length} changes to this team's rows, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Row</th>
                      <th scope="col">Fields</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={e.id}>
                        <td>{formatWhen(e.occurred_at)}</td>
                        <td>{e.actor_name}</td>
                        <td>
                          {label(e.action)} {label(e.resource).toLowerCase()}
                        </td>
                        <td>{rowName(e.before, e.after)}</td>
                        <td>{changedFields(e.before, e.after).map(label).join(", ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      )}
    </section>
  );
}
