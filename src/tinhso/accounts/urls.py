from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/import/", views.user_import_view, name="user_import"),
    path(
        "users/import/template.xlsx",
        views.user_import_template_view,
        name="user_import_template",
    ),
    path(
        "users/import/accounts.xlsx",
        views.user_import_passwords_view,
        name="user_import_passwords",
    ),
    path("users/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_update_view, name="user_update"),
    path("users/<int:pk>/active/", views.user_set_active_view, name="user_set_active"),
    path("users/<int:pk>/password/", views.user_reset_password_view, name="user_reset_password"),
    path("users/<int:pk>/memberships/", views.membership_create_view, name="membership_create"),
    path("users/<int:pk>/tokens/", views.token_create_view, name="token_create"),
    path("memberships/<int:pk>/end/", views.membership_end_view, name="membership_end"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
