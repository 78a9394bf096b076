"""Rehearsing with a simulated relative over REST with both servers."""

from __future__ import annotations

import re
import uuid

import requests

from actions.rehearsal import INTERRUPTIONS
from bot.content import Persona, content
from bot.rehearsal.conversation import said_to_assistant
from bot.rehearsal.moves import load_asides, load_examples, move_classifier
from bot.storage.rehearsals import RehearsalRepository
from tests.servers import ROOT, Assistant, buttons, texts
from tests.test_rehearsal import HELDOUT

PERSONAS = content().personas
GUIDE = content().walkthrough
HELDOUT_TIPS = ROOT / "tests" / "nlu" / "heldout_tips.yml"

GOOD_TURNS = [
    "Goedemiddag, ik ben Sanne en ik ben de vaste verzorgende van uw moeder hier op de afdeling.",
    "Hoe gaat het eigenlijk met u, nu uw moeder hier woont?",
    "Ik hoor dat het een zware beslissing voor u was.",
    "Vertelt u eens, wat voor iemand is uw moeder? Waar geniet ze van?",
    "Wie zijn er verder belangrijk voor haar, wie komt er allemaal op bezoek?",
    "Zullen we afspreken hoe vaak we elkaar bijpraten en hoe u ons kunt bereiken?",
]
RULES_TURNS = [
    "Goedemiddag. Eerst even de huisregels: het bezoek is tot acht uur en de was moet gemerkt zijn.",
    "U moet dit formulier nog invullen en de medicijnlijst inleveren bij de balie.",
    "Parkeren kan achter het gebouw, daar moet u wel een kaartje voor halen.",
]


def new_sender() -> str:
    return f"rehearsal-{uuid.uuid4().hex[:12]}"


def started(assistant: Assistant, persona: Persona) -> str:
    """A new carer session in a rehearsal with this persona, one good turn in."""
    sender = new_sender()
    assistant.say(sender, "/start_rehearsal")
    assistant.say(sender, persona.label)
    assistant.say(sender, GOOD_TURNS[0])
    return sender


def rehearse(assistant: Assistant, sender: str, persona_label: str, turns: list[str]) -> str:
    replies = assistant.say(sender, "ik wil een gesprek met familie oefenen")
    assert persona_label in buttons(replies), texts(replies)
    assistant.say(sender, persona_label)
    for turn in turns:
        assert texts(assistant.say(sender, turn))
    return texts(assistant.say(sender, "afronden"))


def applied(feedback: str) -> int:
    match = re.search(r"Je hebt (\d+) van de (\d+) tips toegepast", feedback)
    assert match, feedback
    return int(match.group(1))


def test_good_rehearsal_scores_clearly_higher_and_quotes_the_carer(assistant: Assistant) -> None:
    label = next(iter(PERSONAS.values())).label
    good = rehearse(assistant, new_sender(), label, GOOD_TURNS)
    rules = rehearse(assistant, new_sender(), label, RULES_TURNS)
    assert applied(good) >= applied(rules) + 3, (good, rules)
    quoted = re.findall(r'"([^"]+)"', good.split("Goed gedaan:")[1].split("Probeer ook eens")[0])
    assert quoted and all(quote in GOOD_TURNS for quote in quoted), quoted
    assert "Let op" in rules and any(f'"{turn}"' in rules for turn in RULES_TURNS)


def test_each_persona_answers_in_character_with_different_text(assistant: Assistant) -> None:
    answers = {}
    for key, persona in PERSONAS.items():
        sender = new_sender()
        assistant.say(sender, "/start_rehearsal")
        assistant.say(sender, persona.label)
        reply = texts(assistant.say(sender, "Vertelt u eens, wat voor iemand is uw vader of moeder?"))
        assert reply.startswith(f"{persona.name}:"), reply
        answers[key] = reply
    assert len(set(answers.values())) == len(answers)


def test_interrupted_by_help_and_a_tip_question_then_resumes_in_character(assistant: Assistant) -> None:
    persona = next(iter(PERSONAS.values()))
    sender = started(assistant, persona)
    replies = assistant.say(sender, "/help")
    assert "Dit kan ik voor je doen" in texts(replies)
    assert "We gaan verder met het rollenspel" in texts(replies)
    replies = assistant.say(sender, "wat is een mdo eigenlijk?")
    assert content().tips["zorgoverleg"].text in texts(replies)
    replies = assistant.say(sender, GOOD_TURNS[1])
    assert texts(replies).startswith(f"{persona.name}:")
    replies = assistant.say(sender, "hint")
    assert "Hint" in texts(replies)


def parse(assistant: Assistant, text: str) -> tuple[str | None, float]:
    intent = requests.post(f"{assistant.url}/model/parse", json={"text": text}, timeout=30).json()["intent"]
    return (intent["name"] if intent["name"] in INTERRUPTIONS else None), float(intent["confidence"])


def test_role_play_turns_and_tip_questions_are_told_apart(assistant: Assistant) -> None:
    """Held-out carer turns go to the relative; held-out tip questions go to the assistant.

    Rasa's NLU hears a tip question in most turns about relatives, so the move classifier decides.
    """
    classifier = move_classifier()
    turns = [e.text for e in load_examples(HELDOUT) if e.moves]
    questions = [e.text for e in load_asides(HELDOUT_TIPS)]
    taken = [text for text in turns if said_to_assistant(*parse(assistant, text), classifier.scores(text))]
    kept = [text for text in questions if said_to_assistant(*parse(assistant, text), classifier.scores(text))]
    print(f"\nHeld-out role-play turns taken for a request to the assistant: {len(taken)} of {len(turns)}")
    print(f"Held-out tip questions recognised as such mid-rehearsal: {len(kept)} of {len(questions)}")
    assert len(taken) <= 0.03 * len(turns), taken
    assert len(kept) >= 0.85 * len(questions)


def test_erasure_and_switching_in_the_middle_of_a_rehearsal(assistant: Assistant) -> None:
    persona = next(iter(PERSONAS.values()))
    sender = started(assistant, persona)
    assert RehearsalRepository(assistant.database_url).current(sender) is not None
    assert "Ja, verwijder alles" in buttons(assistant.say(sender, "verwijder mijn gegevens"))
    assert "verwijderd" in texts(assistant.say(sender, "ja"))
    assert RehearsalRepository(assistant.database_url).current(sender) is None

    other = new_sender()
    assistant.say(other, "/start_rehearsal")
    assistant.say(other, persona.label)
    replies = texts(assistant.say(other, "/start_walkthrough"))
    assert GUIDE.steps[0].title in replies or GUIDE.intro in replies, replies
