"""Masks identifying details in remarks written on the English, Turkish, Polish or Arabic page.

deduce and the spaCy pipeline (bot/deidentify.py) know Dutch only, so a remark in another
language gets, after bot/masking.py's own rules (e-mail addresses, phone numbers, also in
Arabic-Indic digits), rules that need no language model:
- dates: numeric ("12/03/2024", "2024-03-12") and a day with a month name in any of the five
  languages ("3 March", "12 Mart 2024", "5 maja", "١٢ مارس");
- addresses: a street word with a name and a number in each language ("12 Baker Street",
  "Atatürk Caddesi No 5", "ul. Długa 7", "شارع النصر 14", "Kerkstraat 12") and a Dutch postcode;
- room numbers ("room 12", "oda 12", "pokój 12", "غرفة 12");
- names: a word after a form of address in any case ("mrs jones", "Pani kowalska", "السيدة فاطمة"),
  the word after an Arabic family word ("أختي مريم"), the word before a Turkish title that
  follows the name ("ayşe hanım"), every capitalised word
  inside a sentence that is no known common word, and a capitalised word that starts a sentence
  when it is a known first name or surname (deduce's lists, passed in) or another capitalised
  word follows it.
It masks rather too much than too little: a masked ordinary word costs a little readability, a
name left standing identifies a person.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.masking import NAME_MASK, NOT_PERSONS, ROOM_MASK, mask_remark

DATE_MASK = "[datum]"
ADDRESS_MASK = "[adres]"

MONTHS = (
    # English (full and short), Dutch, Turkish, Polish (nominative and genitive), Arabic
    "january february march april may june july august september october november december "
    "januari februari maart mei juni juli augustus oktober "
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık "
    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień "
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia "
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر"
).split()
DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "pazartesi salı çarşamba perşembe cuma cumartesi pazar "
    "poniedziałek wtorek środa czwartek piątek sobota niedziela"
).split()
SHORT_MONTHS = "jan feb mar apr jun jul aug sep sept oct nov dec".split()
_MONTH = (
    "(?:"
    + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(SHORT_MONTHS, key=len, reverse=True))
    + r")\.?)"
)
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th|\.)?"
DATE = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?![\w/-])"
    rf"|(?<!\w)(?i:{_DAY_NUMBER}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?)(?!\w)"
    rf"|(?<!\w)(?i:{_MONTH}\s+{_DAY_NUMBER}(?:,?\s+\d{{4}})?)(?!\w)"
)

_NUMBER = r"\d+\s?[a-zA-Z]?(?:/\d+)?"
_CAPITALISED = r"[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻÇĞİÖŞÜ][\w'’-]*"
ADDRESS = re.compile(
    # English: "12 Baker Street", "Baker Street 12"
    rf"(?:\d+\s+)?(?:{_CAPITALISED}\s+)+(?i:street|st\.|road|rd\.|avenue|ave\.|lane|drive|close|way|square)(?:\s+\d+)?"
    # Turkish: "Atatürk Caddesi No: 5", "Gül Sokak 3", "Yeni Mahallesi"
    rf"|(?:{_CAPITALISED}\s+)+(?i:caddesi|cadde|cad\.|sokağı|sokak|sok\.|mahallesi|mahalle|mah\.|bulvarı)"
    r"(?:\s+(?i:no)[:.]?\s*\d+(?:/\d+)?|\s+\d+)?"
    # Polish: "ul. Długa 7", "ulica Polna 3/5", "al. Jerozolimskie 12", "os. Słoneczne 4"
    rf"|(?<!\w)(?i:ul\.|ulica|ulicy|al\.|aleja|alei|os\.|osiedle|pl\.|plac)\s*(?:{_CAPITALISED}\s+)+{_NUMBER}"
    # Arabic: "شارع النصر 14", "حي السلام"
    r"|(?:شارع|حي|زنقة|طريق)\s+\S+(?:\s+(?:رقم\s*)?\d+)?"
    # Dutch street names (one word) with a number, and a postcode
    rf"|(?<!\w){_CAPITALISED}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad)\s+{_NUMBER}"
    r"|(?<!\w)\d{4}\s?[A-Z]{2}(?!\w)"
)
ROOM = re.compile(
    r"(?P<word>(?<!\w)(?i:room|room\s+number|oda|odası|oda\s+numarası|pokój|pokoju|pokoj|sala|sali)|غرفة|الغرفة(?:\s+رقم)?)"
    r"(?P<space>\s*)(?P<number>\d+\s?[a-zA-Z]?)(?!\w)"
)

# Forms of address after which the next word is a name, whatever its case.
ADDRESS_FORMS = (
    "mr mr. mrs mrs. ms ms. miss dr dr. doctor nurse sister "
    "pan pani pana panią panu panem pielęgniarka siostra doktor "
    "bay bayan sayın hemşire doktor "
    "السيد السيدة الحاج الحاجة الممرضة الممرض الدكتور الدكتورة الطبيب الطبيبة الأخت اسمها اسمه تدعى يدعى"
).split()
# Arabic family words ("my sister", "my father"): the next word is a name unless it is a function
# word or starts with the article ("أمي الحبيبة", "أمي في").
ARABIC_FAMILY = "أمي أبي والدتي والدي زوجي زوجتي أختي أخي ابني ابنتي بنتي جدتي جدي عمتي عمي خالتي خالي".split()
ARABIC_FUNCTION_WORDS = frozenset(
    "في من على إلى الى عن مع لا لم لن ما هي هو هم كانت كان كل قد ثم أو او و أن ان إن لكن أيضا جدا".split()
)
NAME_AFTER_FAMILY = re.compile(
    r"(?P<form>(?<!\w)(?:" + "|".join(ARABIC_FAMILY) + r"))(?P<gap>\s+)(?P<name>(?!ال)[\u0621-\u064a]+)(?!\w)"
)
# Turkish titles that follow the name: "ayşe hanım", "mehmet bey", "fatma teyze".
AFTER_NAME_TITLES = "hanım hanıma hanımın bey beye beyin abla teyze amca".split()
_FORMS = "|".join(sorted((re.escape(f) for f in ADDRESS_FORMS), key=len, reverse=True))
NAME_AFTER_FORM = re.compile(rf"(?P<form>(?<!\w)و?(?i:{_FORMS}))(?P<gap>\s+)(?P<name>[^\W\d_][\w'’-]*)")
NAME_BEFORE_TITLE = re.compile(
    r"(?<!\w)(?P<name>[^\W\d_][\w'’-]*)(?P<gap>\s+)(?P<title>(?i:"
    + "|".join(sorted(AFTER_NAME_TITLES, key=len, reverse=True))
    + r"))(?!\w)"
)
WORD = re.compile(r"[^\W\d_][\w'’-]*")
SENTENCE_END = re.compile(r"[.!?…:;\n]\s*$|^\s*$")

# Capitalised words that are no person: the pronoun "I", languages, countries, holidays, faiths
# (also bot/masking.py NOT_PERSONS), months and days, and the forms of address themselves.
COMMON_CAPITALISED = (
    frozenset(
        "i i'm i've i'd i'll english dutch turkish polish arabic moroccan netherlands holland turkey poland "
        "morocco christmas easter ramadan eid god türkçe hollanda türkiye polonya bayram ramazan kurban "
        "noel paskalya polska polski holandia holenderski wielkanoc boże bóg "
        "samenspraak".split()
    )
    | NOT_PERSONS
    | frozenset(MONTHS)
    | frozenset(DAYS)
    | frozenset(f.rstrip(".") for f in ADDRESS_FORMS)
)
# Words that often start a sentence and can also be a first name or surname in deduce's lists.
SENTENCE_STARTERS = frozenset(
    "the my our her his she he it they we you this that there what when why how very thank thanks please "
    "sometimes always never yes no good great nice but and so also if maybe everyone staff will may can "
    "annem babam eşim benim bizim çok bazen her zaman hiç evet hayır ama ve teşekkür lütfen iyi bu şu o "
    "moja mój moi nasza nasz ona on oni dziękuję proszę czasem zawsze nigdy tak nie ale bardzo dobrze to".split()
)


# Dutch function words: a remark with several of them is Dutch, whatever page it was written on.
DUTCH_WORDS = frozenset("de het een en van ik niet is dat op met voor zijn heeft wij mijn maar ook".split())


def reads_as_dutch(text: str) -> bool:
    """True when the remark is written in Dutch (at least three different Dutch function words)."""
    return len({word.lower() for word in WORD.findall(text)} & DUTCH_WORDS) >= 3


def _mask_room(match: re.Match[str]) -> str:
    return f"{match.group('word')}{match.group('space') or ' '}{ROOM_MASK}"


def _mask_after_form(match: re.Match[str]) -> str:
    name = match.group("name")
    if name.lower() in COMMON_CAPITALISED or name.lower() in SENTENCE_STARTERS:
        return match.group(0)
    return f"{match.group('form')}{match.group('gap')}{NAME_MASK}"


def _mask_after_family(match: re.Match[str]) -> str:
    if match.group("name") in ARABIC_FUNCTION_WORDS:
        return match.group(0)
    return f"{match.group('form')}{match.group('gap')}{NAME_MASK}"


def _mask_before_title(match: re.Match[str]) -> str:
    if match.group("name").lower() in SENTENCE_STARTERS:
        return match.group(0)
    return f"{NAME_MASK}{match.group('gap')}{match.group('title')}"


def _capitalised_name(word: str) -> bool:
    return word[0].isupper() and not (word.isupper() and len(word) > 1) and word.lower() not in COMMON_CAPITALISED


def _mask_capitalised(text: str, known_names: Collection[str], places: Collection[str]) -> str:
    """Capitalised words inside a sentence, and at its start when they are a known name or a full name."""
    words = list(WORD.finditer(text))
    spans = []
    for index, word in enumerate(words):
        if not _capitalised_name(word.group()) or word.group().lower() in places:
            continue
        starts_sentence = SENTENCE_END.search(text[: word.start()]) is not None
        if starts_sentence:
            low = word.group().lower()
            following = words[index + 1] if index + 1 < len(words) else None
            full_name = (
                following is not None
                and text[word.end() : following.start()] == " "
                and _capitalised_name(following.group())
            )
            if low in SENTENCE_STARTERS or not (low in known_names or full_name):
                continue
        if text[: word.start()].rfind("[") > text[: word.start()].rfind("]"):
            continue  # inside a placeholder
        spans.append((word.start(), word.end()))
    masked = text
    for start, end in reversed(spans):
        masked = masked[:start] + NAME_MASK + masked[end:]
    return re.sub(rf"{re.escape(NAME_MASK)}(?:\s+{re.escape(NAME_MASK)})+", NAME_MASK, masked)


def mask_other_language(
    text: str, known_names: Collection[str] = frozenset(), places: Collection[str] = frozenset()
) -> str:
    """A remark in English, Turkish, Polish or Arabic as the team sees it.

    `known_names`: first names and surnames, `places`: place names that stay; both in lower case
    (deduce's lists in a release, bot/masking.py mask_remarks).
    """
    masked = mask_remark(text)
    masked = DATE.sub(DATE_MASK, masked)
    masked = ADDRESS.sub(ADDRESS_MASK, masked)
    masked = ROOM.sub(_mask_room, masked)
    masked = NAME_AFTER_FORM.sub(_mask_after_form, masked)
    masked = NAME_AFTER_FAMILY.sub(_mask_after_family, masked)
    masked = NAME_BEFORE_TITLE.sub(_mask_before_title, masked)
    return _mask_capitalised(masked, known_names, places)
