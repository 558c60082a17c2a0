from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("people/", views.beneficiary_list, name="beneficiary_list"),
    path("people/export/", views.beneficiary_export, name="beneficiary_export"),
    path("people/new/", views.beneficiary_register, name="beneficiary_register"),
    path("people/<int:pk>/", views.beneficiary_detail, name="beneficiary_detail"),
    path("people/<int:pk>/edit/", views.beneficiary_edit, name="beneficiary_edit"),
    path("people/<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("people/<int:pk>/merge/", views.beneficiary_merge, name="beneficiary_merge"),
    path("people/<int:pk>/household/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/head/", views.household_change_head, name="household_change_head"),
    path("households/<int:pk>/add/", views.household_add_existing, name="household_add_member"),
    path(
        "households/<int:pk>/remove/", views.household_remove_member, name="household_remove_member"
    ),
    path("imports/<int:pk>/communes/", views.import_communes, name="import_communes"),
]
