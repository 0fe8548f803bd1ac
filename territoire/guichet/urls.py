app_name = "guichet"

urlpatterns: list = []
