"""Attachments of the challenges of competences 1.1 to 2.2 (see ../FORMAT.md).

Every file is built from fixed text or a seeded `random.Random`, so it is the same on every
render. Each `solve` recomputes the expected answer from what is read back out of a rendered
file (table rows header first, or paragraph texts), never from the generator's variables:
the content test thereby proves that the downloaded file really holds the answer.
All people, places of fiction and figures below are invented for the exercises.
"""
from __future__ import annotations

import random
import re
import string

from . import Document, Paragraph, Table, attachment


def _number(value) -> float:
    """A cell as a number, whether the format gave it back as int, float or text."""
    return float(str(value).replace(",", ".").replace(" ", ""))


def _integer_text(value: float) -> str:
    return str(int(round(value)))


# --- 1.3 tableur: the 419 communes of the Ain, sorted to reveal a magic word --------------

COMMUNES_COUNT = 419
MAGIC_WORD = "NUMERIQUE"

_SAINTS = ("Martin", "Denis", "Jean", "Étienne", "Paul", "Rambert", "Trivier", "Genis", "Didier", "Cyr",
           "Julien", "Maurice", "André", "Just", "Sorlin", "Germain", "Laurent", "Rémy", "Bénigne", "Nizier")
_SAINTES = ("Croix", "Julie", "Olive", "Euphémie", "Colombe", "Marie")
_STARTS = ("Mon", "Ber", "Vil", "Cha", "Bour", "Mar", "Chan", "Tré", "Lor", "Val", "Cor", "Sou", "Bre", "Fon",
           "Ro", "Gre", "Pon", "Mor", "Sau", "Ver", "Cul", "Sey", "Thoi", "Per", "Lan", "Gra", "Bel", "Mi", "Cer",
           "Bli", "Rei", "Ta", "Pé", "Châ", "Jas", "Ar", "Dor", "Ser", "Vau", "Cra")
_MIDDLES = ("", "", "", "ma", "li", "ro", "ve", "ni", "te", "lo", "ba", "gne")
_ENDS = ("ieu", "ay", "ey", "oz", "ens", "ise", "ans", "ier", "euil", "ille", "on", "ac", "ignat", "onnas",
         "ieux", "ex", "as", "ins", "od", "eyriat", "and", "et", "in", "oux", "ans")
_SUFFIXES = ("-sur-Ain", "-en-Bresse", "-en-Dombes", "-le-Château", "-les-Bains", "-sous-Roche", "-de-Veyle",
             "-en-Bugey", "-sur-Suran", "-la-Forêt", "-le-Vieux", "-sur-Saône")
_VOWELS = set("aeiouyéèâêîôû")


def _joined(*parts: str) -> str:
    """Glues syllables, slipping a consonant between two vowels so that names stay pronounceable."""
    name = ""
    for part in filter(None, parts):
        if name and name[-1] in _VOWELS and part[0] in _VOWELS:
            name += "r"
        name += part
    return name


