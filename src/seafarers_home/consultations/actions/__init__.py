"""Every write of consultations: the appointment core (appointments.py: the one booking function,
cancelling, attended), clinicians' weekly hours and exceptions (availability.py) and the slots
they generate (slot_sync.py), booking, cancelling and rescheduling a consultation (booking.py),
consultation notes (notes.py), urgent consultations (urgent.py), the clinic's slots published
(clinic_slots.py) and the green channel's booking (green_channel.py). The rules and reads they
use stay in the app."""
