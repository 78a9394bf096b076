"""Who the assistant is talking to: a relative (naaste) or a carer (medewerker).

The rule is Rasa-free; `actions/reader.py` applies it after every user message (custom slot
mapping of the slot `reader`). The page a message comes from decides first (the relatives' page
sends `afdeling` and `pagina: naasten`, the rehearsal page `pagina: oefenen`); then an explicit
choice (the buttons that ask who the user is send the entity `reader`); then what the user
started (the relatives' scan, or a carers' option); otherwise the reader stays what it was,
or unknown, in which case the menus ask.
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
