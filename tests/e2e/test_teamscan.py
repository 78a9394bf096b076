"""The staff quick scan over REST with both servers: alone and as a group, no score of an open round
for anyone alone, a group session's own score, the team lead closing the round in the chat, the
action plan, activities on the dashboard and a second round (T0 against T1)."""

from __future__ import annotations

import re
import uuid

import requests

from bot.content import staff_scan
from bot.storage.teamscan import TeamScanRepository
from bot.storage.tokens import TeamTokens
from bot.storage.units import UnitRegistry
from tests.servers import Assistant, buttons, texts
from tests.test_cli import run_cli

SCAN = staff_scan()


def new_sender() -> str:
    return f"staff-{uuid.uuid4().hex[:10]}"


def start(assistant: Assistant, sender: str, code: str, opener: str = "/start_team_scan") -> list[dict]:
    replies = assistant.say(sender, opener)
    assert "rondecode" in texts(replies), texts(replies)
    replies = assistant.say(sender, code)
    assert "Gevonden" in texts(replies), texts(replies)
    return replies


def answer_alone(
    assistant: Assistant, sender: str, code: str, answer: str = "3 Klopt grotendeels", opener: str = "/start_team_scan"
) -> list[dict]:
    replies = start(assistant, sender, code, opener)
    assert buttons(replies) == ["Alleen", "Als groep met stemkaarten"]
    replies = assistant.say(sender, "Alleen")
    replies = assistant.say(sender, "Beginnen bij Doen")
    assert "Stelling 1 van 12 (Doen)" in texts(replies) and "Weet ik niet" in buttons(replies)
    for number in range(2, 13):
        replies = assistant.say(sender, answer)
        assert f"Stelling {number} van 12" in texts(replies), texts(replies)
    return assistant.say(sender, answer)


def open_round(assistant: Assistant, unit: str) -> str:
    UnitRegistry(assistant.database_url).add(unit, f"Afdeling {unit}")
    code = run_cli(assistant.database_url, "teamscan", "open", "--unit", unit).strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    return code


def dashboard(assistant: Assistant, unit: str) -> requests.Session:
    """Logged in as the login form does: with the form's CSRF token and its login cookie."""
    browser = requests.Session()
    token = TeamTokens(assistant.database_url).create(unit, label="e2e")
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get(f"{assistant.url}/team").text)
    assert csrf is not None and "samenspraak_login" in browser.cookies
    reply = browser.post(f"{assistant.url}/team", data={"token": token, "csrf": csrf.group(1)}, allow_redirects=False)
    assert reply.status_code == 303, reply.text[:300]
    return browser


def test_six_members_alone_see_their_own_answers_never_the_open_round_score(assistant: Assistant) -> None:
    code = open_round(assistant, "TS1")
    senders = [new_sender() for _ in range(6)]
    openers = ["quick scan medewerkers", "teamscan"] + ["/start_team_scan"] * 4
    answers = ["4 Klopt helemaal", "2 Klopt een beetje", "3", "Weet ik niet", "1 Klopt niet", "3 Klopt grotendeels"]
    for sender, opener, answer in zip(senders, openers, answers, strict=True):
        result = texts(answer_alone(assistant, sender, code, answer, opener))
        label = next(o.label for o in SCAN.scale if o.label.startswith(answer) or o.label == answer)
        assert "Dit zijn je eigen antwoorden" in result and f"Stelling 12 (Mogen): {label}" in result, result
        assert "als de ronde dicht is" in result
        assert "groepsscore" not in result and "Doen:" not in result and "mensen" not in result.split("dicht")[0]
    # one answer set per person, changeable until the round closes
    replies = start(assistant, senders[0], code)
    assert "al helemaal ingevuld" in texts(replies) and "Mijn antwoorden aanpassen" in buttons(replies)
    replies = assistant.say(senders[0], "Mijn antwoorden aanpassen")
    assert "Stelling 1 van 12" in texts(replies) and "Je antwoord was: 4 Klopt helemaal" in texts(replies)
    assistant.say(senders[0], "1")
    assistant.say(senders[0], "stop")
    repository = TeamScanRepository(assistant.database_url)
    round_ = repository.round_by_code(code)
    assert round_ is not None
    members, tallies = repository.tallies(round_.id)
    assert members == 6 and tallies[SCAN.items[0].id] == {1: 2, 2: 1, 3: 2, None: 1}
    # no action plan from an open round
    plan = texts(assistant.say(senders[5], "/team_action_plan"))
    assert "Eerste activiteit" not in plan and "als de ronde dicht is" in plan
    # the dashboard of the open round: the round code and the close code, no figures
    page = dashboard(assistant, "TS1").get(f"{assistant.url}/team").text
    assert code in page and "nog open" in page and 'data-testid="members-T0">6' not in page
    run_cli(assistant.database_url, "teamscan", "close", "--unit", "TS1")
    late = new_sender()
    assistant.say(late, "/start_team_scan")
    assert "gesloten" in texts(assistant.say(late, code))


