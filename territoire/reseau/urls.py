app_name = "reseau"

urlpatterns: list = []
