"""Who may do what: the one vocabulary of roles and predicates (``roles``), the view
decorators built on it (``decorators``) and the two-factor state of WebSocket connections
(``sockets``). Web views, API endpoints and consumers ask the same predicates, and object
access helpers take a user (not a request) so that all three answer the same 404.

Imports accounts, consent and core only; every service app may import this.
"""
