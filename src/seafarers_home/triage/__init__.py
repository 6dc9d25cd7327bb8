"""Crisis triage of free text, one component for every channel (DOMAIN rules 2 and 8).

Public interface: ``service.triage_text`` (text in, ``TriageResult`` out), ``service.
result_for_codes`` (stored codes back to a result), ``service.reason_label``,
``context.crisis_context`` (the person's record) and ``safety`` (the explicit question)."""
