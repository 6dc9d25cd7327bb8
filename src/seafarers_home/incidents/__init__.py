"""Critical incidents at sea (issue 15): one incident, the people it hit, and the response
plan that reaches each of them."""
