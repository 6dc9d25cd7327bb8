"""Names of the session entries more than one layer reads.

``OTP_SESSION_KEY``: set when a staff member passed the TOTP step this session
(``accounts.actions``); read only through ``accounts.two_factor.has_passed_two_factor``
(re-exported by ``permissions.roles``), which the HTTP middleware, the sign-in views, the admin
site, the API and the WebSocket middleware and consumers all call."""

OTP_SESSION_KEY = "otp_verified"
