"""Attachments of the challenges of areas 2 and 3 (competences 2.3 to 3.3; see ../FORMAT.md).

Every file is built from fixed text or a fixed seed; each `solve` recomputes the expected answer
from what is read back out of the rendered file (table rows header first, or paragraph texts).
Documents are read back as texts only, so the solvers that need to know which paragraph is a
heading take the styles from the spec and follow the order of the texts found in the file.
"""
from __future__ import annotations

import random

from . import Document, Paragraph, Table, attachment


def _int(value) -> int:
    return int(float(str(value).replace(",", ".")))


# --- 2.3 agendas: a date poll ----------------------------------------------------------------

POLL_SLOTS = ("Lundi 10 h", "Mardi 14 h", "Jeudi 9 h", "Vendredi 11 h")
POLL_PEOPLE = ("Amina", "Bruno", "Chloé", "David", "Élise", "Farid", "Gaëlle", "Hugo", "Inès", "Jules",
               "Karima", "Louis", "Maëlle", "Noé")
# Availability probability per slot, so that one slot clearly wins (checked below).
POLL_BIAS = (0.55, 0.6, 0.7, 0.4)


@attachment("sondage-reunion", solve=lambda rows: _poll_best(rows))
def sondage_reunion() -> Table:
    rng = random.Random(2322)
    rows = tuple((name, *("Oui" if rng.random() < bias else "Non" for bias in POLL_BIAS)) for name in POLL_PEOPLE)
    return Table("sondage-reunion", "Sondage", ("Participant", *POLL_SLOTS), rows)


def _poll_best(rows: list) -> dict[str, str]:
    header, data = rows[0], rows[1:]
    counts = [sum(1 for row in data if str(row[i]).strip().lower() == "oui") for i in range(1, len(header))]
    best = max(counts)
    if counts.count(best) != 1:
        raise ValueError("the poll must have a single best slot")
    slot = header[1 + counts.index(best)]
    return {"creneau": str(slot).split()[0].lower(), "nombre": str(best)}


# --- 2.3 versionnage: a version history ------------------------------------------------------

HISTORY = (  # version, date, time, author, change — in chronological order
    (1, "03/03", "09:12", "Nadia", "Création du document « Projet de jardin partagé »"),
    (2, "03/03", "11:40", "Nadia", "Ajout du paragraphe « Objectifs »"),
    (3, "04/03", "08:55", "Thomas", "Ajout du paragraphe « Calendrier »"),
    (4, "04/03", "14:20", "Lina", "Correction de l'orthographe dans « Objectifs »"),
    (5, "05/03", "10:05", "Marc", "Ajout du paragraphe « Partenaires »"),
    (6, "05/03", "16:47", "Thomas", "Ajout du paragraphe « Budget prévisionnel »"),
    (7, "06/03", "09:30", "Lina", "Ajout d'un tableau dans « Calendrier »"),
    (8, "06/03", "13:15", "Nadia", "Reformulation de l'introduction"),
    (9, "07/03", "10:42", "Marc", "Modification du paragraphe « Budget prévisionnel »"),
    (10, "07/03", "17:03", "Lina", "Suppression du paragraphe « Partenaires »"),
    (11, "10/03", "08:20", "Thomas", "Ajout du paragraphe « Communication »"),
    (12, "10/03", "11:58", "Nadia", "Mise à jour des dates dans « Calendrier »"),
    (13, "11/03", "09:07", "Marc", "Ajout d'une photo du terrain"),
    (14, "11/03", "15:36", "Lina", "Suppression du paragraphe « Budget prévisionnel »"),
    (15, "12/03", "10:10", "Thomas", "Correction de la mise en page"),
    (16, "12/03", "16:25", "Nadia", "Ajout du paragraphe « Conclusion »"),
    (17, "13/03", "09:48", "Marc", "Modification du paragraphe « Communication »"),
    (18, "13/03", "14:02", "Lina", "Relecture finale"),
)


@attachment("historique-versions", solve=lambda rows: _last_version_with(rows, "Budget prévisionnel"))
def historique_versions() -> Table:
    # Sorted by author, as a shared-drive export might be: the candidate has to re-order it.
    rows = tuple(sorted(HISTORY, key=lambda row: (row[3], row[0])))
    return Table("historique-versions", "Historique", ("Version", "Date", "Heure", "Auteur", "Modification"), rows)


def _last_version_with(rows: list, paragraph: str) -> str:
    data = rows[1:]
    deleted = [_int(r[0]) for r in data if str(r[4]).startswith("Suppression") and paragraph in str(r[4])]
    if len(deleted) != 1:
        raise ValueError("the paragraph must be deleted exactly once")
    return str(max(_int(r[0]) for r in data if _int(r[0]) < deleted[0]))


