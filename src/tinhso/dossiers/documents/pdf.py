"""PDF conversion of a .docx through LibreOffice headless."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger("tinhso.dossiers.documents")

PDF_TIMEOUT_SECONDS = 60


def soffice_path() -> str | None:
    """The LibreOffice binary (`soffice`), or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes | None:
    """`data` (a .docx) converted to PDF by LibreOffice headless in a private temp dir and
    profile (so parallel conversions do not share a lock), with a timeout; None when
    LibreOffice is missing, times out or fails (logged)."""
    binary = soffice_path()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tinhso-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603  # fixed argument list, no shell
                command,
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            )
        except (subprocess.SubprocessError, OSError) as exc:
            logger.warning("docx_to_pdf_failed", extra={"error": type(exc).__name__})
            return None
        target = folder / "document.pdf"
        if not target.exists():
            logger.warning("docx_to_pdf_no_output")
            return None
        return target.read_bytes()
