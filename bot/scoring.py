"""Scoring the relatives' questionnaire and turning it into a result with advice.

The questionnaire is this project's own, built on the ladder of involvement (seed 002, table 1).
The ladder describes the collaboration between a relative and the team, so the result says where
that collaboration stands, not where the relative stands.

Scoring rule (also in docs/questionnaire.md; the truth rules of the result in docs/notes-i21-result.md):
- Answers are 1 (nee, nooit), 2 (soms), 3 (meestal wel), 4 (ja, altijd); "weet ik niet" is
  left out.
- Profile: each rung gets a status once at least two of its statements are answered, from the
  mean of those answers and the answers themselves: "gaat goed" at a mean of 3 or more (on
  average at least "meestal wel") with no "nooit"; "nog niet" below 2 (mostly "nooit") with no
  "meestal wel" or "altijd"; otherwise "deels". So "gaat goed" never covers a "nooit" and
  "nog niet" never covers a "meestal wel" or "altijd". With fewer than two answered statements
  the rung is "onbekend".
- A rung *holds* when its status is "gaat goed" or "deels".
- Too few answers: fewer than two rungs known. Then no rung is given and the result says so.
- No rung yet ("nog geen trede"): rung 2 is "nog niet" and rung 1 is "nog niet" or "onbekend":
  the contact has not really started; the result says so kindly with a first step.
- Otherwise the current rung is counted up from rung 2 (getting acquainted, the essential first
  step in seed 002):
  - rung 2 counts when it holds, or when it is "onbekend" while rungs 1 and 3 both hold;
  - when rung 2 does not count: rung 1 if rung 1 holds, otherwise too few answers (the base of
    the ladder is unknown: rung 2 unknown and rung 1 "nog niet" or unknown);
  - from rung 2 on, each next rung counts when it holds; one "onbekend" rung is bridged when the
    rung right above it holds (both count); two unknown rungs in a row, an unknown top rung or a
    rung that is "nog niet" end the count.
  - A weak rung 1 does not block a higher rung; the result says it.
- The weakest rung is the known rung with the lowest mean (the lower rung on a tie); it is named
  when it is not "gaat goed".
- Weak statements (answered "nooit" or "soms") are named one by one with their own sentence,
  rung 1 first, then the lowest answers; the Sense of the first named one that has a Sense is
  said as a question ("of ..."), never as a fact.

`current_rung(scan, answers)` gives one relative's current rung or None (no rung yet or too few
answers); `ladder_position(scan, answers)` tells those two apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import mean
from typing import Any, Optional

from bot.content import RUNGS, Advice, Content, RelativesScan, ScanItem
from bot.languages import join_and, lower

GOOD_FROM = 3.0
PARTLY_FROM = 2.0
MIN_ANSWERS_PER_RUNG = 2
MIN_KNOWN_RUNGS = 2
GOOD_ANSWER = 3
LOW_ANSWER = 2
NEVER = 1
MAX_STRENGTHS = 3
MAX_WEAK_NAMED = 3

GOOD, PARTLY, NOT_YET, UNKNOWN = "goed", "deels", "nog_niet", "onbekend"
HOLDS = (GOOD, PARTLY)

# outcomes of ladder_position()
ON_RUNG = "trede"
NO_RUNG_YET = "nog_geen_trede"
TOO_FEW_ANSWERS = "te_weinig_antwoorden"
# why there is no rung (no_rung_reason())
NOT_STARTED = "niet_begonnen"
MANY_DONT_KNOW = "veel_weet_ik_niet"
BASE_UNKNOWN = "basis_onbekend"

Answers = Mapping[str, Optional[int]]


@dataclass(frozen=True)
class RungStatus:
    """One rung of the profile: its status and the mean it rests on (None when unknown)."""

    number: int
    status: str
    mean: Optional[float]
    answered: int


@dataclass(frozen=True)
class Position:
    """Where the collaboration stands: `outcome` is ON_RUNG (with `rung`), NO_RUNG_YET or TOO_FEW_ANSWERS."""

    outcome: str
    rung: Optional[int]
    profile: tuple[RungStatus, ...]


def rung_means(scan: RelativesScan, answers: Answers) -> dict[int, Optional[float]]:
    """Mean answer per rung (None when a rung has no answered statement)."""
    return {r.number: r.mean for r in _statuses(scan, answers, minimum=1)}


def _statuses(scan: RelativesScan, answers: Answers, minimum: int) -> tuple[RungStatus, ...]:
    result = []
    for rung in RUNGS:
        values = [v for item in scan.items if item.rung == rung and (v := answers.get(item.id)) is not None]
        if len(values) < minimum:
            result.append(RungStatus(rung, UNKNOWN, mean(values) if values else None, len(values)))
            continue
        result.append(RungStatus(rung, _status(values), mean(values), len(values)))
    return tuple(result)


def _status(values: list[int]) -> str:
    average = mean(values)
    if average >= GOOD_FROM and min(values) > NEVER:
        return GOOD
    if average < PARTLY_FROM and max(values) <= LOW_ANSWER:
        return NOT_YET
    return PARTLY


def profile(scan: RelativesScan, answers: Answers) -> tuple[RungStatus, ...]:
    """Status per rung, rungs 1 to 5 (see the module docstring for the thresholds)."""
    statuses = _statuses(scan, answers, minimum=MIN_ANSWERS_PER_RUNG)
    # a mean from a single answer is not shown as a rung's mean
    return tuple(s if s.status != UNKNOWN else RungStatus(s.number, UNKNOWN, None, s.answered) for s in statuses)


def ladder_position(scan: RelativesScan, answers: Answers) -> Position:
    """Current rung, "nog geen trede" or too few answers, by the rule in this module's docstring."""
    rungs = profile(scan, answers)
    status = {r.number: r.status for r in rungs}
    if sum(1 for r in rungs if r.status != UNKNOWN) < MIN_KNOWN_RUNGS:
        return Position(TOO_FEW_ANSWERS, None, rungs)
    if status[2] == NOT_YET and status[1] in (NOT_YET, UNKNOWN):
        return Position(NO_RUNG_YET, None, rungs)
    second = status[2] in HOLDS or (status[2] == UNKNOWN and status[1] in HOLDS and status[3] in HOLDS)
    if not second:
        if status[1] in HOLDS:
            return Position(ON_RUNG, 1, rungs)
        return Position(TOO_FEW_ANSWERS, None, rungs)
    current, rung = 2, 3
    while rung <= RUNGS[-1]:
        if status[rung] in HOLDS:
            current, rung = rung, rung + 1
        elif status[rung] == UNKNOWN and rung < RUNGS[-1] and status[rung + 1] in HOLDS:
            current, rung = rung + 1, rung + 2
        else:
            break
    return Position(ON_RUNG, current, rungs)


