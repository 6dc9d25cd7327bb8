"""The activities' writes: publishing and cancelling (publishing.py), signing up, the waiting
list and its offers (signups.py), check-in and reminders (attendance.py)."""
