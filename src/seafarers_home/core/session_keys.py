"""Names of the session entries more than one layer reads.

``OTP_SESSION_KEY``: set when a staff member passed the TOTP step this session
(``accounts.services``); read by the HTTP middleware (``accounts.middleware``), the WebSocket
consumers (``core.socket_sessions``) and the admin site."""

OTP_SESSION_KEY = "otp_verified"
