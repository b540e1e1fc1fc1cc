"""Public pages of the expo-wide app (namespace ``expo``)."""

from django.urls import path

from expo import views

app_name = "expo"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "exhibitions/<slug:slug>/", views.ExhibitionDetailView.as_view(), name="exhibition_detail"
    ),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("sectors/", views.SectorListView.as_view(), name="sector_list"),
    path("sectors/<slug:slug>/", views.SectorDetailView.as_view(), name="sector_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
]