# --- 3.1 structure: an activity report with parts and sub-parts ------------------------------

REPORT_TITLE = "Rapport d'activité de la médiathèque"
REPORT = (  # (part, ((sub-part, text, control code), ...))
    ("Présentation", (
        ("Missions", "La médiathèque accueille tous les publics et prête livres, films et jeux.", "AMARRE"),
        ("Équipe", "Six salariés et une quinzaine de bénévoles assurent l'accueil.", "BALISE"),
    )),
    ("Fréquentation", (
        ("Entrées", "Le nombre d'entrées a progressé au cours de l'année.", "CARAFE"),
        ("Inscriptions", "Les nouvelles inscriptions viennent surtout des familles.", "DUVET"),
    )),
    ("Animations", (
        ("Ateliers numériques", "Des ateliers d'initiation ont lieu chaque mercredi.", "ÉCLUSE"),
        ("Heure du conte", "Les lectures pour les tout-petits font salle comble.", "LANTERNE"),
        ("Club de lecture", "Le club se réunit une fois par mois autour d'un roman.", "FOUGÈRE"),
    )),
    ("Collections", (
        ("Acquisitions", "Le budget d'achat a été consacré en priorité aux bandes dessinées.", "GIROUETTE"),
        ("Désherbage", "Les ouvrages abîmés ou périmés ont été retirés des rayons.", "HAMAC"),
    )),
    ("Partenariats", (
        ("Écoles", "Chaque classe de la commune vient deux fois par trimestre.", "IGLOO"),
    )),
    ("Perspectives", (
        ("Travaux", "L'agrandissement de l'espace jeunesse est prévu.", "JONQUILLE"),
        ("Horaires", "Une ouverture le dimanche matin est à l'étude.", "KAYAK"),
    )),
)
CODE_PREFIX = "Code de contrôle : "


def _report(filename: str, with_codes: bool) -> Document:
    paragraphs = [Paragraph(REPORT_TITLE, "title"),
                  Paragraph("Ce rapport présente l'activité de l'année écoulée.", "body")]
    for part, subparts in REPORT:
        paragraphs.append(Paragraph(part, "heading1"))
        for subpart, text, code in subparts:
            paragraphs.append(Paragraph(subpart, "heading2"))
            paragraphs.append(Paragraph(text, "body"))
            if with_codes:
                paragraphs.append(Paragraph(CODE_PREFIX + code, "body"))
    return Document(filename, tuple(paragraphs))


def _styled(spec: Document, style: str) -> set[str]:
    return {p.text for p in spec.paragraphs if p.style == style}


@attachment("rapport-titres", solve=lambda texts: _count_styled(texts, rapport_titres(), "heading1"))
def rapport_titres() -> Document:
    return _report("rapport-titres", with_codes=False)


def _count_styled(texts: list, spec: Document, style: str) -> str:
    wanted = _styled(spec, style)
    return str(sum(1 for text in texts if text in wanted))


@attachment("rapport-codes", solve=lambda texts: _code_of(texts, rapport_codes(), part=3, subpart=2))
def rapport_codes() -> Document:
    return _report("rapport-codes", with_codes=True)


def _code_of(texts: list, spec: Document, part: int, subpart: int) -> str:
    parts, subparts = _styled(spec, "heading1"), _styled(spec, "heading2")
    at = (0, 0)
    for text in texts:
        if text in parts:
            at = (at[0] + 1, 0)
        elif text in subparts:
            at = (at[0], at[1] + 1)
        elif at == (part, subpart) and text.startswith(CODE_PREFIX):
            return text[len(CODE_PREFIX):]
    raise ValueError("no control code at that place")


# --- 3.1 structure: a part title typed as a plain paragraph ----------------------------------

GUIDE_TITLE = "Guide d'accueil des bénévoles"
GUIDE = (  # (part, paragraphs, typed as a heading?)
    ("Bienvenue", ("Merci de rejoindre l'association. Ce guide rassemble ce qu'il faut savoir pour "
                   "bien commencer.",), True),
    ("Nos horaires", ("Les locaux sont ouverts du mardi au samedi, de 9 h à 18 h.",
                      "Prévenez l'équipe si vous ne pouvez pas venir à votre créneau."), True),
    ("Le matériel", ("Les clés et les badges sont remis au secrétariat.",
                     "Le matériel informatique ne doit pas quitter les locaux."), True),
    ("Sécurité", ("Repérez les issues de secours et l'emplacement de la trousse de premiers secours.",
                  "En cas d'incident, appelez le responsable de permanence."), False),
    ("Contacts utiles", ("Le secrétariat répond aux questions administratives.",
                         "Le coordinateur organise les plannings."), True),
    ("Remboursement des frais", ("Gardez vos justificatifs et remettez-les avant la fin du mois.",), True),
)


