"""Every write of the hotline: the live queue (queue.py) and its timers (timers.py),
callbacks (callbacks.py), the "I need help now" callback (help_now.py), call records and
the crisis protocol (records.py), the roster (roster.py), and the pages' small writes
(calls.py: a follow-up done, an audited read, a callback ringing). The rules and reads
they use stay beside them in the app (queue.py, records.py, roster.py …)."""
