"""The staff quick scan without storage, one job per module.

- answers: reading typed answers, voting cards, the group size and the order of the halves;
- score: the group score of a round (mean and spread per statement, part and rung);
- mirror: the team's Doen score per rung beside the relatives' released figures;
- proposals: two or three change tasks for the action plan;
- messages: the chat texts (from bot/content/scan_staff.yml) filled with those figures;
- activities_csv: the action plan as CSV.

Everything here is pure: it takes counts and content and returns plain values, so it can be
tested with tables of score patterns. The names below are the package's public face.
"""

from bot.teamscan.activities_csv import ACTIVITY_CSV_COLUMNS, activities_csv
from bot.teamscan.answers import (
    MAX_GROUP_SIZE,
    WWKM,
    CardInput,
    asks_to_stop,
    ordered_items,
    parse_cards,
    parse_first_part,
    parse_group_size,
    parse_mode,
    parse_staff_answer,
    same_card_buttons,
)
from bot.teamscan.messages import own_answers_message, plan_message, score_messages, statement_message
from bot.teamscan.mirror import MIRROR_MARGIN, Mirror, MirrorRow, build_mirror
from bot.teamscan.proposals import GAIN_BELOW, MAX_PROPOSALS, Proposal, propose_tasks
from bot.teamscan.score import (
    GroupScore,
    ItemScore,
    PartScore,
    Tally,
    dutch_number,
    entry_part_people,
    group_score,
    mean_rests_on_shown_counts,
    relatives_rung_means,
    rung_means,
)

__all__ = [
    "ACTIVITY_CSV_COLUMNS",
    "GAIN_BELOW",
    "MAX_GROUP_SIZE",
    "MAX_PROPOSALS",
    "MIRROR_MARGIN",
    "WWKM",
    "CardInput",
    "GroupScore",
    "ItemScore",
    "Mirror",
    "MirrorRow",
    "PartScore",
    "Proposal",
    "Tally",
    "activities_csv",
    "asks_to_stop",
    "build_mirror",
    "dutch_number",
    "entry_part_people",
    "group_score",
    "mean_rests_on_shown_counts",
    "ordered_items",
    "own_answers_message",
    "parse_cards",
    "parse_first_part",
    "parse_group_size",
    "parse_mode",
    "parse_staff_answer",
    "plan_message",
    "propose_tasks",
    "relatives_rung_means",
    "rung_means",
    "same_card_buttons",
    "score_messages",
    "statement_message",
]
