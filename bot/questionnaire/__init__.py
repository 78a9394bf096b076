"""The flow of a questionnaire (next step, going back, changing an answer, resuming, the end) as plain objects.

- steps: the kinds of step and one step of a questionnaire;
- relatives: the relatives' quick scan (RelativesFlow, RelativesState, Stop);
- staff: the staff quick scan (StaffFlow, StaffState).

The actions in actions/ only translate between these and Rasa's forms; see docs/questionnaire.md.
"""
