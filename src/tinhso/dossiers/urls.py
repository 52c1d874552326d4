"""UI routes of the one-stop dossiers (mounted at /ho-so/)."""

from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("tiep-nhan/", views.ReceptionView.as_view(), name="reception"),
    path(
        "tiep-nhan/thu-tuc/",
        views.ReceptionProcedureSearchView.as_view(),
        name="reception_procedures",
    ),
    path(
        "tiep-nhan/tai-su-dung/",
        views.ReceptionReusableView.as_view(),
        name="reception_reusable",
    ),
    path("viec-cua-toi/", views.DossierQueueView.as_view(), name="queue"),
    path("<str:code>/", views.DossierDetailView.as_view(), name="detail"),
    path("<str:code>/thao-tac/", views.DossierTransitionView.as_view(), name="transition"),
    path("<str:code>/dinh-danh/", views.DossierRevealIdentityView.as_view(), name="reveal"),
    path("<str:code>/danh-gia/", views.DossierEvaluationView.as_view(), name="evaluate"),
    path("<str:code>/giay-hen/", views.SlipPrintView.as_view(), name="slip_print"),
    path("<str:code>/giay-hen.docx", views.SlipDocxView.as_view(), name="slip_docx"),
    path("<str:code>/giay-hen.pdf", views.SlipPdfView.as_view(), name="slip_pdf"),
    path("<str:code>/xin-loi.docx", views.ApologyDocxView.as_view(), name="apology_docx"),
    path("<str:code>/xin-loi.pdf", views.ApologyPdfView.as_view(), name="apology_pdf"),
]