def _commune_name(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.12:
        base = f"Saint-{rng.choice(_SAINTS)}"
    elif draw < 0.15:
        base = f"Sainte-{rng.choice(_SAINTES)}"
    else:
        base = _joined(rng.choice(_STARTS), rng.choice(_MIDDLES), rng.choice(_ENDS))
    if rng.random() < 0.25:
        base += rng.choice(_SUFFIXES)
    return base


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = _commune_name(rng)
        if name.lower() not in seen:  # case-insensitively unique, so no two rows look alike
            seen.add(name.lower())
            names.append(name)
    return names


def _unique_populations(rng: random.Random, count: int) -> list[int]:
    """Mostly villages, a few towns; all different, so that the sort order is unambiguous."""
    populations: set[int] = set()
    while len(populations) < count:
        populations.add(max(40, int(rng.lognormvariate(6.5, 1.2))))
    values = list(populations)
    rng.shuffle(values)
    return values


@attachment("communes-ain", solve=lambda rows: _communes_magic_word(rows))
def communes_ain() -> Table:
    rng = random.Random(1001)
    codes = sorted(rng.sample(range(1, 458), COMMUNES_COUNT))
    names = _unique_names(rng, COMMUNES_COUNT)
    populations = _unique_populations(rng, COMMUNES_COUNT)
    ranks = {pop: rank for rank, pop in enumerate(sorted(populations, reverse=True))}
    rows = []
    for code, name, population in zip(codes, names, populations, strict=True):
        rank = ranks[population]
        letter = MAGIC_WORD[rank] if rank < len(MAGIC_WORD) else rng.choice(string.ascii_uppercase)
        rows.append((f"01{code:03d}", name, population, letter))
    # Listed by INSEE code, as an official export would be: the candidate has to sort.
    return Table("communes-ain", "Communes", ("Code INSEE", "Commune", "Population", "Lettre"), tuple(rows))


def _communes_magic_word(rows: list) -> str:
    data = sorted(rows[1:], key=lambda row: _number(row[2]), reverse=True)
    return "".join(str(row[3]) for row in data[:len(MAGIC_WORD)])


# --- 1.3 tableur: an association's expenses, a total and an average ------------------------

_POSTES = ("Fournitures", "Location de salle", "Transport", "Goûter", "Affiches", "Matériel sportif",
           "Assurance", "Cotisation fédération")


@attachment("depenses-association", solve=lambda rows: _expenses_total_and_mean(rows))
def depenses_association() -> Table:
    rng = random.Random(1302)
    rows = []
    for month in range(1, 13):
        for _ in range(2):
            rows.append((f"{rng.randint(1, 28):02d}/{month:02d}/2024", rng.choice(_POSTES),
                         rng.randint(12, 480), rng.randint(6, 41)))
    return Table("depenses-association", "Dépenses", ("Date", "Poste", "Montant (€)", "Participants"), tuple(rows))


def _expenses_total_and_mean(rows: list) -> dict[str, str]:
    data = rows[1:]
    total = sum(_number(row[2]) for row in data)
    mean = sum(_number(row[3]) for row in data) / len(data)
    if abs(mean - int(mean) - 0.5) < 1e-9:
        raise ValueError("the average must not end in .5: rounding would be ambiguous")
    return {"total": _integer_text(total), "moyenne": _integer_text(mean)}


# --- 1.3 tableur: a column of formulas with one wrong reference -----------------------------

_PUPILS = ("Adam", "Bérénice", "Clément", "Daphné", "Élias", "Fatou", "Gabriel", "Hélène", "Ismaël", "Jade",
           "Kylian", "Lina", "Mathis", "Nour", "Oscar", "Pauline", "Quentin", "Rose")
_WRONG_ROW = 13  # the sheet row whose formula points at the wrong cells


def _average_formula(row: int) -> str:
    return f"=AVERAGE(B{row}:D{row})"


@attachment("moyennes-formules", solve=lambda rows: _row_with_wrong_formula(rows))
def moyennes_formules() -> Table:
    rng = random.Random(1305)
    rows = []
    for index, pupil in enumerate(_PUPILS):
        row = index + 2  # the header is row 1
        formula = f"=AVERAGE(B{row}:C{row})" if row == _WRONG_ROW else _average_formula(row)
        rows.append((pupil, rng.randint(5, 20), rng.randint(5, 20), rng.randint(5, 20), formula))
    return Table("moyennes-formules", "Notes", ("Élève", "Devoir 1", "Devoir 2", "Devoir 3", "Moyenne"), tuple(rows))


def _row_with_wrong_formula(rows: list) -> str:
    wrong = [str(index + 1) for index, row in enumerate(rows) if index > 0
             and str(row[4]).replace(" ", "").upper() != _average_formula(index + 1)]
    if len(wrong) != 1:
        raise ValueError(f"exactly one formula must be wrong, found rows {wrong}")
    return wrong[0]


# --- 1.3 tableur: sales by month, shop and department; a sum with three criteria ------------

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin")
_SHOPS = ("Belley", "Gex", "Nantua", "Oyonnax")
_DEPARTMENTS = ("Bricolage", "Cuisine", "Jardin")


@attachment("ventes-magasins", solve=lambda rows: _sales_of(rows, "mars", "Belley", "Jardin"))
def ventes_magasins() -> Table:
    rng = random.Random(1306)
    rows = [(rng.choice(_MONTHS), rng.choice(_SHOPS), rng.choice(_DEPARTMENTS), rng.randint(20, 900))
            for _ in range(320)]
    return Table("ventes-magasins", "Ventes", ("Mois", "Magasin", "Rayon", "Montant (€)"), tuple(rows))


def _sales_of(rows: list, month: str, shop: str, department: str) -> str:
    wanted = (month, shop, department)
    total = sum(_number(row[3]) for row in rows[1:] if tuple(str(v) for v in row[:3]) == wanted)
    return _integer_text(total)


# --- 1.3 csv: a members export to filter, a contacts list with duplicates -------------------

_FIRST_NAMES = ("Alice", "Bastien", "Camille", "Dylan", "Emma", "Florian", "Inès", "Hugo", "Jeanne", "Karim",
                "Léa", "Malik", "Nina", "Omar", "Perrine", "Rayan", "Sarah", "Théo", "Yasmine", "Zoé")
_LAST_NAMES = ("Arnaud", "Blanc", "Chevalier", "Diallo", "Faure", "Garnier", "Henry", "Lambert", "Martin",
               "Nguyen", "Perrin", "Robin", "Roux", "Simon", "Traoré", "Vidal")
_TOWNS = ("Ambérieu-en-Bugey", "Bourg-en-Bresse", "Gex", "Oyonnax", "Belley", "Montluel")
_ACTIVITIES = ("Randonnée", "Natation", "Théâtre", "Échecs", "Chorale")


@attachment("export-adherents", solve=lambda rows: str(sum(1 for row in rows[1:] if row[2] == "Oyonnax")))
def export_adherents() -> Table:
    rng = random.Random(1303)
    rows = [(rng.choice(_LAST_NAMES), rng.choice(_FIRST_NAMES), rng.choice(_TOWNS), rng.randint(1950, 2012),
             rng.choice(_ACTIVITIES)) for _ in range(150)]
    return Table("export-adherents", "Adhérents", ("Nom", "Prénom", "Ville", "Année de naissance", "Activité"),
                 tuple(rows))


def _contact(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    email = f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@exemple.fr".lower()
    phone = "06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
    return f"{first} {last}", email, phone


def _ascii(text: str) -> str:
    return text.translate(str.maketrans("éèëÉ", "eeeE")).replace(" ", "")


@attachment("contacts-doublons", solve=lambda rows: str(len({str(row[1]) for row in rows[1:]})))
def contacts_doublons() -> Table:
    rng = random.Random(1304)
    contacts: dict[str, tuple[str, str, str]] = {}
    while len(contacts) < 60:
        contact = _contact(rng)
        contacts.setdefault(contact[1], contact)
    people = list(contacts.values())
    # Merged from two address books: some people appear twice, as identical rows.
    rows = people + rng.sample(people, 17)
    rng.shuffle(rows)
    return Table("contacts-doublons", "Contacts", ("Nom", "Courriel", "Téléphone"), tuple(rows))


# --- 1.2 formats and stockage: a folder listing, a quota ------------------------------------

_IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "gif")
# Names a small association's shared folder could hold; the extension fits the name.
_FILES = ("photo-groupe.jpg", "compte-rendu-janvier.odt", "budget-2024.ods", "affiche-concert.png", "logo.png",
          "planning-benevoles.xlsx", "interview-presidente.mp3", "facture-salle.pdf", "sortie-velo-01.jpeg",
          "inscriptions.csv", "carte-itineraire.gif", "diaporama-bilan.odp", "chanson-fete.mp3", "reglement.pdf",
          "liste-adherents.ods", "plan-acces.png", "devis-traiteur.pdf", "bilan-moral.docx", "portrait-tresorier.jpg",
          "musique-fond.wav", "video-fete.mp4", "archive-2023.zip", "notes-reunion.txt", "contrat-assurance.pdf",
          "badge-benevole.gif", "programme-saison.docx", "menu-repas.odt", "sortie-velo-02.jpeg", "entete.png",
          "courrier-mairie.docx", "releve-banque.pdf", "agenda-partage.ics")


@attachment("dossier-fichiers", solve=lambda rows: str(sum(1 for row in rows[1:] if _is_image(str(row[0])))))
def dossier_fichiers() -> Table:
    rng = random.Random(1201)
    names = list(_FILES)
    rng.shuffle(names)
    rows = tuple((name, rng.randint(3, 9000), f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2024") for name in names)
    return Table("dossier-fichiers", "Dossier", ("Nom", "Taille (Ko)", "Modifié le"), rows)


def _is_image(name: str) -> bool:
    return name.rsplit(".", 1)[-1].lower() in _IMAGE_EXTENSIONS


QUOTA_MO = 5000  # stated in the challenge: « votre espace est limité à 5 000 Mo »


@attachment("espace-en-ligne", solve=lambda rows: _integer_text(QUOTA_MO - sum(_number(r[1]) for r in rows[1:])))
def espace_en_ligne() -> Table:
    rng = random.Random(1202)
    names = sorted(rng.sample(_FILES, 20))
    rows = tuple((name, rng.randint(20, 390)) for name in names)
    return Table("espace-en-ligne", "Mon espace", ("Fichier", "Taille (Mo)"), rows)


# --- 1.1 sources: an article with one unsourced figure; a study with weak points -----------

_CLAIMS = (
    ("Le nombre de vélos comptés chaque jour sur le pont de la Reyssouze a doublé entre 2019 et 2023.",
     "Source : comptages automatiques du service des mobilités de Valmont-sur-Ain, rapport 2023."),
    ("Quatre trajets domicile-travail sur dix font moins de cinq kilomètres dans la commune.",
     "Source : enquête déplacements de l'agglomération, 2022, page 14."),
    ("Les cyclistes dépensent plus dans les commerces du centre que les automobilistes.", None),
    ("La commune compte 38 kilomètres de pistes cyclables en 2024.",
     "Source : délibération du conseil municipal du 12 février 2024."),
    ("Le parc de stationnement pour vélos de la gare offre 240 places.",
     "Source : site de la commune, rubrique « Se déplacer », consulté le 3 mars 2024."),
)


@attachment("article-velo", solve=lambda texts: _unsourced_claim(texts))
def article_velo() -> Document:
    paragraphs = [
        Paragraph("Le vélo à Valmont-sur-Ain : cinq chiffres à connaître", "title"),
        Paragraph("Par la rédaction du journal municipal — publié le 15 mars 2024", "body"),
    ]
    for number, (claim, source) in enumerate(_CLAIMS, start=1):
        paragraphs.append(Paragraph(f"{number}. {claim}" + (f" ({source})" if source else ""), "body"))
    return Document("article-velo", tuple(paragraphs))


def _unsourced_claim(texts: list) -> str:
    numbered = [text for text in texts if re.match(r"^\d+\. ", text)]
    missing = [text.split(".", 1)[0] for text in numbered if "Source :" not in text]
    if len(missing) != 1:
        raise ValueError(f"exactly one claim must lack its source, found {missing}")
    return missing[0]


@attachment("etude-boisson", solve=lambda texts: _study_weak_points(texts))
def etude_boisson() -> Document:
    return Document("etude-boisson", (
        Paragraph("Communiqué : « Une boisson qui booste la concentration ! »", "title"),
        Paragraph("Selon une étude récente, 92 % des personnes interrogées se disent plus concentrées après avoir bu "
                  "la boisson Tonifor. Les résultats ont été présentés lors d'un salon professionnel.", "body"),
        Paragraph("Méthode", "heading1"),
        Paragraph("Enquête en ligne réalisée du 3 au 5 mai auprès de 12 clients inscrits à la lettre d'information "
                  "de la marque, qui ont reçu un bon de réduction pour y répondre.", "body"),
        Paragraph("Étude commandée et financée par la société Tonifor, qui fabrique et vend cette boisson.", "body"),
        Paragraph("Aucun groupe de comparaison n'a été interrogé et la question posée n'est pas publiée.", "body"),
    ))


def _study_weak_points(texts: list) -> dict[str, str]:
    body = " ".join(texts)
    size = re.search(r"auprès de (\d+) ", body)
    sponsor = re.search(r"financée par la société (\w+)", body)
    if not (size and sponsor):
        raise ValueError("the study must state its sample size and its sponsor")
    return {"effectif": size.group(1), "commanditaire": sponsor.group(1).lower()}


# --- 2.1 courriel: a message header, who gets a « Répondre à tous » -----------------------

_MAIL = (
    ("De", "Karim Benali <karim.benali@exemple.fr>"),
    ("À", "Léa Morel <lea.morel@exemple.fr>; Hugo Petit <hugo.petit@exemple.fr>"),
    ("Cc", "Inès Faure <ines.faure@exemple.fr>; Marc Roux <marc.roux@exemple.fr>; "
           "Zoé Lambert <zoe.lambert@exemple.fr>"),
    ("Cci", "Paul Girard <paul.girard@exemple.fr>"),
    ("Objet", "Préparation du forum des associations"),
)
_REPLIER = "lea.morel@exemple.fr"


@attachment("courriel-forum", solve=lambda texts: str(len(_reply_all_recipients(texts, _REPLIER))))
def courriel_forum() -> Document:
    # Shown as in the sender's « Envoyés » folder, the only place where the « Cci » line is visible.
    header = [Paragraph(f"{name} : {value}", "body") for name, value in _MAIL]
    body = [
        Paragraph("Bonjour à tous,", "body"),
        Paragraph("Le forum des associations aura lieu le samedi 7 septembre. Pouvez-vous me dire avant vendredi "
                  "qui peut tenir le stand de 9 h à 12 h ?", "body"),
        Paragraph("Merci d'avance, Karim", "body"),
    ]
    return Document("courriel-forum", (Paragraph("Message envoyé", "heading1"), *header, *body))


def _reply_all_recipients(texts: list, replier: str) -> set[str]:
    """« Répondre à tous » writes to the sender and to the « À » and « Cc » lines, never to « Cci »."""
    addresses: set[str] = set()
    for text in texts:
        field = text.split(" : ", 1)[0]
        if field in ("De", "À", "Cc"):
            addresses.update(re.findall(r"<([^>]+)>", text))
    addresses.discard(replier)
    return addresses


# --- 2.2 diffusion: sharing rights on folders ------------------------------------------------

_MEMBERS = ("Amandine", "Benoît", "Chloé", "Djibril", "Elsa", "Franck", "Gaëlle", "Hamza", "Iris", "Jonas")
_FOLDERS = ("Budget", "Photos", "Comptes rendus")


@attachment("droits-dossiers", solve=lambda rows: _sharing_answers(rows))
def droits_dossiers() -> Table:
    rng = random.Random(2204)
    rows = [("Nadia", folder, "Propriétaire") for folder in _FOLDERS]
    budget_editor = rng.choice(_MEMBERS)
    for member in _MEMBERS:
        for folder in _FOLDERS:
            if folder == "Budget":
                # Exactly one member may edit the budget, so the question has one answer.
                right = "Modification" if member == budget_editor else rng.choice(("Lecture", "Aucun accès"))
            else:
                right = rng.choice(("Lecture", "Modification", "Aucun accès"))
            rows.append((member, folder, right))
    return Table("droits-dossiers", "Partages", ("Personne", "Dossier", "Droit"), tuple(rows))


def _sharing_answers(rows: list) -> dict[str, str]:
    data = [tuple(str(v) for v in row) for row in rows[1:]]
    editors = [person for person, folder, right in data if folder == "Budget" and right == "Modification"]
    if len(editors) != 1:
        raise ValueError(f"exactly one member must edit the budget, found {editors}")
    readers = sum(1 for _, folder, right in data if folder == "Photos" and right == "Lecture")
    return {"modifier": editors[0].lower(), "lecteurs": str(readers)}


# --- 2.2 licences: an image bank with their licences -----------------------------------------

_IMAGES = (
    ("Coucher de soleil sur le lac", "Marion Lefèvre", "CC BY-NC"),
    ("Marché couvert un samedi matin", "Yanis Belkacem", "CC BY-ND"),
    ("Vélos alignés devant la gare", "Sophie Carré", "Tous droits réservés"),
    ("Champ de tournesols en été", "Lucas Moreau", "CC0 (domaine public)"),
    ("Concert dans le parc", "Aïcha Benoît", "CC BY-SA"),
    ("Sentier en forêt sous la neige", "Paul Henry", "CC BY-NC-SA"),
)


@attachment("banque-images", solve=lambda texts: _image_without_conditions(texts))
def banque_images() -> Document:
    paragraphs = [Paragraph("Images proposées pour l'affiche", "title")]
    for number, (title, author, licence) in enumerate(_IMAGES, start=1):
        text = f"Image {number} — « {title} » — auteur : {author} — licence : {licence}"
        paragraphs.append(Paragraph(text, "bullet"))
    return Document("banque-images", tuple(paragraphs))


def _image_without_conditions(texts: list) -> str:
    """The only licence allowing commercial use and changes without even naming the author is CC0."""
    found = [re.match(r"Image (\d+)", text).group(1) for text in texts
             if text.startswith("Image ") and "licence : CC0" in text]
    if len(found) != 1:
        raise ValueError(f"exactly one image must be in the public domain, found {found}")
    return found[0]
