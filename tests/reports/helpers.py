"""What the spend report tests share: a report moved along its workflow by the admin."""

import httpx

from tests.factories import API, Row

REPORTS = f"{API}/spend-reports"
LINES = f"{API}/spend-lines"
SUBMIT = {"status": "submitted", "submitted_on": "2014-04-22"}
APPROVE = {"status": "approved", "decided_on": "2014-05-06"}
RETURN = {"status": "returned", "decided_on": "2014-05-06", "review_comment": "Split backfill."}


async def moved(client: httpx.AsyncClient, report: Row, *patches: dict[str, str]) -> Row:
    """``report`` after each patch in turn (each must be accepted)."""
    row = report
    for patch in patches:
        response = await client.patch(f"{REPORTS}/{report['id']}", json=patch)
        assert response.status_code == 200, response.text
        row = response.json()
    return row
