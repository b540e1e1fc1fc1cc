from django.urls import path

from pavilions import views

app_name = "pavilions"

urlpatterns = [
    path("pavilions/", views.PavilionListView.as_view(), name="pavilion_list"),
    path("pavilions/<slug:slug>/", views.PavilionDetailView.as_view(), name="pavilion_detail"),
]