def current_rung(scan: RelativesScan, answers: Answers) -> Optional[int]:
    """One relative's current rung (1-5), or None when there is no rung yet or too few answers."""
    return ladder_position(scan, answers).rung


def weakest_rung(rungs: tuple[RungStatus, ...]) -> Optional[RungStatus]:
    """The known rung with the lowest mean (the lower rung on a tie); None when none is known."""
    known = [r for r in rungs if r.mean is not None]
    return min(known, key=lambda r: (r.mean, r.number)) if known else None


def strengths(scan: RelativesScan, answers: Answers) -> list[str]:
    """Short phrases for what already goes well (answers 3 or 4), highest rungs first."""
    good = [item for item in scan.items if (answers.get(item.id) or 0) >= GOOD_ANSWER]
    good.sort(key=lambda item: -item.rung)
    return [item.summary for item in good[:MAX_STRENGTHS]]


def weak_items(scan: RelativesScan, answers: Answers) -> list[ScanItem]:
    """Statements answered "nooit" or "soms": rung 1 first (the base), then lowest answer, then order."""
    order = {item.id: index for index, item in enumerate(scan.items)}
    weak = [item for item in scan.items if (answers.get(item.id) or GOOD_ANSWER) <= LOW_ANSWER]
    return sorted(weak, key=lambda item: (item.rung != 1, answers[item.id], item.rung, order[item.id]))


