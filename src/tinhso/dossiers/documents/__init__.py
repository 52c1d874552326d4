"""Printed forms of a dossier (Circular 01/2018/TT-VPCP, Circular 03/2025/TT-VPCP), built
in code with python-docx in the administrative layout of Decree 30/2020/NĐ-CP (A4, Times
New Roman, the issuing body on the left, the national title and motto on the right).

* `appointment_slip_docx`: receipt and appointment slip (form 01 of both circulars), with
  the QR code of the public lookup page;
* `apology_letter_docx`: apology and new appointment (form 05 of 01/2018, form 04 of
  03/2025) for a rescheduled dossier;
* `docx_to_pdf`: a PDF through LibreOffice headless, or None when it is not installed or
  fails (callers then offer only the Word file).

The forms are always Vietnamese whatever the request language (official documents): the
texts are gettext strings rendered under `translation.override("vi")`.
"""

from __future__ import annotations

import shutil as shutil

from .apology import apology_letter_docx as apology_letter_docx
from .layout import FONT as FONT
from .pdf import PDF_TIMEOUT_SECONDS as PDF_TIMEOUT_SECONDS
from .pdf import docx_to_pdf as docx_to_pdf
from .pdf import pdf_available as pdf_available
from .pdf import soffice_path as soffice_path
from .slip import appointment_slip_docx as appointment_slip_docx
from .slip import slip_header as slip_header
from .texts import appointment_text as appointment_text
from .texts import component_form as component_form
from .texts import component_note as component_note
from .texts import limit_text as limit_text
from .texts import local as local
from .texts import lookup_url as lookup_url
from .texts import place_date as place_date
from .texts import qr_data_uri as qr_data_uri
from .texts import qr_png as qr_png

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
