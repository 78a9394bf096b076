"""The staff quick scan's chat messages: a statement, the group score, the proposed action plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from bot.content import StaffScan
from bot.teamscan.answers import ordered_items
from bot.teamscan.proposals import Proposal
from bot.teamscan.score import GroupScore, Tally, dutch_number


def statement_message(scan: StaffScan, first_part: str, position: int, group_size: Optional[int] = None) -> str:
    """'Stelling X van 12 (Doen): ...' for the statement at `position` in the member's order."""
    items = ordered_items(scan, first_part)
    item = items[position]
    values = {"number": position + 1, "total": len(items), "part": scan.part(item.part).name, "text": item.text}
    if group_size is not None:
        return scan.texts["group_statement"].format(size=group_size, **values)
    return scan.texts["statement"].format(**values)


def own_answers_message(scan: StaffScan, first_part: str, answers: Mapping[str, Tally]) -> str:
    """A member's own twelve answers, in the order they answered them (only they see this)."""
    labels = {option.value: option.label for option in scan.scale}
    lines = [scan.texts["own_answers_intro"]]
    for number, item in enumerate(ordered_items(scan, first_part), start=1):
        given = [value for value, count in answers.get(item.id, {}).items() if count > 0]
        if given:
            lines.append(
                scan.texts["own_answer"].format(number=number, part=scan.part(item.part).name, label=labels[given[0]])
            )
    return "\n".join(lines)


def score_messages(scan: StaffScan, score: GroupScore, label: str, own_group: bool = False) -> list[str]:
    """The group score in the chat (a closed round's, or a group session's own cards), or why there is none."""
    texts = scan.texts
    if not score.enough:
        if score.open:
            return [texts["team_later"]]
        return [texts["too_few_closed"].format(round=label, minimum=score.minimum)]
    if own_group:
        lines = [texts["own_group_intro"].format(members=score.members)]
    else:
        lines = [texts["score_intro"].format(round=label, members=score.members)]
    for part in score.parts:
        if part.mean is None or part.spread is None:
            lines.append(texts["score_part_none"].format(part=part.name))
        else:
            lines.append(
                texts["score_part"].format(
                    part=part.name, mean=dutch_number(part.mean), agreement=scan.agreement_label(part.spread)
                )
            )
    if score.divided:
        divided = [texts["divided_intro"]] + [
            texts["divided_item"].format(
                number=i.number, text=i.text, mean=dutch_number(i.mean or 0), spread=dutch_number(i.spread or 0)
            )
            for i in score.divided
        ]
    elif all(i.spread is not None for i in score.items):
        divided = [texts["all_agree"]]
    else:
        divided = [texts["items_hidden"].format(minimum=score.minimum)]
    return ["\n".join(lines), "\n".join(divided), texts["team_question"]]


def plan_message(
    scan: StaffScan, proposals: Sequence[Proposal], tip_titles: Mapping[str, str], with_relatives: bool
) -> str:
    """The proposed change tasks with their first activity and tips, as one chat message."""
    texts = scan.texts
    parts = [texts["plan_intro"].format(relatives=texts["plan_with_relatives"] if with_relatives else "")]
    for number, proposal in enumerate(proposals, start=1):
        parts.append(
            texts["plan_task"].format(
                number=number,
                title=proposal.task.title,
                reason=proposal.reason,
                activity=proposal.task.activity,
                tips=", ".join(tip_titles.get(key, key) for key in proposal.task.tips),
            )
        )
    parts.append(texts["plan_outro"])
    return "\n\n".join(parts)
