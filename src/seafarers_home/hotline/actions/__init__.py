"""Every write of the hotline: the live queue (queue.py) and its timers (timers.py),
callbacks (callbacks.py), the "I need help now" callback (help_now.py). The rules and reads
they use stay beside them in the app (queue.py, records.py, roster.py …)."""