def test_a_group_session_sees_its_own_score_and_the_team_lead_closes_the_round(assistant: Assistant) -> None:
    code = open_round(assistant, "TS2")
    scribe = new_sender()
    start(assistant, scribe, code, "teamscan")
    assert "hoeveel mensen" in texts(assistant.say(scribe, "Als groep met stemkaarten")).lower()
    assert "getal van 2 tot" in texts(assistant.say(scribe, "heel veel"))
    assistant.say(scribe, "6")
    replies = assistant.say(scribe, "Beginnen bij Weten tot Mogen")
    assert "Stelling 1 van 12 (Weten)" in texts(replies) and "0 1 3 2" in texts(replies)
    assert "kon ik niet lezen" in texts(assistant.say(scribe, "0 1 e 2"))
    assert "samen 7 kaarten" in texts(assistant.say(scribe, "0 1 3 3"))
    for number in range(2, 13):
        assert f"Stelling {number} van 12" in texts(assistant.say(scribe, "0 1 3 2"))
    result = texts(assistant.say(scribe, "0 1 3 2"))
    assert "score van jullie groep (6 mensen)" in result and "Weten: 3,2" in result and "sluitcode" in result
    assert "Eerste activiteit" in texts(assistant.say(scribe, "/team_action_plan"))
    # a colleague alone meanwhile sees only their own answers
    colleague = texts(answer_alone(assistant, new_sender(), code, "2 Klopt een beetje"))
    assert "Weten:" not in colleague and "als de ronde dicht is" in colleague
    # the team lead reads the close code on the dashboard and closes the round in the chat
    page = dashboard(assistant, "TS2").get(f"{assistant.url}/team").text
    found = re.search(r'data-testid="close-code">([A-Z2-9]{8})<', page)
    assert found is not None
    lead = new_sender()
    assistant.say(lead, "teamscan")
    replies = assistant.say(lead, found.group(1))
    closed = texts(replies)
    assert "is nu gesloten" in closed and "groepsscore van ronde T0 (7 mensen)" in closed, closed
    assert "Actieplan" in buttons(replies)
    assert "Eerste activiteit" in texts(assistant.say(lead, "/team_action_plan"))
    page = dashboard(assistant, "TS2").get(f"{assistant.url}/team").text
    assert 'data-testid="members-T0">7<' in page and "Nieuwe ronde openen (T1)" in page
    # neither code does anything any more
    again = new_sender()
    assistant.say(again, "teamscan")
    assert "gesloten" in texts(assistant.say(again, code))
    assert "ken ik niet" in texts(assistant.say(again, found.group(1)))


def test_activities_and_a_second_round_on_the_dashboard(assistant: Assistant) -> None:
    code = open_round(assistant, "TS3")
    for _ in range(5):
        answer_alone(assistant, new_sender(), code, "2 Klopt een beetje")
    browser = requests.Session()

    def post(path: str, data: dict[str, str]) -> int:
        # as the forms do: with the CSRF token of the page they are on
        page = browser.get(f"{assistant.url}/team").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf is not None
        return browser.post(
            f"{assistant.url}{path}", data={**data, "csrf": csrf.group(1)}, allow_redirects=False
        ).status_code

    token = TeamTokens(assistant.database_url).create("TS3", label="e2e")
    assert post("/team", {"token": token}) == 303
    page = browser.get(f"{assistant.url}/team").text
    assert code in page and "Ronde T0 sluiten" in page
    assert post("/team/ronde", {"action": "close"}) == 303
    assert (
        post(
            "/team/activiteit",
            {
                "what": "Kennismakingsgesprek binnen twee weken",
                "responsible": "Ans",
                "participants": "EVV'ers",
                "effect": "Naasten voelen zich welkom",
                "needed": "Tijd",
                "measure": "Tellen",
                "done_by": "2027-02-01",
                "route_step": "5",
                "status": "gepland",
                "task_key": "warm_welkom",
            },
        )
        == 303
    )
    assert post("/team/activiteit/status", {"number": "1", "status": "klaar"}) == 303
    csv_text = browser.get(f"{assistant.url}/team/actieplan.csv").text
    assert csv_text == run_cli(assistant.database_url, "actions", "export", "--unit", "TS3") and "Klaar" in csv_text
    # the second round, opened on the dashboard
    assert post("/team/ronde", {"action": "open"}) == 303
    page = browser.get(f"{assistant.url}/team").text
    second = re.search(r'data-testid="round-code">([A-Z2-9]{6})<', page)
    assert second is not None and second.group(1) != code and "Ronde T1 sluiten" in page
    for _ in range(5):
        answer_alone(assistant, new_sender(), second.group(1), "4 Klopt helemaal")
    assert post("/team/ronde", {"action": "close"}) == 303
    page = browser.get(f"{assistant.url}/team").text
    assert ">T0</th>" in page and ">T1</th>" in page
    assert "Voor en na (T0 → T1)" in page and "2,0 → 4,0" in page
