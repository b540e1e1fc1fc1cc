from django.urls import path

from exhibitors import plan, views

app_name = "exhibitors"

urlpatterns = [
    path("exhibitors/", views.ExhibitorListView.as_view(), name="exhibitor_list"),
    path(
        "exhibitors/data.<str:format>", views.ExhibitorExportView.as_view(), name="exhibitor_export"
    ),
    path("exhibitors/<slug:slug>/", views.ExhibitorDetailView.as_view(), name="exhibitor_detail"),
    path("showcases/", views.ShowcaseListView.as_view(), name="showcase_list"),
    path("showcases/data.<str:format>", views.ShowcaseExportView.as_view(), name="showcase_export"),
    path("showcases/<slug:slug>/", views.ShowcaseDetailView.as_view(), name="showcase_detail"),
    path("exhibitions/<slug:slug>/plan/", plan.FloorPlanView.as_view(), name="floor_plan"),
    path("datapackage.json", views.data_package, name="datapackage"),
]
