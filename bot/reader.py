"""Who the assistant is talking to: a relative (naaste) or a carer (medewerker).

The rule is Rasa-free; `action_set_reader` applies it after every user message (custom slot
mapping of the slot `reader`), inside the Rasa server (addons/local_actions.py). The page a
message comes from decides first (the relatives' page sends `afdeling` and `pagina: naasten`, the
rehearsal page `pagina: oefenen`); then an explicit
choice (the buttons that ask who the user is send the entity `reader`); then what the user
started (the relatives' scan, or a carers' option); otherwise the reader stays what it was,
or unknown, in which case the menus ask.

On the relatives' page a relative stays on the relatives' path: a message read as a carers'
request (the rehearsal, the walkthrough, the staff scan, a carers' tip) is read as a relatives'
question instead (`relatives_ranking`, applied in the NLU pipeline by addons/relatives_path.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

RELATIVE = "naaste"
CARER = "medewerker"
READERS = (RELATIVE, CARER)
PAGES = {"naasten": RELATIVE, "oefenen": CARER}
RELATIVE_INTENTS = frozenset({"start_scan"})
CARER_INTENTS = frozenset({"start_rehearsal", "start_walkthrough"})
# the menu button "Tips voor medewerkers" sends the bare intent payload
CARER_PAYLOADS = frozenset({"/tip"})
# what only carers start; on the relatives' page such a message is a relatives' question
STAFF_INTENTS = frozenset(
    {
        "start_rehearsal",
        "start_walkthrough",
        "rehearsal_hint",
        "rehearsal_finish",
        "start_team_scan",
        "team_action_plan",
        "tip",
    }
)
RELATIVES_QUESTION = "vraag_naaste"


def on_relatives_page(metadata: Optional[Mapping[str, Any]]) -> bool:
    """Whether a message comes from the relatives' page (its `pagina`, or a unit in the address)."""
    metadata = metadata or {}
    page = PAGES.get(str(metadata.get("pagina") or ""))
    return page == RELATIVE or (page is None and bool(metadata.get("afdeling")))


def relatives_ranking(ranking: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """An intent ranking as read on the relatives' page: carers' intents count as a relatives' question.

    Their confidence is added to that of `vraag_naaste`; the result is sorted best first.
    """
    rows: list[dict[str, Any]] = [
        {"name": str(row.get("name")), "confidence": float(row.get("confidence") or 0)} for row in ranking
    ]
    moved = sum(float(row["confidence"]) for row in rows if row["name"] in STAFF_INTENTS)
    kept = [row for row in rows if row["name"] not in STAFF_INTENTS]
    question = next((row for row in kept if row["name"] == RELATIVES_QUESTION), None)
    if question is not None:
        question["confidence"] += moved
    elif moved > 0:
        kept.append({"name": RELATIVES_QUESTION, "confidence": moved})
    return sorted(kept, key=lambda row: -row["confidence"])


def reader_for(
    current: Optional[str],
    metadata: Optional[Mapping[str, Any]],
    intent: Optional[str],
    entities: Iterable[Mapping[str, Any]] = (),
    text: str = "",
) -> Optional[str]:
    """The reader after this message: page, explicit choice, what was started, else unchanged."""
    metadata = metadata or {}
    page = PAGES.get(str(metadata.get("pagina") or ""))
    if page is not None:
        return page
    if metadata.get("afdeling"):
        return RELATIVE
    chosen = next((e.get("value") for e in entities if e.get("entity") == "reader"), None)
    if chosen in READERS:
        return str(chosen)
    if intent in RELATIVE_INTENTS:
        return RELATIVE
    if intent in CARER_INTENTS or text.strip() in CARER_PAYLOADS:
        return CARER
    return current if current in READERS else None
