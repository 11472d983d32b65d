"""Recurrence rules (RFC 5545 RRULE) for people: a rule in words for the event pages, and
the admin's recurrence picker (frequency, interval, weekdays, week of the month, until or
count) to and from a rule.

No maintained package phrases rules well enough (the one on PyPI drops ordinals such as
2WE), so this is a small function. It phrases FREQ DAILY/WEEKLY/MONTHLY/YEARLY with
INTERVAL, BYDAY (with ordinals), BYMONTHDAY, BYMONTH, COUNT, UNTIL (WKST ignored); any other
rule gets a plain sentence, never the rule itself. Imports nothing from the app."""

from datetime import UTC, datetime, time

FREQUENCIES = {"DAILY": ("day", "days"), "WEEKLY": ("week", "weeks"), "MONTHLY": ("month", "months")}
FREQUENCIES["YEARLY"] = ("year", "years")
WEEKDAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
MONTHS = "January February March April May June July August September October November December".split()
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
# The picker's "week of the month" for monthly rules (BYDAY=2WE: the second Wednesday).
WEEKS_OF_MONTH = [("", "—"), ("1", "first"), ("2", "second"), ("3", "third"), ("4", "fourth"), ("-1", "last")]
PHRASED = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL", "WKST"}
PICKED = {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"}


def parse_rule(rule):
    """The parts of a rule, {"FREQ": ["MONTHLY"], "BYDAY": ["2WE"]}; None if malformed."""
    parts = {}
    for item in (rule or "").strip().removeprefix("RRULE:").split(";"):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip() or name in parts:
            return None
        parts[name] = [v.strip().upper() for v in value.split(",")]
    return parts or None


def split_weekday(value):
    """'2WE' -> (2, 'WE'); 'FR' -> (None, 'FR'); ValueError if not a weekday."""
    ordinal, day = value[:-2], value[-2:]
    if day not in WEEKDAYS:
        raise ValueError(value)
    return (int(ordinal) if ordinal else None), day


def join(words):
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def ordinal_word(number):
    if number in ORDINAL_WORDS:
        return ORDINAL_WORDS[number]
    if -5 <= number <= -2:
        return f"{ORDINAL_WORDS[-number]} to last"
    raise ValueError(number)


def day_of_month(number):
    if number == -1:
        return "last day"
    if number < -1:
        return f"{ordinal_word(number)} day"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def until_date(value, zone):
    """The last day of an UNTIL value (20270101 or 20270101T000000Z), in the event's zone."""
    if len(value) == 8:
        return datetime.strptime(value, "%Y%m%d").date()
    moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        moment = moment.replace(tzinfo=UTC).astimezone(zone or UTC)
    return moment.date()


def format_day(value):
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _phrase(parts, start):
    if set(parts) - PHRASED or len(parts["FREQ"]) != 1 or parts["FREQ"][0] not in FREQUENCIES:
        raise ValueError("not phrased")
    freq = parts["FREQ"][0]
    interval = int(parts.get("INTERVAL", ["1"])[0])
    if interval < 1:
        raise ValueError(interval)
    unit, units = FREQUENCIES[freq]
    text = f"Every {unit}" if interval == 1 else f"Every {interval} {units}"
    weekdays = [split_weekday(value) for value in parts.get("BYDAY", [])]
    month_days = [int(value) for value in parts.get("BYMONTHDAY", [])]
    months = [MONTHS[int(value) - 1] for value in parts.get("BYMONTH", [])]
    if any(not 1 <= abs(day) <= 31 for day in month_days):
        raise ValueError(month_days)
    ordinals = any(ordinal is not None for ordinal, _ in weekdays)
    if weekdays and month_days:
        raise ValueError("both BYDAY and BYMONTHDAY")
    if freq in ("DAILY", "WEEKLY"):
        if ordinals or month_days:
            raise ValueError("ordinals")
        if weekdays:
            names = join(WEEKDAYS[day] for _, day in weekdays)
            text = f"Every {names}" if freq == "DAILY" and interval == 1 else f"{text} on {names}"
            if freq == "DAILY" and interval > 1:
                raise ValueError("daily interval with weekdays")
        elif freq == "WEEKLY" and start:
            text += f" on {start.strftime('%A')}"
        if months:
            text += f", in {join(months)}"
    elif freq == "MONTHLY":
        if weekdays:
            text += " on " + join(
                f"the {ordinal_word(o)} {WEEKDAYS[d]}" if o is not None else f"every {WEEKDAYS[d]}" for o, d in weekdays
            )
        elif month_days:
            text += " on the " + join(day_of_month(day) for day in month_days)
        elif start:
            text += f" on the {day_of_month(start.day)}"
        if months:
            text += f", in {join(months)}"
    else:  # YEARLY
        if weekdays:
            if not ordinals or not months:
                raise ValueError("yearly weekdays without months")
            text += " on " + join(f"the {ordinal_word(o)} {WEEKDAYS[d]}" for o, d in weekdays)
            text += f" of {join(months)}"
        else:
            if not months and start:
                months = [MONTHS[start.month - 1]]
            if not month_days and start and (not parts.get("BYMONTH") or len(months) == 1):
                month_days = [start.day]
            if month_days and len(month_days) == 1 and month_days[0] > 0 and len(months) == 1:
                text += f" on {month_days[0]} {months[0]}"
            else:
                if months:
                    text += f" in {join(months)}"
                if month_days:
                    text += " on the " + join(day_of_month(day) for day in month_days)
    if "COUNT" in parts:
        count = int(parts["COUNT"][0])
        text += ", once" if count == 1 else f", {count} times"
    if "UNTIL" in parts:
        text += f", until {format_day(until_date(parts['UNTIL'][0], start.tzinfo if start else None))}"
    return text


def rule_words(rule, start=None):
    """`rule` in words, "Every month on the second Wednesday"; `start` (the first
    occurrence, in the event's zone) fills in what the rule leaves to it (the weekday of a
    weekly rule, the day of a monthly one). A rule it cannot phrase gets a plain sentence."""
    parts = parse_rule(rule)
    if parts is None:
        return "On several dates" if not (rule or "").strip() else "Repeats on a regular schedule"
    try:
        return _phrase(parts, start)
    except (ValueError, IndexError, KeyError):
        unit = FREQUENCIES.get(parts.get("FREQ", [""])[0])
        if unit:
            return f"Repeats every {unit[0]}, on a schedule too detailed to put in words"
        return "Repeats on a regular schedule"


# --- The admin's recurrence picker ------------------------------------------------------------


def picker_values(rule, zone=None):
    """The picker's values for `rule` ({"repeat": "MONTHLY", "interval": 1, "weekdays":
    ["WE"], "week": "2", "until": date, "count": None}), or None if the picker cannot show
    it (the admin then edits the rule as text)."""
    if not (rule or "").strip():
        return {"repeat": "", "interval": 1, "weekdays": [], "week": "", "until": None, "count": None}
    parts = parse_rule(rule)
    if not parts or set(parts) - PICKED or len(parts["FREQ"]) != 1 or parts["FREQ"][0] not in FREQUENCIES:
        return None
    freq = parts["FREQ"][0]
    try:
        weekdays = [split_weekday(value) for value in parts.get("BYDAY", [])]
        interval = int(parts.get("INTERVAL", ["1"])[0])
        count = int(parts["COUNT"][0]) if "COUNT" in parts else None
        until = until_date(parts["UNTIL"][0], zone) if "UNTIL" in parts else None
    except ValueError:
        return None
    ordinals = {ordinal for ordinal, _ in weekdays}
    if len(ordinals) > 1 or (ordinals - {None} and freq != "MONTHLY") or (weekdays and freq == "YEARLY"):
        return None
    if ordinals - {None, 1, 2, 3, 4, -1} or interval < 1:
        return None
    week = next(iter(ordinals), None)
    return {
        "repeat": freq,
        "interval": interval,
        "weekdays": [day for _, day in weekdays],
        "week": str(week) if week is not None else "",
        "until": until,
        "count": count,
    }


def build_rule(repeat, interval=1, weekdays=(), week="", until=None, count=None, zone=None, all_day=False):
    """The rule the picker's values describe ("" for no repetition). `until` is the last
    day, in the event's zone: UNTIL is the end of that day in UTC (RFC 5545 wants UTC when
    the start has a zone), or the date itself for an all-day event."""
    if not repeat:
        return ""
    parts = [f"FREQ={repeat}"]
    if interval and interval > 1:
        parts.append(f"INTERVAL={interval}")
    if weekdays and repeat != "YEARLY":
        ordinal = week if repeat == "MONTHLY" else ""
        order = list(WEEKDAYS)
        parts.append("BYDAY=" + ",".join(f"{ordinal}{day}" for day in sorted(weekdays, key=order.index)))
    if count:
        parts.append(f"COUNT={count}")
    elif until:
        if all_day:
            parts.append(f"UNTIL={until:%Y%m%d}")
        else:
            last = datetime.combine(until, time(23, 59, 59), tzinfo=zone or UTC).astimezone(UTC)
            parts.append(f"UNTIL={last:%Y%m%dT%H%M%SZ}")
    return ";".join(parts)
