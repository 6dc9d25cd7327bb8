"""A seafarer's certificate wallet (issue 12): certificates held, validity, expiry reminders."""
