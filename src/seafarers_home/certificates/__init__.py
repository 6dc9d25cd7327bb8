"""A seafarer's certificate wallet (issue 12): certificates held, their validity, expiry reminders."""
