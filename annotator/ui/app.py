"""The QApplication: bundled Korean font, Korean or English UI, and where QSettings live."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from annotator.paths import resource_path

ORGANIZATION = "annotator"
APPLICATION = "annotator"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
SUPPORTED_LANGUAGES = ("en", "ko")

_loaded_families: list[str] = []


def load_fonts() -> list[str]:
    """Register the bundled NanumGothic so Hangul renders on machines without a CJK font. Idempotent."""
    if _loaded_families:
        return list(_loaded_families)
    for file_name in FONT_FILES:
        path = resource_path("fonts", file_name)
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in _loaded_families:
                    _loaded_families.append(family)
    return list(_loaded_families)


def ui_language(locale: QLocale | None = None) -> str:
    """ANNOTATOR_LANG=ko|en overrides; otherwise Korean for a Korean system locale, English for everything else."""
    override = os.environ.get("ANNOTATOR_LANG", "").strip().lower()[:2]
    if override in SUPPORTED_LANGUAGES:
        return override
    locale = locale or QLocale.system()
    return "ko" if locale.language() == QLocale.Language.Korean else "en"


def install_translator(app: QCoreApplication, language: str | None = None) -> QTranslator | None:
    """Load resources/i18n/annotator_<lang>.qm; English is the source language and needs no file."""
    language = language or ui_language()
    if language == "en":
        return None
    translator = QTranslator(app)
    qm = resource_path("i18n", f"annotator_{language}.qm")
    if not translator.load(str(qm)):
        return None
    app.installTranslator(translator)
    # Qt's own strings (OK/Cancel in standard dialogs) when the Qt translations are installed with PySide6.
    from PySide6.QtCore import QLibraryInfo

    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
    app.setProperty("annotator_language", language)
    return translator


def app_settings() -> QSettings:
    """INI settings in the per-user config folder (tests redirect it with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, set up with font and translation; reuses an existing instance (pytest-qt)."""
    app = QApplication.instance()
    created = app is None
    if created:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    families = load_fonts()
    if created:
        if families:
            font = QFont(families[0])
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
        install_translator(app)
        app.setApplicationDisplayName(QCoreApplication.translate("App", "Annotator"))
    return app
