app_name = "rights"

urlpatterns: list = []