def no_rung_reason(position: Position) -> Optional[str]:
    """Why there is no rung: the contact has not started, many "weet ik niet", or the base is unknown."""
    if position.outcome == NO_RUNG_YET:
        return NOT_STARTED
    if position.outcome != TOO_FEW_ANSWERS:
        return None
    known = sum(1 for r in position.profile if r.status != UNKNOWN)
    return MANY_DONT_KNOW if known < MIN_KNOWN_RUNGS else BASE_UNKNOWN


def advice_for(content: Content, position: Position, desired: int) -> Advice:
    """The next step: by (current, desired) rung, the first step without a rung, or a general step."""
    if position.outcome == ON_RUNG and position.rung is not None:
        return content.advice[(position.rung, desired)]
    if position.outcome == NO_RUNG_YET:
        return content.first_steps[desired]
    texts = content.relatives_scan.result
    return Advice(current=None, desired=desired, relative=texts.too_few_relative, ask_team=texts.too_few_ask_team)


@dataclass(frozen=True)
class ScanResult:
    """Everything the relative sees at the end of the questionnaire (and on the copy to take along)."""

    position: Position
    desired: int
    advice: Advice
    weakest: Optional[int]
    messages: tuple[str, ...]
    profile_index: int  # the message with the profile; the page draws the picture after it
    picture: dict[str, Any]
    headline: str
    talk_about: tuple[str, ...]  # one sentence per statement answered "nooit" or "soms", in order

    @property
    def current(self) -> Optional[int]:
        return self.position.rung


def _lower_first(text: str, lang: str) -> str:
    return lower(text[:1], lang) + text[1:]


def _sense_sentence(content: Content, named: list[ScanItem]) -> Optional[str]:
    """The Sense of the first named weak statement that has one, as a question ("of ...")."""
    key = next((item.sense for item in named if item.sense), None)
    if key is None:
        return None
    sense = next(s for s in content.senses if s.key == key)
    return content.relatives_scan.result.sense.format(name=lower(sense.name, content.lang), about=sense.about)


def _dont_know(scan: RelativesScan, answers: Answers, rung: Optional[int] = None) -> tuple[int, int]:
    """How many statements (of one rung) were answered "weet ik niet", and of how many."""
    items = [item for item in scan.items if rung is None or item.rung == rung]
    return sum(1 for item in items if item.id in answers and answers[item.id] is None), len(items)


def _headline(content: Content, position: Position, answers: Answers, weak: list[ScanItem]) -> str:
    texts = content.relatives_scan.result
    status = {r.number: r.status for r in position.profile}
    reason = no_rung_reason(position)
    if position.outcome == ON_RUNG and position.rung is not None:
        now = content.rung(position.rung)
        parts = [texts.rung.format(number=now.number, name=now.name)]
        parts.append(texts.meaning.format(explanation=_lower_first(now.explanation, content.lang)))
        if status[position.rung] == PARTLY:
            parts.append(texts.rung_partly)
        if position.rung >= 2 and any(item.rung == 1 for item in weak):
            parts.append(texts.weak_base)
        return " ".join(parts)
    if reason == NOT_STARTED:
        return texts.no_rung_yet
    if reason == MANY_DONT_KNOW:
        dont_know, total = _dont_know(content.relatives_scan, answers)
        return texts.too_few.format(dont_know=dont_know, total=total)
    dont_know, total = _dont_know(content.relatives_scan, answers, rung=2)
    base = texts.base_r1_unknown if status[1] == UNKNOWN else texts.base_r1_not
    return " ".join([texts.too_few_base.format(dont_know=dont_know, total=total), base, texts.base_end])


