"""Items as an iCalendar document (RFC 5545), written by the ``icalendar`` library.

Each milestone, report and payment is an all-day VEVENT on its due date: a UID stable across
fetches (the row's id), so calendar apps update events instead of duplicating them; DTSTAMP and
LAST-MODIFIED from the row's last change; SUMMARY with the kind and title; DESCRIPTION with the
team, the amount and the status on the day of the fetch.
"""

from datetime import date, timedelta
from typing import Any

from icalendar import Calendar, Event

PRODID = "-//Shared Purpose Tracker//Due feed//EN"
UID_DOMAIN = "shared-purpose-tracker"
KIND_LABEL = {"milestone": "Milestone", "report": "Report", "payment": "Payment"}
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(pence: int, currency: str) -> str:
    symbol = SYMBOLS.get(currency)
    amount = f"{pence // 100:,}.{pence % 100:02d}"
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def describe(item: dict[str, Any]) -> str:
    lines = [f"Team: {item['team_name'] or 'Programme-wide'}"]
    if item["amount_pence"] is not None:
        lines.append(f"Amount: {money(item['amount_pence'], item['currency'])}")
    lines.append(f"Status: {str(item['status']).replace('_', ' ')}")
    lines.append(f"Programme: {item['programme_title']}")
    return "\n".join(lines)


def event(item: dict[str, Any]) -> Event:
    due: date = item["due_date"]
    ev = Event()
    ev.add("uid", f"{item['kind']}-{item['id']}@{UID_DOMAIN}")
    ev.add("dtstamp", item["updated_at"])
    ev.add("last-modified", item["updated_at"])
    ev.add("dtstart", due)
    ev.add("dtend", due + timedelta(days=1))  # all-day: DTEND is the next day, exclusive
    ev.add("summary", f"{KIND_LABEL[item['kind']]} due: {item['title']}")
    ev.add("description", describe(item))
    ev.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    ev.add("categories", [KIND_LABEL[item["kind"]]])
    return ev


def calendar(name: str, items: list[dict[str, Any]]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for item in items:
        cal.add_component(event(item))
    ical: bytes = cal.to_ical()
    return ical
