app_name = "concertation"

urlpatterns: list = []
