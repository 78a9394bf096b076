"""Masking of identifying details in relatives' remarks: a table of Dutch cases."""

from __future__ import annotations

import pytest

from bot.masking import mask_remark

MASKED = [
    # e-mail addresses
    ("Mail mij op jan.jansen@gmail.com graag", "Mail mij op [e-mailadres] graag"),
    ("info@de-linde.nl of p.de.vries+zorg@ziggo.nl", "[e-mailadres] of [e-mailadres]"),
    # phone numbers
    ("Bel me op 06-12345678.", "Bel me op [telefoonnummer]."),
    ("mijn nummer is 06 12 34 56 78", "mijn nummer is [telefoonnummer]"),
    ("0612345678 na 18 uur", "[telefoonnummer] na 18 uur"),
    ("Vaste lijn 010-1234567", "Vaste lijn [telefoonnummer]"),
    ("bereikbaar via +31 6 1234 5678", "bereikbaar via [telefoonnummer]"),
    ("of 0031612345678", "of [telefoonnummer]"),
    ("(010) 123 45 67 is de receptie", "[telefoonnummer] is de receptie"),
    # room numbers
    ("Mijn vader ligt op kamer 12.", "Mijn vader ligt op kamer [nummer]."),
    ("Kamer 4b is vaak koud", "Kamer [nummer] is vaak koud"),
    ("k. 12 heeft geen bel", "k. [nummer] heeft geen bel"),
    ("kamernummer 203", "kamernummer [nummer]"),
    ("kamer nr. 7 en kamer nummer 8", "kamer nr. [nummer] en kamer nummer [nummer]"),
    ("kamer twaalf", "kamer [nummer]"),
    ("Ze ligt op kamer tweeëntwintig.", "Ze ligt op kamer [nummer]."),
    ("kamer honderdvijf is koud", "kamer [nummer] is koud"),
    # names after a form of address
    ("Mevrouw Jansen is erg lief.", "Mevrouw [naam] is erg lief."),
    ("meneer De Vries helpt altijd", "meneer [naam] helpt altijd"),
    ("mevr. van der Berg belde", "mevr. [naam] belde"),
    ("Dhr. Pietersen en mw. Bakker", "Dhr. [naam] en mw. [naam]"),
    ("de heer Van den Heuvel", "de heer [naam]"),
    ("groeten aan mevr.Jansen", "groeten aan mevr.[naam]"),
    ("MEVROUW JANSEN", "MEVROUW [naam]"),
    ("zuster Anja is top", "zuster [naam] is top"),
    ("Dokter Smit komt te weinig", "Dokter [naam] komt te weinig"),
    # names after a family word
    ("mijn moeder Truus eet slecht", "mijn moeder [naam] eet slecht"),
    ("Mijn vader, Henk, wil meer wandelen", "Mijn vader, [naam], wil meer wandelen"),
    ("mijn man Piet de Groot", "mijn man [naam]"),
    ("ik en mijn zus Els", "ik en mijn zus [naam]"),
    ("Onze broer Kees komt zelden", "Onze broer [naam] komt zelden"),
    ("haar dochter Linda", "haar dochter [naam]"),
    ("m'n vrouw Ans", "m'n vrouw [naam]"),
    ("verzorgende Fatima doet het goed", "verzorgende [naam] doet het goed"),
    # several kinds at once
    (
        "Mevrouw Jansen op kamer 12, bel 06-12345678 of mail a@b.nl",
        "Mevrouw [naam] op kamer [nummer], bel [telefoonnummer] of mail [e-mailadres]",
    ),
]

UNCHANGED = [
    "Mijn moeder is erg tevreden.",
    "mijn vader wil meer wandelen",
    "Mevrouw, wat fijn dat u dit vraagt.",
    "Mijn moeder En ik willen meer weten",
    "Mijn moeder En Jan willen meer weten",
    "Mijn man Ik bedoel mijn partner",
    "Haar kamer is netjes.",
    "De kamer is te warm in de zomer",
    "Kan de kamer een keer gelucht worden?",
    "Ze woont hier sinds 12-03-2024.",
    "Ik kom om 14:05 op bezoek.",
    "Ik kom al 15 jaar en betaal € 1.250,00 per maand",
    "Er zijn 3 verzorgenden op 24 bewoners.",
    "Meneer heeft het naar zijn zin.",
    "mijn zus woont in Utrecht",
    "Het eten is lekker; de zorg is goed.",
    "",
]


@pytest.mark.parametrize(("remark", "expected"), MASKED)
def test_identifying_details_are_masked(remark: str, expected: str) -> None:
    assert mask_remark(remark) == expected


@pytest.mark.parametrize("remark", UNCHANGED)
def test_ordinary_text_stays(remark: str) -> None:
    assert mask_remark(remark) == remark


def test_masking_twice_changes_nothing_more() -> None:
    for remark, _ in MASKED:
        once = mask_remark(remark)
        assert mask_remark(once) == once