def _weak_message(content: Content, weak: list[ScanItem]) -> Optional[str]:
    """The weak statements one by one (at most MAX_WEAK_NAMED, the rest counted) and a Sense."""
    if not weak:
        return None
    texts = content.relatives_scan.result
    named = weak[:MAX_WEAK_NAMED]
    lines = [texts.weak_intro, *(f"- {item.lacking}" for item in named)]
    rest = len(weak) - len(named)
    if rest:
        lines.append(texts.weak_more_one if rest == 1 else texts.weak_more.format(count=rest))
    sense = _sense_sentence(content, named)
    if sense:
        lines.append(sense)
    return "\n".join(lines)


def _profile_lines(content: Content, rungs: tuple[RungStatus, ...]) -> list[str]:
    texts = content.relatives_scan.result
    return [f"{r.number}. {content.rung(r.number).name}: {texts.statuses[r.status]}" for r in rungs]


def profile_picture(content: Content, position: Position, desired: int) -> dict[str, Any]:
    """The custom message the relatives' page draws as a small picture of the profile (chat.js)."""
    texts = content.relatives_scan.result
    lines = []
    for line, rung in zip(_profile_lines(content, position.profile), position.profile, strict=True):
        marks = [texts.picture_now] if rung.number == position.rung else []
        marks += [texts.picture_desired] if rung.number == desired else []
        lines.append(f"{line} ({', '.join(marks)})" if marks else line)
    return {
        "samenspraak": "profile",
        "title": texts.picture,
        "alt": f"{texts.picture} " + "; ".join(lines) + ".",
        "now_label": texts.picture_now,
        "desired_label": texts.picture_desired,
        "rungs": [
            {
                "number": r.number,
                "name": content.rung(r.number).name,
                "status": r.status,
                "label": texts.statuses[r.status],
                "now": r.number == position.rung,
                "desired": r.number == desired,
            }
            for r in position.profile
        ],
    }


def build_result(content: Content, answers: Answers, desired: int) -> ScanResult:
    """Where the collaboration stands, the profile, the wish, the weak statements and one next step."""
    scan = content.relatives_scan
    texts = scan.result
    position = ladder_position(scan, answers)
    status = {r.number: r.status for r in position.profile}
    weak = weak_items(scan, answers)
    headline = _headline(content, position, answers, weak)
    messages = [texts.intro, headline]
    profile_text = [texts.profile_title, *_profile_lines(content, position.profile)]
    if UNKNOWN in status.values():
        profile_text.append(texts.unknown_note)
    profile_index = len(messages)
    messages.append("\n".join(profile_text))
    wanted = content.rung(desired)
    wish = texts.desired.format(number=wanted.number, name=wanted.name)
    if position.rung is not None and desired <= position.rung:
        wish += " " + scan.stay_ok
    messages.append(wish)
    weakest = None
    if position.outcome == ON_RUNG:
        low = weakest_rung(position.profile)
        if low is None or low.status == GOOD:
            if not weak:  # "everything goes well" only when no answer says otherwise
                messages.append(texts.all_good)
        else:
            weakest = low.number
            messages.append(
                texts.weakest.format(
                    number=low.number, name=content.rung(low.number).name, status=texts.statuses[low.status]
                )
            )
    weak_message = _weak_message(content, weak)
    if weak_message:
        messages.append(weak_message)
    step = advice_for(content, position, desired)
    messages.append(
        texts.next_step.format(relative=step.relative) + "\n" + texts.ask_team.format(ask_team=step.ask_team)
    )
    good = strengths(scan, answers)
    if good:
        messages.append(texts.strengths.format(phrases=join_and(good, content.lang)))
    return ScanResult(
        position=position,
        desired=desired,
        advice=step,
        weakest=weakest,
        messages=tuple(messages),
        profile_index=profile_index,
        picture=profile_picture(content, position, desired),
        headline=headline,
        talk_about=tuple(item.lacking for item in weak),
    )
