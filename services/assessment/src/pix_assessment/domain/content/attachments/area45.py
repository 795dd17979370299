"""Attachments of the challenges of areas 4 and 5, and of competence 3.4 (see ../FORMAT.md).

Each generator draws its content from a fixed seed, so the file is the same on every run;
each `solve` recomputes the expected answer from what `render.read_back` gives back (rows
header first, or paragraph texts), the way a candidate would from the downloaded file.
"""
from __future__ import annotations

import random
import re

from . import Document, Paragraph, Table, attachment

# --- helpers ---------------------------------------------------------------------------------


def _number(value) -> float:
    """A cell as a number, whether it comes back as int, float or text ("1 250,5")."""
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def _whole(value: float) -> str:
    """A computed total as a candidate types it: "42" for a whole number, else "42.5"."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else str(rounded)


def _data_rows(rows: list) -> list[list]:
    """Data rows only: header dropped, blank rows skipped."""
    return [list(r) for r in rows[1:] if r and r[0] not in (None, "")]


# --- 3.4 @algorithmes5: apply a nested condition to every order --------------------------------


def shipping_fee(amount: float, member: str) -> int:
    """The algorithm the challenge shows, in pseudo-code, applied to one order."""
    if amount >= 100:
        return 0
    if member == "oui" and amount >= 50:
        return 0
    if member == "oui":
        return 3
    return 6


@attachment("commandes-livraison", solve=lambda rows: {
    "gratuites": str(sum(1 for r in _data_rows(rows) if shipping_fee(_number(r[1]), str(r[2]).strip().lower()) == 0)),
    "total": _whole(sum(shipping_fee(_number(r[1]), str(r[2]).strip().lower()) for r in _data_rows(rows))),
})
def commandes_livraison() -> Table:
    rng = random.Random(3401)
    rows = []
    # The boundaries of the conditions (exactly 100, exactly 50) are in the file on purpose.
    fixed = {3: (100, "non"), 8: (50, "oui"), 15: (50, "non"), 22: (99, "oui"), 30: (100, "oui")}
    for index in range(40):
        amount, member = fixed.get(index, (rng.randint(12, 160), rng.choice(("oui", "non", "non"))))
        rows.append((f"C-{1001 + index}", amount, member))
    return Table("commandes", "Commandes", ("Commande", "Montant (€)", "Membre"), tuple(rows))


# --- 4.1 @motsdepasse5: the IP that guessed the password ---------------------------------------


def _intruder(rows: list) -> str:
    """Among the addresses that did log in, the one with by far the most failures."""
    failures: dict[str, int] = {}
    succeeded: set[str] = set()
    for row in _data_rows(rows):
        ip, result = str(row[2]).strip(), str(row[4]).strip().lower()
        if result.startswith("succ"):
            succeeded.add(ip)
        else:
            failures[ip] = failures.get(ip, 0) + 1
    return max(succeeded, key=lambda ip: failures.get(ip, 0))


@attachment("journal-connexions", solve=_intruder)
def journal_connexions() -> Table:
    rng = random.Random(4105)
    home, work = "198.51.100.23", "203.0.113.140"
    events: list[tuple[int, int, int, str, str, str]] = []  # day, hour, minute, ip, country, result
    for day in range(11, 18):  # 11 to 17 March 2024
        for ip, hours in ((home, (7, 20)), (work, (9, 12, 14, 17))):
            if ip == work and day in (16, 17):  # weekend: no work logins
                continue
            for hour in hours:
                if rng.random() < 0.25:
                    continue
                minute = rng.randint(0, 58)
                if rng.random() < 0.12:  # a typo, then the right password a minute later
                    events.append((day, hour, minute, ip, "France", "échec"))
                    minute += 1
                events.append((day, hour, minute, ip, "France", "succès"))
    # A scan that never got in: a handful of failures, no success.
    for minute in (2, 3, 3, 4, 5):
        events.append((13, 2, minute, "192.0.2.77", "Pays-Bas", "échec"))
    # The intruder: a long run of failures in the night, then a success.
    for minute in (11, 12, 12, 13, 14, 14, 15, 16, 17):
        events.append((15, 3, minute, "198.18.4.201", "Inconnu", "échec"))
    events.append((15, 3, 18, "198.18.4.201", "Inconnu", "succès"))
    events.sort()
    rows = tuple((f"2024-03-{d:02d} {h:02d}:{m:02d}", "elise.martin", ip, country, result)
                 for d, h, m, ip, country, result in events)
    return Table("journal-connexions", "Connexions", ("Date et heure", "Compte", "Adresse IP", "Pays", "Résultat"),
                 rows)


# --- 4.2 @rgpd4: read a privacy policy -------------------------------------------------------


def _policy_answers(paragraphs: list) -> dict[str, str]:
    texts = [str(p) for p in paragraphs]
    members = next(t for t in texts if "anciens adhérents" in t)
    duration = re.search(r"(\d+)\s+ans", members)
    rights = next(t for t in texts if "exercer vos droits" in t and "@" in t)
    email = re.search(r"[\w.-]+@[\w.-]+\.\w+", rights)
    return {"duree": f"{duration[1]} ans", "contact": email[0]}


@attachment("politique-confidentialite", solve=_policy_answers)
def politique_confidentialite() -> Document:
    rng = random.Random(4204)
    years = rng.choice((3, 5))
    p, h, b = Paragraph, (lambda text: Paragraph(text, "heading1")), (lambda text: Paragraph(text, "bullet"))
    return Document("politique-confidentialite", (
        p("Politique de confidentialité du Club sportif des Tilleuls", "title"),
        p("Le Club sportif des Tilleuls, association loi de 1901, est responsable du traitement des données "
          "personnelles de ses adhérents. Cette politique explique quelles données nous collectons, pourquoi, "
          "combien de temps nous les gardons et comment exercer vos droits."),
        h("1. Données collectées"),
        b("Identité : nom, prénom, date de naissance."),
        b("Coordonnées : adresse postale, adresse électronique, numéro de téléphone."),
        b("Certificat médical d'aptitude au sport, quand la fédération l'exige."),
        b("Informations de paiement de la cotisation."),
        h("2. Finalités et bases légales"),
        p("Vos données servent à gérer votre adhésion et votre licence (exécution du contrat d'adhésion), à "
          "respecter nos obligations comptables (obligation légale) et, si vous l'avez accepté, à vous envoyer la "
          "lettre d'information du club (consentement, que vous pouvez retirer à tout moment)."),
        h("3. Durées de conservation"),
        p(f"Les données des adhérents sont conservées pendant toute la durée de l'adhésion. Les données des anciens "
          f"adhérents sont conservées {years} ans après la fin de leur dernière adhésion, puis supprimées."),
        p("Les pièces comptables, dont les justificatifs de paiement, sont conservées 10 ans, comme le prévoit "
          "la loi."),
        p("Les certificats médicaux sont supprimés à la fin de la saison sportive pour laquelle ils ont été fournis."),
        p("Les cookies de mesure d'audience de notre site sont conservés 13 mois au plus."),
        h("4. Destinataires"),
        p("Seuls les membres du bureau et la fédération sportive, pour l'établissement de la licence, ont accès à "
          "vos données. Elles ne sont jamais vendues ni transmises à des fins commerciales."),
        h("5. Vos droits"),
        p("Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation, d'opposition et de "
          "portabilité de vos données."),
        p("Pour exercer vos droits, écrivez à notre référent pour la protection des données : "
          "protection-donnees@club-tilleuls.fr, en précisant votre nom et votre numéro d'adhérent."),
        p("Pour toute autre question sur la vie du club (horaires, inscriptions, tournois), écrivez à "
          "secretariat@club-tilleuls.fr."),
        p("Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser "
          "une réclamation à la CNIL."),
    ))


# --- 4.3 @ergonomie3: a week of screen time ----------------------------------------------------

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _screen_time_answers(rows: list) -> dict[str, str]:
    data = _data_rows(rows)
    totals = {str(r[0]).strip().lower(): sum(_number(v) for v in r[1:] if v not in (None, "")) for r in data}
    return {"reseaux": _whole(sum(_number(r[1]) for r in data)), "jour": max(totals, key=totals.get)}


@attachment("temps-ecran-semaine", solve=_screen_time_answers)
def temps_ecran_semaine() -> Table:
    rng = random.Random(4303)
    rows = []
    for day in _DAYS:
        weekend = day in ("samedi", "dimanche")
        social = rng.randint(50, 95) + (30 if weekend else 0)
        video = rng.randint(20, 60) + (40 if weekend else 0)
        games = rng.randint(0, 30) + (15 if day == "samedi" else 0)
        messages = rng.randint(15, 35)
        other = rng.randint(10, 25)
        rows.append((day.capitalize(), social, video, games, messages, other))
    return Table("temps-ecran", "Temps d'écran",
                 ("Jour", "Réseaux sociaux (min)", "Vidéo (min)", "Jeux (min)", "Messagerie (min)", "Autres (min)"),
                 tuple(rows))


# --- 4.3 @sobriete4: the household's daily electricity use -------------------------------------


def _energy_answers(rows: list) -> dict[str, str]:
    data = _data_rows(rows)
    energy = {str(r[0]).strip(): _number(r[1]) * _number(r[2]) for r in data}
    return {"total": _whole(sum(energy.values())), "appareil": max(energy, key=energy.get)}


@attachment("consommation-appareils", solve=_energy_answers)
def consommation_appareils() -> Table:
    rng = random.Random(4304)
    devices = [  # name, power in watts, typical hours per day
        ("Box internet", 10, 24), ("Téléviseur", 90, 4), ("Ordinateur portable", 45, 6),
        ("Écran d'ordinateur", 25, 6), ("Console de jeux", 120, 2), ("Chargeur de téléphone", 10, 2),
        ("Enceinte connectée", 3, 24), ("Imprimante", 20, 0.5),
    ]
    rng.shuffle(devices)
    return Table("consommation-appareils", "Appareils",
                 ("Appareil", "Puissance (W)", "Utilisation par jour (h)"), tuple(devices))