@attachment("guide-sans-style", solve=lambda texts: _untitled_part(texts, guide_sans_style()))
def guide_sans_style() -> Document:
    paragraphs = [Paragraph(GUIDE_TITLE, "title")]
    for part, texts, as_heading in GUIDE:
        paragraphs.append(Paragraph(part, "heading1" if as_heading else "body"))
        paragraphs.extend(Paragraph(text, "body") for text in texts)
    return Document("guide-benevoles", tuple(paragraphs))


def _untitled_part(texts: list, spec: Document) -> str:
    headings = _styled(spec, "heading1")
    parts = {part for part, _, _ in GUIDE}
    missing = [text for text in texts if text in parts and text not in headings]
    if len(missing) != 1:
        raise ValueError("exactly one part title must be typed without a heading style")
    return missing[0]


# --- 3.2 image: which photo can be printed at 20 × 30 cm, 300 ppi ------------------------------

PHOTOS = (  # file, width px, height px, weight KB
    ("plage.jpg", 3000, 2000, 2150),
    ("marche.jpg", 2400, 3200, 2480),
    ("portrait-mamie.jpg", 1800, 2700, 1320),
    ("montagne.jpg", 4000, 2250, 3010),
    ("fontaine.jpg", 2200, 3600, 2390),
    ("chat.jpg", 3264, 2448, 2760),
    ("velo.jpg", 1200, 1800, 640),
    ("phare.jpg", 2480, 3720, 3350),
    ("concert.jpg", 2362, 3400, 2570),
    ("foret.jpg", 5000, 2000, 3120),
)
PRINT_CM = (20, 30)
PRINT_PPI = 300


@attachment("photos-impression", solve=lambda rows: _printable(rows))
def photos_impression() -> Table:
    return Table("photos-impression", "Photos", ("Fichier", "Largeur (px)", "Hauteur (px)", "Poids (Ko)"), PHOTOS)


def _printable(rows: list) -> str:
    need_w, need_h = (round(cm / 2.54 * PRINT_PPI) for cm in PRINT_CM)
    good = [str(r[0]) for r in rows[1:] if _int(r[1]) >= need_w and _int(r[2]) >= need_h]
    if len(good) != 1:
        raise ValueError("exactly one photo must be printable")
    return good[0]


# --- 3.3 accessibilite: contrast ratios -----------------------------------------------------

COLOURS = (  # element, text colour, background colour, large text?
    ("Titre de la page", "#1A1A1A", "#FFFFFF", True),
    ("Texte courant", "#595959", "#FFFFFF", False),
    ("Texte d'aide sous les champs", "#999999", "#FFFFFF", False),
    ("Bouton « Valider »", "#FFFFFF", "#0063CB", False),
    ("Bandeau d'alerte", "#FFFFFF", "#F60700", True),
    ("Lien dans le pied de page", "#6A6AF4", "#1E1E1E", False),
    ("Mentions légales", "#767676", "#F6F6F6", False),
    ("Intertitre orange", "#FF8D00", "#FFFFFF", True),
    ("Étiquette « Nouveau »", "#FFFFFF", "#18753C", False),
    ("Texte sur fond jaune", "#3A3A3A", "#FFE552", False),
    ("Chiffre clé en vert clair", "#43B649", "#FFFFFF", True),
    ("Légende des graphiques", "#A0A0A0", "#EEEEEE", False),
)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(text: str, background: str) -> float:
    """WCAG 2 contrast ratio, rounded to 2 decimals."""
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


@attachment("contrastes", solve=lambda rows: _aa_compliant(rows))
def contrastes() -> Table:
    rows = tuple((element, text, background, "Grand (18 pt ou plus)" if large else "Normal",
                  contrast_ratio(text, background)) for element, text, background, large in COLOURS)
    return Table("contrastes", "Contrastes",
                 ("Élément", "Couleur du texte", "Couleur du fond", "Taille du texte", "Rapport de contraste"), rows)


def _aa_compliant(rows: list) -> str:
    ok = 0
    for row in rows[1:]:
        ratio = float(str(row[4]).replace(",", "."))
        threshold = 3.0 if str(row[3]).startswith("Grand") else 4.5
        if abs(ratio - threshold) < 0.1:
            raise ValueError("keep ratios away from the threshold")
        ok += ratio >= threshold
    return str(ok)
