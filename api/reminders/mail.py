"""A digest as a plain-text e-mail, and sending it over SMTP (aiosmtplib)."""

from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

import aiosmtplib

from api.config import Settings
from api.reminders.items import Row, day

TIMEOUT = 30.0  # seconds for one SMTP conversation
KIND = {"milestone": "Milestone", "report": "Spend report"}
SMTP_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


def subject(due_soon: int, overdue: int, on: date) -> str:
    return f"Shared Purpose: {due_soon} due soon, {overdue} overdue ({day(on)})"


def _line(item: Row) -> str:
    team = f" ({item['team_name']})" if item.get("team_name") else " (programme-wide)"
    what = item["title"] if item["kind"] == "report" else f"{KIND['milestone']}: {item['title']}"
    return f"  {day(item['due_date'])}  {what}{team}, {item['status'].replace('_', ' ')}"


def body(name: str, lines: list[Row], totals: Row, on: date, base_url: str) -> str:
    due_soon, overdue = int(totals["due_soon"]), int(totals["overdue"])
    out = [f"Hello {name},", "", f"What is due for you on {day(on)}:"]
    for state, heading in (
        ("overdue", f"Overdue ({overdue})"),
        ("due-soon", f"Due soon ({due_soon})"),
    ):
        mine = [i for i in lines if i["state"] == state]
        if mine:
            out += ["", heading, *(_line(i) for i in mine)]
    more = due_soon + overdue - len(lines)
    dashboard = f"{base_url.rstrip('/')}/#/due" if base_url else "the dashboard's Due view"
    if more > 0:
        out += ["", f"and {more} more: {dashboard}"]
    elif base_url:
        out += ["", f"All of it in the dashboard: {dashboard}"]
    out += [
        "",
        "You get this digest at most once a day. To change how far ahead it looks, leave out "
        "overdue items or stop it: PATCH /api/v1/me/reminder-preferences.",
    ]
    return "\n".join(out) + "\n"


def message(settings: Settings, to: str, name: str, items: list[Row], on: date) -> EmailMessage:
    """The e-mail of a digest whose ``items`` are its lines and, last, its totals."""
    *lines, totals = items
    msg = EmailMessage()
    msg["Subject"] = subject(int(totals["due_soon"]), int(totals["overdue"]), on)
    msg["From"] = settings.smtp_from
    msg["To"] = formataddr((name, to))
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    msg.set_content(body(name, lines, totals, on, settings.public_base_url))
    return msg


async def send(settings: Settings, msg: EmailMessage) -> None:
    """One message; raises one of ``SMTP_ERRORS`` when the server is down or refuses it."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    await aiosmtplib.send(
        msg,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username or None,
        password=password if settings.smtp_username else None,
        start_tls=settings.smtp_starttls,
        timeout=TIMEOUT,
    )
