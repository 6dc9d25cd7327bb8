
app_name = "voyages"

urlpatterns: list = []
