"""Every write of the alerts app: raising, acknowledging and escalating an alert and its SMS
(raising.py), the press of "I need help now" (help_now.py), and the outcome that ends an alert
(outcomes.py). Routing and the live event stay in services.py."""
