from django.apps import AppConfig


class OfflineConfig(AppConfig):
    """The installable app at sea (issue 14 items 1-2): the web app manifest, the service
    worker that keeps a seafarer's pages for when the ship has no link, and the outbox that
    sends queued forms when a link comes back. It stores nothing on the server: the pages live
    in the browser's Cache Storage and the outbox in its IndexedDB. The short-message channel
    (items 3, 4, 6) is its own app, short_messages."""

    name = "seafarers_home.offline"
    label = "offline"
